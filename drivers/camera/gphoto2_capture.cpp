// Live view, capture and download: the calls that move pictures off the body.
#include "camera/gphoto2_camera.h"

#include "camera/errors.h"
#include "camera/gphoto2_errors.h"

#include <cstdlib>
#include <string_view>
#include <thread>

namespace gradbooth::camera::gp {

namespace {

void free_event_data(CameraEventType type, void *data) {
  // FILE_ADDED / FOLDER_ADDED / FILE_CHANGED carry a malloc'ed CameraFilePath, UNKNOWN a string.
  (void)type;
  std::free(data);
}

}  // namespace

Result<LiveFrame> Gphoto2Camera::preview() {
  SigpipeGuard no_sigpipe;
  if (!cam_) {
    if (Status s = open(); !s) return s.error();
  }
  last_error_.clear();  // only this call's messages explain its failure
  gp::FilePtr file = gp::new_file();
  call_started_ = std::chrono::steady_clock::now();
  if (int r = gp_camera_capture_preview(cam_.get(), file.get(), ctx_.get()); r < GP_OK) return fail(r, "live view");
  in_liveview_ = true;
  LiveFrame f;
  f.at = std::chrono::steady_clock::now();
  const char *data = nullptr;
  unsigned long size = 0;
  gp_file_get_data_and_size(file.get(), &data, &size);
  // When the body stays busy past libgphoto2's own ~20 retries, it returns GP_OK with an
  // empty file; that is a busy camera, not a frame.
  if (size < 4 || static_cast<unsigned char>(data[0]) != 0xFF || static_cast<unsigned char>(data[1]) != 0xD8)
    return camera_error(errc::busy, "live view returned no frame");
  f.jpeg.assign(reinterpret_cast<const std::uint8_t *>(data), reinterpret_cast<const std::uint8_t *>(data) + size);
  return f;
}

Result<CapturedFile> Gphoto2Camera::capture() {
  SigpipeGuard no_sigpipe;
  if (!cam_) {
    if (Status s = open(); !s) return s.error();
  }
  last_error_.clear();
  read_battery();
  if (status_.battery_percent >= 0 && status_.battery_percent < opts_.low_battery_percent)
    return camera_error(errc::battery_low, std::to_string(status_.battery_percent) + "%");
  if (Status s = check_storage(); !s) return s.error();
  ensure_capture_target();  // some bodies revert it silently (power cycle, menu use)
  if (in_liveview_ && body_->end_liveview_widget) {
    // Some bodies keep the mirror up after live view and the shot fails or goes black.
    set_toggle(body_->end_liveview_widget, 0);
    in_liveview_ = false;
  }
  if (Status s = drain_events(); !s) return s.error();

  int r = GP_OK;
  for (int attempt = 0; attempt <= opts_.busy_retries; ++attempt) {
    call_started_ = std::chrono::steady_clock::now();
    last_error_.clear();
    r = gp_camera_trigger_capture(cam_.get(), ctx_.get());
    if (r != GP_ERROR_CAMERA_BUSY) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50 * (attempt + 1)));
  }
  if (r < GP_OK && is_focus_failure(*body_, last_error_)) {
    // Nothing was shot and the link is fine: the student simply retakes.
    const std::string detail = std::move(last_error_);
    last_error_.clear();
    return camera_error(errc::focus_failed, detail);
  }
  if (r < GP_OK) return fail(r, "trigger");

  Result<CameraFilePath> path = wait_for_new_file();
  if (!path) return path.error();
  return download(*path);
}

// The file in hand, checked against the last one for bodies whose file names say nothing.
Result<CapturedFile> Gphoto2Camera::download(const CameraFilePath &path) {
  const std::string key = std::string(path.folder) + "/" + path.name;
  gp::FilePtr file = gp::new_file();
  call_started_ = std::chrono::steady_clock::now();
  const int r = gp_camera_file_get(cam_.get(), path.folder, path.name, GP_FILE_TYPE_NORMAL, file.get(), ctx_.get());
  if (r < GP_OK) return fail(r, "download " + key);
  CapturedFile out;
  out.name = path.name;
  const char *data = nullptr;
  unsigned long size = 0;
  gp_file_get_data_and_size(file.get(), &data, &size);
  out.bytes.assign(reinterpret_cast<const std::uint8_t *>(data), reinterpret_cast<const std::uint8_t *>(data) + size);
  delivered_.insert(key);
  if (body_->names_made_up_by_host) {
    // The name is libgphoto2's, new every time; an old shot announced again shows only in
    // its bytes. Two real shots are never byte-identical (time stamps, sensor noise).
    const std::size_t fingerprint =
        std::hash<std::string_view>{}(std::string_view(reinterpret_cast<const char *>(out.bytes.data()), out.bytes.size()));
    if (fingerprint == last_fingerprint_) return camera_error(errc::file_mismatch, key + " has the bytes of the previous shot");
    last_fingerprint_ = fingerprint;
  }
  // The file is in hand; a failed delete only leaves it on the card, so it is not an error.
  if (int d = gp_camera_file_delete(cam_.get(), path.folder, path.name, ctx_.get()); d < GP_OK) {
    if (gp_error_loses_camera(d)) close();
  }
  return out;
}

Status Gphoto2Camera::check_storage() {
  CameraStorageInformation *info = nullptr;
  int n = 0;
  const int r = gp_camera_get_storageinfo(cam_.get(), &info, &n, ctx_.get());
  std::free(info);
  if (r == GP_ERROR_NOT_SUPPORTED) return {};  // the driver cannot tell; let the shot decide
  if (r < GP_OK) return fail(r, "storage");
  if (n == 0) return camera_error(errc::no_card);
  return {};
}

// Events queued before our trigger belong to earlier shots (or a photographer pressing the
// shutter by hand); swallow them so the file we download is this trigger's own.
Status Gphoto2Camera::drain_events() {
  for (int i = 0; i < 50; ++i) {
    CameraEventType type;
    void *data = nullptr;
    call_started_ = std::chrono::steady_clock::now();
    const int r = gp_camera_wait_for_event(cam_.get(), 0, &type, &data, ctx_.get());
    if (r < GP_OK) return fail(r, "events");
    if (type == GP_EVENT_FILE_ADDED && data) {
      const auto *p = static_cast<CameraFilePath *>(data);
      delivered_.insert(std::string(p->folder) + "/" + p->name);
    }
    free_event_data(type, data);
    if (type == GP_EVENT_TIMEOUT) break;
  }
  return {};
}

Result<CameraFilePath> Gphoto2Camera::wait_for_new_file() {
  const auto deadline = std::chrono::steady_clock::now() + opts_.capture_timeout;
  for (;;) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
    if (left.count() <= 0) return camera_error(errc::timeout);
    CameraEventType type;
    void *data = nullptr;
    call_started_ = std::chrono::steady_clock::now();
    const int r = gp_camera_wait_for_event(cam_.get(), static_cast<int>(std::min<long long>(left.count(), 500)), &type, &data, ctx_.get());
    if (r < GP_OK) return fail(r, "wait for the picture");
    if (type == GP_EVENT_FILE_ADDED && data) {
      CameraFilePath p = *static_cast<CameraFilePath *>(data);
      free_event_data(type, data);
      if (delivered_.count(std::string(p.folder) + "/" + p.name))
        return camera_error(errc::file_mismatch, std::string(p.folder) + "/" + p.name);
      return p;
    }
    free_event_data(type, data);
  }
}

}  // namespace gradbooth::camera::gp
