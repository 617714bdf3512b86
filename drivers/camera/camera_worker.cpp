#include "camera/camera_worker.h"

#include <algorithm>

namespace gradbooth::camera {

namespace {
// "Busy" from live view means we asked too soon; wait a little before asking again.
constexpr std::chrono::milliseconds kBusyPause{30};
// Battery and connection are re-read this often while the camera is open; below
// kWarnBattery the supervisor is told early (capture itself refuses lower down).
constexpr std::chrono::seconds kStatusEvery{30};
constexpr int kWarnBattery = 20;

bool loses_connection(const Error &e) {
  return e.code == errc::disconnected || e.code == errc::asleep || e.code == errc::not_found || e.code == errc::claimed ||
      e.code == errc::io;
}
}  // namespace

CameraWorker::CameraWorker(std::unique_ptr<Camera> cam, Callbacks cb, double max_fps)
    : cam_(std::move(cam)), cb_(std::move(cb)), min_period_(std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                                    std::chrono::duration<double>(1.0 / std::max(0.1, max_fps)))) {}

CameraWorker::~CameraWorker() { stop(); }

void CameraWorker::set_reconnect_backoff(std::chrono::milliseconds first, std::chrono::milliseconds max) {
  first_backoff_ = first;
  max_backoff_ = std::max(first, max);
}

void CameraWorker::start() {
  if (thread_.joinable()) return;
  {
    std::lock_guard lk(mu_);
    stop_ = false;
  }
  cam_->set_wakeup([this] {
    {
      std::lock_guard lk(mu_);
      woken_ = true;
    }
    wake_.notify_all();
  });
  thread_ = std::thread([this] { run(); });
}

void CameraWorker::stop() {
  {
    std::lock_guard lk(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
  if (cam_) cam_->set_wakeup(nullptr);
}

void CameraWorker::request_capture() {
  {
    std::lock_guard lk(mu_);
    ++pending_captures_;
  }
  wake_.notify_all();
}

void CameraWorker::set_liveview(bool on) {
  {
    std::lock_guard lk(mu_);
    liveview_ = on;
  }
  wake_.notify_all();
}

void CameraWorker::wait_for(std::chrono::steady_clock::duration d) {
  std::unique_lock lk(mu_);
  wake_.wait_for(lk, d, [this] { return stop_ || pending_captures_ > 0; });
}

bool CameraWorker::ensure_open() {
  if (open_) return true;
  {
    std::lock_guard lk(mu_);
    woken_ = false;
  }
  Status s = cam_->open();
  if (!s) {
    if (cb_.on_fault) cb_.on_fault(s.error());
    // A sleeping or unplugged camera must not be hammered (nor the log filled), but a
    // replugged one should be back within seconds; USB arrivals cut the wait short.
    backoff_ = backoff_.count() == 0 ? first_backoff_ : std::min(max_backoff_, backoff_ * 2);
    return false;
  }
  open_ = true;
  backoff_ = std::chrono::milliseconds{0};
  report_status();
  return true;
}

void CameraWorker::report_status() {
  last_status_ = std::chrono::steady_clock::now();
  auto st = cam_->status();
  if (!st) return;
  if (cb_.on_status) cb_.on_status(*st);
  if (st->battery_percent >= 0 && st->battery_percent < kWarnBattery && cb_.on_fault)
    cb_.on_fault(make_error(errc::battery_low, "The camera battery is at " + std::to_string(st->battery_percent) + "%; replace it soon.",
                            "相机电量仅剩 " + std::to_string(st->battery_percent) + "%，请尽快更换电池。"));
}

void CameraWorker::run() {
  for (;;) {
    bool capture = false, liveview = false;
    {
      std::lock_guard lk(mu_);
      if (stop_) break;
      if (pending_captures_ > 0) {
        capture = true;
        --pending_captures_;
      }
      liveview = liveview_;
    }
    if (!ensure_open()) {
      // A capture asked for while the camera is away is answered, not silently dropped.
      if (capture && cb_.on_capture) cb_.on_capture(make_error(errc::disconnected, "The camera is not connected.", "相机未连接。"));
      std::unique_lock lk(mu_);
      wake_.wait_for(lk, backoff_, [this] { return stop_ || woken_; });
      continue;
    }
    if (std::chrono::steady_clock::now() - last_status_ >= kStatusEvery) report_status();
    if (capture) {
      Result<CapturedFile> r = cam_->capture();
      if (!r && loses_connection(r.error())) {
        cam_->close();
        open_ = false;
        if (cb_.on_status) cb_.on_status(CameraStatus{});
      }
      if (cb_.on_capture) cb_.on_capture(std::move(r));
      continue;
    }
    if (!liveview) {
      std::unique_lock lk(mu_);
      wake_.wait(lk, [this] { return stop_ || pending_captures_ > 0 || liveview_; });
      continue;
    }
    const auto t0 = std::chrono::steady_clock::now();
    Result<LiveFrame> f = cam_->preview();
    if (f) {
      if (cb_.on_frame) cb_.on_frame(std::move(*f));
      wait_for(t0 + min_period_ - std::chrono::steady_clock::now());
    } else if (f.error().code == errc::busy) {
      wait_for(kBusyPause);
    } else {
      if (cb_.on_fault) cb_.on_fault(f.error());
      if (loses_connection(f.error())) {
        cam_->close();
        open_ = false;
        if (cb_.on_status) cb_.on_status(CameraStatus{});
      } else {
        wait_for(min_period_);
      }
    }
  }
  if (open_) cam_->close();
  open_ = false;
}

}  // namespace gradbooth::camera
