// libgphoto2 result codes → our typed, bilingual errors (the one translation point).
#include "camera/gphoto2_errors.h"

#include <doctest/doctest.h>

#include <gphoto2/gphoto2-port-result.h>
#include <gphoto2/gphoto2-result.h>

using namespace gradbooth::camera;

TEST_CASE("classic failures map to their stable codes with both languages") {
  struct Case {
    int gp;
    const char *code;
  } cases[] = {
      {GP_ERROR_CAMERA_BUSY, "camera.busy"},
      {GP_ERROR_IO_USB_CLAIM, "camera.claimed_by_other_process"},
      {GP_ERROR_MODEL_NOT_FOUND, "camera.not_found"},
      {GP_ERROR_IO_USB_FIND, "camera.not_found"},
      {GP_ERROR_TIMEOUT, "camera.asleep"},
      {GP_ERROR_NO_SPACE, "camera.no_card"},
      {GP_ERROR_IO_READ, "camera.disconnected"},
      {GP_ERROR_IO, "camera.disconnected"},
      {GP_ERROR_NOT_SUPPORTED, "camera.io"},
  };
  for (const auto &c : cases) {
    CAPTURE(c.gp);
    auto e = translate_gp_error(c.gp, "capture", "PTP Device Busy");
    CHECK(e.code == c.code);
    CHECK(e.message_en.find("capture") != std::string::npos);
    CHECK(e.message_zh.find("capture") != std::string::npos);
    CHECK(e.message_zh != e.message_en);
  }
}

TEST_CASE("the claimed-camera message names the usual culprit") {
  auto e = translate_gp_error(GP_ERROR_IO_USB_CLAIM, "open usb:002,005");
  CHECK(e.message_en.find("gvfs-gphoto2-volume-monitor") != std::string::npos);
  CHECK(e.message_zh.find("gvfs-gphoto2-volume-monitor") != std::string::npos);
}

TEST_CASE("only link-level failures make the driver reopen the camera") {
  CHECK(gp_error_loses_camera(GP_ERROR_IO_READ));
  CHECK(gp_error_loses_camera(GP_ERROR_TIMEOUT));
  CHECK_FALSE(gp_error_loses_camera(GP_ERROR_CAMERA_BUSY));
  CHECK_FALSE(gp_error_loses_camera(GP_ERROR_NO_SPACE));
}
