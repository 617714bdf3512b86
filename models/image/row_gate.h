// How far a decode running on another thread may go, decided while it runs. check() decodes the
// crop source beside the reduced decode, holds it while the face detection wants both cores,
// lets it go on once a face is found, and settles on the last row the crop needs: rows below the
// crop, and everything when no crop will be cut, are never decoded.
#pragma once

#include <atomic>
#include <climits>
#include <condition_variable>
#include <mutex>

namespace gradbooth::models {

class RowGate {
public:
  // Called by the decoder before row `y`: true when it may decode it, waiting while the gate is
  // held there; false once it has settled on stopping before `y`.
  bool admit(int y) {
    if (y < limit_.load(std::memory_order_acquire)) return true;
    std::unique_lock lock(mutex_);
    changed_.wait(lock, [&] { return y < limit_.load(std::memory_order_relaxed) || settled_; });
    return y < limit_.load(std::memory_order_relaxed);
  }

  // The decoder waits at its next row (the rows it has are kept) until open() or settle().
  void hold() { set(0, false); }
  // No limit, until settled.
  void open() { set(INT_MAX, false); }
  // Final: the decode stops before row `rows` (or where it stands, if it is already past it).
  // Later calls change nothing, so a stage that settles early is never overruled.
  void settle(int rows) { set(rows, true); }

private:
  void set(int limit, bool final) {
    {
      std::lock_guard lock(mutex_);
      if (settled_) return;
      limit_.store(limit, std::memory_order_release);
      settled_ = final;
    }
    changed_.notify_all();
  }

  std::mutex mutex_;
  std::condition_variable changed_;
  std::atomic<int> limit_{INT_MAX};
  bool settled_ = false;
};

}  // namespace gradbooth::models
