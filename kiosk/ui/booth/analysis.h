// Capture analysis off the main thread: Analyzer::check on one worker, the verdict handed
// back through the MainQueue. One capture at a time is all a booth ever needs.
#pragma once

#include "booth/booth.h"
#include "booth/main_queue.h"
#include "booth/stats.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>

namespace gradbooth::models {
class Analyzer;
struct PhotoReport;
}  // namespace gradbooth::models

namespace gradbooth::ui {

// PhotoReport → what the booth stores and shows (crop as JSON for the store).
CaptureVerdict to_verdict(const models::PhotoReport &report);

class AnalysisWorker {
public:
  AnalysisWorker(models::Analyzer &analyzer, MainQueue &main);
  ~AnalysisWorker();
  AnalysisWorker(const AnalysisWorker &) = delete;
  AnalysisWorker &operator=(const AnalysisWorker &) = delete;

  void analyze(std::vector<std::uint8_t> original, std::function<void(Result<CaptureVerdict>)> done);
  Samples check_ms() const { return check_ms_; }

private:
  void run();
  models::Analyzer &analyzer_;
  MainQueue &main_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stop_ = false;
  std::deque<std::pair<std::vector<std::uint8_t>, std::function<void(Result<CaptureVerdict>)>>> jobs_;
  Samples check_ms_;
  std::thread thread_;
};

}  // namespace gradbooth::ui
