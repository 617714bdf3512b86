// Everything a CameraWorker reported (frames, statuses, captures, faults, and the threads its
// callbacks ran on), kept under one lock so a test can wait for what it expects and read it back.
// Shared by the worker's unit tests (replay camera) and its integration tests (the emulator).
#pragma once

#include "camera/camera_worker.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <mutex>
#include <set>
#include <thread>
#include <vector>

namespace gradbooth::camera::testing {

class WorkerLog {
public:
  // Which frames count as good (default: a JPEG); integration tests ask for the emulator's own.
  std::function<bool(const std::vector<std::uint8_t> &)> frame_ok = [](const std::vector<std::uint8_t> &j) {
    return j.size() >= 4 && j[0] == 0xFF && j[1] == 0xD8;
  };

  // Callbacks recording into this log; it must outlive the worker.
  CameraWorker::Callbacks callbacks() {
    CameraWorker::Callbacks cb;
    cb.on_frame = [this](LiveFrame f) {
      record([&] {
        ++frames;
        if (frame_ok(f.jpeg)) ++good_frames;
      });
    };
    cb.on_capture = [this](Result<CapturedFile> r) { record([&] { captures.push_back(std::move(r)); }); };
    cb.on_status = [this](CameraStatus s) {
      record([&] {
        if (s.connected) {
          ++connected;
          battery = s.battery_percent;
        } else {
          ++disconnected;
        }
      });
    };
    cb.on_fault = [this](Error e) { record([&] { faults.push_back(std::move(e)); }); };
    return cb;
  }

  // Waits up to `limit` until pred() holds, reading the log under its lock; true when it did.
  template <typename Pred> bool wait(Pred pred, std::chrono::seconds limit = std::chrono::seconds(15)) {
    std::unique_lock lk(mu_);
    return cv_.wait_for(lk, limit, pred);
  }
  // Runs f() under the lock: reading the log from the test's thread while the worker runs.
  template <typename F> auto read(F f) {
    std::lock_guard lk(mu_);
    return f();
  }

  int frames = 0, good_frames = 0;
  int connected = 0, disconnected = 0;  // statuses
  int battery = -1;                     // from the last connected status
  std::vector<Result<CapturedFile>> captures;
  std::vector<Error> faults;
  int callbacks_run = 0;                       // of every kind
  std::set<std::thread::id> callback_threads;  // where they ran

private:
  template <typename F> void record(F f) {
    std::lock_guard lk(mu_);
    callback_threads.insert(std::this_thread::get_id());
    ++callbacks_run;
    f();
    cv_.notify_all();
  }

  std::mutex mu_;
  std::condition_variable cv_;
};

}  // namespace gradbooth::camera::testing
