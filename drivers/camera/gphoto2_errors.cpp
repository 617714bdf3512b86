#include "camera/gphoto2_errors.h"

#include "camera/errors.h"

#include <gphoto2/gphoto2-port-result.h>
#include <gphoto2/gphoto2-result.h>

namespace gradbooth::camera {

Error translate_gp_error(int r, const std::string &during, const std::string &detail) {
  std::string what = during + ": " + gp_result_as_string(r);
  if (!detail.empty()) what += " — " + detail;
  switch (r) {
  case GP_ERROR_CAMERA_BUSY:
    return camera_error(errc::busy, what);
  case GP_ERROR_IO_USB_CLAIM:
  case GP_ERROR_IO_LOCK:
    // Almost always gvfs-gphoto2-volume-monitor (or a second gphoto2) holding the interface.
    return camera_error(errc::claimed, what);
  case GP_ERROR_MODEL_NOT_FOUND:
  case GP_ERROR_IO_USB_FIND:
  case GP_ERROR_UNKNOWN_PORT:
    return camera_error(errc::not_found, what);
  case GP_ERROR_TIMEOUT:
    // A camera that stops answering mid-session has, in the field, nearly always gone to sleep.
    return camera_error(errc::asleep, what);
  case GP_ERROR_NO_SPACE:
    return camera_error(errc::no_card, what);
  case GP_ERROR_IO:
  case GP_ERROR_IO_INIT:
  case GP_ERROR_IO_READ:
  case GP_ERROR_IO_WRITE:
  case GP_ERROR_IO_UPDATE:
  case GP_ERROR_IO_USB_CLEAR_HALT:
  case GP_ERROR_OS_FAILURE:
    return camera_error(errc::disconnected, what);
  default:
    return camera_error(errc::io, what);
  }
}

bool gp_error_loses_camera(int r) {
  switch (r) {
  case GP_ERROR_IO:
  case GP_ERROR_IO_INIT:
  case GP_ERROR_IO_READ:
  case GP_ERROR_IO_WRITE:
  case GP_ERROR_IO_UPDATE:
  case GP_ERROR_IO_USB_CLEAR_HALT:
  case GP_ERROR_IO_USB_FIND:
  case GP_ERROR_OS_FAILURE:
  case GP_ERROR_TIMEOUT:
    return true;
  default:
    return false;
  }
}

}  // namespace gradbooth::camera
