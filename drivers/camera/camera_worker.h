// The camera's own thread: live view at a capped rate, capture on request, reconnect with
// growing back-off. libgphoto2 is only ever called from this thread. Callbacks run on it
// too, so they must be quick (hand the data to a queue / Glib::Dispatcher).
#pragma once

#include "camera/camera.h"

#include <atomic>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace gradbooth::camera {

class CameraWorker {
public:
  struct Callbacks {
    std::function<void(LiveFrame)> on_frame;
    std::function<void(Result<CapturedFile>)> on_capture;
    std::function<void(CameraStatus)> on_status;
    std::function<void(Error)> on_fault;
  };

  CameraWorker(std::unique_ptr<Camera> cam, Callbacks cb, double max_fps = 25);
  ~CameraWorker();  // stops the thread
  CameraWorker(const CameraWorker &) = delete;
  CameraWorker &operator=(const CameraWorker &) = delete;

  void start();
  void stop();
  void request_capture();      // one capture; the result comes through on_capture
  void set_liveview(bool on);  // live view is on after start()
  // Reconnect back-off after a failed open: first wait, doubling up to max (call before start()).
  void set_reconnect_backoff(std::chrono::milliseconds first, std::chrono::milliseconds max);

private:
  void run();
  bool ensure_open();
  void report_status();
  void wait_for(std::chrono::steady_clock::duration d);

  std::unique_ptr<Camera> cam_;
  Callbacks cb_;
  std::chrono::steady_clock::duration min_period_;
  std::thread thread_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  bool woken_ = false;  // the camera said "try now" (USB device arrived)
  bool liveview_ = true;
  int pending_captures_ = 0;
  bool open_ = false;
  std::chrono::milliseconds backoff_{0};
  std::chrono::milliseconds first_backoff_{200}, max_backoff_{5000};
  std::chrono::steady_clock::time_point last_status_;
};

}  // namespace gradbooth::camera
