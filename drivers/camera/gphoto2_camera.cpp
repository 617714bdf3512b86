#include "camera/camera.h"
#include "camera/errors.h"

namespace gradbooth::camera {
// Placeholder: replaced by the libgphoto2 implementation.
std::unique_ptr<Camera> make_gphoto2_camera(std::string, std::string) { return nullptr; }
}  // namespace gradbooth::camera
