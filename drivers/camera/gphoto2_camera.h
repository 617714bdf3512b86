// The libgphoto2 camera: a DSLR on USB or PTP/IP through the stock ptp2 driver. Every call
// happens on the thread that drives this object (CameraWorker's). Its jobs live in three files:
// gphoto2_camera.cpp (connection: open, reconnect, errors), gphoto2_capture.cpp (live view,
// capture and download), gphoto2_widgets.cpp (the body's settings: battery, capture target).
#pragma once

#include "camera/camera.h"
#include "camera/camera_bodies.h"
#include "camera/gphoto2_handles.h"
#include "camera/usb_hotplug.h"

#include <chrono>
#include <csignal>
#include <memory>
#include <optional>
#include <set>
#include <string>

#include <pthread.h>
#include <time.h>

namespace gradbooth::camera::gp {

// How long a failing call must have waited before we blame sleep rather than a lost link.
constexpr std::chrono::milliseconds kSilentPeer{1500};

// libgphoto2's PTP/IP code write()s to its sockets; when the camera has gone, the kernel
// answers with SIGPIPE, whose default action kills the whole booth. Block it on the calling
// thread for the duration of each call (write then fails with EPIPE, which libgphoto2
// reports as an I/O error) and swallow the pending signal before unblocking.
class SigpipeGuard {
public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_, nullptr, &zero) > 0) {}
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

private:
  sigset_t pipe_, old_;
};

class Gphoto2Camera final : public Camera {
public:
  Gphoto2Camera(std::string port, std::string model, Gphoto2Options opts);
  ~Gphoto2Camera() override { close(); }

  void set_wakeup(std::function<void()> wake) override;
  Status open() override;
  void close() override;
  Result<CameraStatus> status() override;
  Result<LiveFrame> preview() override;
  Result<CapturedFile> capture() override;

private:
  // Connection (gphoto2_camera.cpp).
  static void on_context_error(GPContext *, const char *text, void *self);
  Error fail(int r, const std::string &during);
  Status autodetect(std::string &port, std::string &model);
  Status set_abilities(::Camera *cam, const std::string &model);
  Status set_port(::Camera *cam, const std::string &port);
  // Settings (gphoto2_widgets.cpp).
  gp::WidgetPtr widget(const char *name);
  std::optional<std::string> text_config(const char *name);
  void read_battery();
  void ensure_capture_target();
  void set_toggle(const char *name, int value);
  // Capture (gphoto2_capture.cpp).
  Status check_storage();
  Status drain_events();
  Result<CameraFilePath> wait_for_new_file();
  Result<CapturedFile> download(const CameraFilePath &path);

  std::string port_, model_;
  Gphoto2Options opts_;
  gp::ContextPtr ctx_;
  gp::CameraPtr cam_;
  std::string last_error_;
  CameraStatus status_;
  std::string remembered_model_;
  bool in_liveview_ = false;
  std::chrono::steady_clock::time_point call_started_;  // start of the libgphoto2 call now failing
  std::unique_ptr<UsbHotplug> hotplug_;
  std::set<std::string> delivered_;                // folder/name of every file already handed out or stale
  const CameraBody *body_ = &camera_body("", "");  // what differs for this family (camera_bodies.h)
  std::size_t last_fingerprint_ = 0;               // of the last shot handed out (bodies whose names say nothing)
};

// libgphoto2's debug log on stderr when GRADBOOTH_CAMERA_DEBUG is set (it is very chatty).
void enable_debug_log_once();

}  // namespace gradbooth::camera::gp
