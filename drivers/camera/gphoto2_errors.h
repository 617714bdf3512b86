// The one place where libgphoto2's integer results become our errors.
#pragma once

#include "camera/camera.h"

#include <string>

namespace gradbooth::camera {

// gp_result: a GP_ERROR_* value; during: what we were doing ("capture", "open"…);
// detail: libgphoto2's own last error text, if any.
Error translate_gp_error(int gp_result, const std::string &during, const std::string &detail = {});

// True when the libgphoto2 Camera object is dead after this error and must be reopened.
bool gp_error_loses_camera(int gp_result);

}  // namespace gradbooth::camera
