// The table of camera families (drivers/camera/camera_bodies.cpp): which row a camera's own
// DeviceInfo picks, and which libgphoto2 messages mean "could not focus" for it.
#include "camera/camera.h"
#include "camera/camera_bodies.h"
#include "camera/errors.h"

#include <doctest/doctest.h>

#include <string>

using namespace gradbooth::camera;

TEST_CASE("a camera's manufacturer and model pick its row") {
  CHECK(std::string(camera_body("Canon Inc.", "Canon EOS 5D Mark IV").family) == "Canon EOS");
  CHECK(std::string(camera_body("Canon Inc.", "Canon EOS R5").family) == "Canon EOS");
  CHECK(std::string(camera_body("Nikon Corporation", "D7200").family) == "Nikon");
  // A Canon compact is not an EOS: it gets the generic row, not EOS assumptions.
  CHECK(std::string(camera_body("Canon Inc.", "Canon PowerShot G7 X").family) == "PTP camera");
  CHECK(std::string(camera_body("", "").family) == "PTP camera");
  // Only the EOS row shoots from live view and has libgphoto2 name its shots.
  CHECK(camera_body("Canon Inc.", "Canon EOS 5D Mark IV").end_liveview_widget == nullptr);
  CHECK(camera_body("Canon Inc.", "Canon EOS 5D Mark IV").names_made_up_by_host);
  CHECK(std::string(camera_body("Nikon Corporation", "D7200").end_liveview_widget) == "viewfinder");
  CHECK_FALSE(camera_body("Nikon Corporation", "D7200").names_made_up_by_host);
  // Both families choose libgphoto2's own "Internal RAM" capture target.
  CHECK(std::string(camera_body("Canon Inc.", "Canon EOS 5D Mark IV").capture_target_ram) == "Internal RAM");
  CHECK(std::string(camera_body("Nikon Corporation", "D7200").capture_target_widget) == "capturetarget");
}

TEST_CASE("libgphoto2's no-focus messages are recognised per family, other failures are not") {
  const CameraBody &eos = camera_body("Canon Inc.", "Canon EOS 5D Mark IV");
  const CameraBody &nikon = camera_body("Nikon Corporation", "D7200");
  CHECK(is_focus_failure(eos, "Canon EOS Capture failed to release: Perhaps no focus?"));
  CHECK(is_focus_failure(eos, "PTP I/O error; Canon EOS Capture failed to release: Perhaps no focus?"));
  CHECK_FALSE(is_focus_failure(eos, "Canon EOS Full-Press failed"));
  CHECK_FALSE(is_focus_failure(eos, ""));
  CHECK(is_focus_failure(nikon, "Out of Focus"));
  CHECK_FALSE(is_focus_failure(nikon, "Canon EOS Capture failed to release: Perhaps no focus?"));
  CHECK_FALSE(is_focus_failure(nikon, "Device Busy"));
}

TEST_CASE("camera.focus_failed says so in both languages") {
  const gradbooth::Error e = camera_error(errc::focus_failed);
  CHECK(e.code == "camera.focus_failed");
  CHECK(e.message_en.find("could not focus") != std::string::npos);
  CHECK(e.message_zh.find("相机无法对焦") != std::string::npos);
}
