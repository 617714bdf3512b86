#include "camera/gphoto2_errors.h"

#include "camera/errors.h"

#include <gphoto2/gphoto2-port-result.h>
#include <gphoto2/gphoto2-result.h>

namespace gradbooth::camera {

namespace {

// What each libgphoto2 result means to the booth; anything not listed is a plain I/O error
// that leaves the camera open.
struct GpResult {
  int result;
  const char *code;
  bool loses_camera;  // the libgphoto2 Camera object is dead and must be reopened
};

constexpr GpResult kResults[] = {
    {GP_ERROR_CAMERA_BUSY, errc::busy, false},
    // Almost always gvfs-gphoto2-volume-monitor (or a second gphoto2) holding the interface.
    {GP_ERROR_IO_USB_CLAIM, errc::claimed, false},
    {GP_ERROR_IO_LOCK, errc::claimed, false},
    {GP_ERROR_MODEL_NOT_FOUND, errc::not_found, false},
    {GP_ERROR_IO_USB_FIND, errc::not_found, true},
    {GP_ERROR_UNKNOWN_PORT, errc::not_found, false},
    // A camera that stops answering mid-session has, in the field, nearly always gone to sleep.
    {GP_ERROR_TIMEOUT, errc::asleep, true},
    {GP_ERROR_NO_SPACE, errc::no_card, false},
    {GP_ERROR_IO, errc::disconnected, true},
    {GP_ERROR_IO_INIT, errc::disconnected, true},
    {GP_ERROR_IO_READ, errc::disconnected, true},
    {GP_ERROR_IO_WRITE, errc::disconnected, true},
    {GP_ERROR_IO_UPDATE, errc::disconnected, true},
    {GP_ERROR_IO_USB_CLEAR_HALT, errc::disconnected, true},
    {GP_ERROR_OS_FAILURE, errc::disconnected, true},
};

const GpResult *find(int r) {
  for (const auto &g : kResults)
    if (g.result == r) return &g;
  return nullptr;
}

}  // namespace

Error translate_gp_error(int r, const std::string &during, const std::string &detail) {
  std::string what = during + ": " + gp_result_as_string(r);
  if (!detail.empty()) what += " — " + detail;
  const GpResult *g = find(r);
  return camera_error(g ? g->code : errc::io, what);
}

bool gp_error_loses_camera(int r) {
  const GpResult *g = find(r);
  return g && g->loses_camera;
}

}  // namespace gradbooth::camera
