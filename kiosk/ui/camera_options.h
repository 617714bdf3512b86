// [camera] → the gphoto2 driver's options. Header-only so the booth's test checks the mapping
// without a display.
#pragma once

#include "camera/camera.h"
#include "core/config.h"

#include <chrono>

namespace gradbooth::ui {

inline camera::Gphoto2Options gphoto2_options(const core::CameraConfig &c) {
  camera::Gphoto2Options o;
  o.capture_timeout = std::chrono::milliseconds(c.capture_timeout_ms);
  o.busy_retries = c.busy_retries;
  o.low_battery_percent = c.low_battery_percent;
  return o;
}

}  // namespace gradbooth::ui
