// Which emulated body a camera test runs against: GRADBOOTH_CAMERA_VENDOR=nikon|canon (meson
// registers each camera test once per vendor), and what that body looks like from the host.
#pragma once

#include <cstdlib>
#include <string>
#include <vector>

namespace gradbooth::camera::testing {

struct BodyUnderTest {
  std::string vendor;         // the emulator's --vendor
  std::string model, serial;  // what DeviceInfo says
  std::string name_prefix;    // how the driver's CapturedFile::name starts
  std::string freed;          // journal line when the shot leaves the camera: card file deleted
                              // (Nikon) or RAM buffer released after the transfer (EOS)
  int live_busy_outlasting;   // busy answers that outlast libgphoto2's own live-view retries
                              // (Nikon: 20 tries; EOS: about 3 s of growing pauses)
  std::string wlan_model;     // libgphoto2's own PTP/IP entry for this family

  bool canon() const { return vendor == "canon"; }

  // The battery level the host reads for an emulator --battery PCT: Nikon reports the
  // percentage; EOS five steps (Low, 25, 50, 75, 100), "Low" read by the driver as 5 %.
  int battery_shown(int percent) const {
    if (!canon()) return percent;
    if (percent >= 88) return 100;
    if (percent >= 63) return 75;
    if (percent >= 38) return 50;
    if (percent >= 13) return 25;
    return 5;
  }

  std::vector<std::string> emulator_args() const { return {"--vendor", vendor}; }
};

inline BodyUnderTest body_under_test() {
  const char *v = std::getenv("GRADBOOTH_CAMERA_VENDOR");
  const std::string vendor = v && *v ? v : "nikon";
  if (vendor == "canon") return {"canon", "Canon EOS 5D Mark IV", "083021001234", "capt", "RELEASED", 45, "Canon EOS (WLAN)"};
  return {"nikon", "GB-EMU D1", "GB0000001", "DSC_", "DELETED", 25, "Nikon DSLR (WLAN)"};
}

}  // namespace gradbooth::camera::testing
