// The driver's errors in both languages, made in one place so messages stay consistent.
#pragma once

#include "camera/camera.h"

namespace gradbooth::camera {

Error camera_error(const char *code, std::string detail = {});

}  // namespace gradbooth::camera
