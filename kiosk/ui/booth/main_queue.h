// Work handed to the main thread. Device and worker threads push closures; the main loop
// drains them (GTK: one Glib::Dispatcher emit per push; tests: drain() by hand). The only
// way a result crosses from a thread into the booth.
#pragma once

#include <deque>
#include <functional>
#include <mutex>

namespace gradbooth::ui {

class MainQueue {
public:
  using Job = std::function<void()>;
  // `wake` is called from the pushing thread after each push (e.g. Dispatcher::emit).
  explicit MainQueue(std::function<void()> wake = {}) : wake_(std::move(wake)) {}

  void push(Job job) {
    {
      std::lock_guard lock(mu_);
      jobs_.push_back(std::move(job));
    }
    if (wake_) wake_();
  }

  // Runs every queued job on the calling thread; returns how many ran.
  int drain() {
    std::deque<Job> jobs;
    {
      std::lock_guard lock(mu_);
      jobs.swap(jobs_);
    }
    for (auto &j : jobs) j();
    return static_cast<int>(jobs.size());
  }

private:
  std::mutex mu_;
  std::deque<Job> jobs_;
  std::function<void()> wake_;
};

}  // namespace gradbooth::ui
