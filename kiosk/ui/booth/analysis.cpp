#include "booth/analysis.h"

#include <analyzer.h>

#include <chrono>
#include <cstdio>

namespace gradbooth::ui {

CaptureVerdict to_verdict(const models::PhotoReport &report) {
  CaptureVerdict v;
  v.pass = report.pass;
  v.checks = report.checks;
  v.spec_jpeg = report.spec_jpeg;
  v.measures_json = report.measures_json;
  const auto &c = report.crop;
  char buf[256];
  std::snprintf(buf, sizeof buf, R"({"fits":%s,"x":%.1f,"y":%.1f,"width":%.1f,"height":%.1f,"scale":%.5f})", c.fits ? "true" : "false",
                c.source.x, c.source.y, c.source.width, c.source.height, c.scale);
  v.crop_json = buf;
  return v;
}

AnalysisWorker::AnalysisWorker(models::Analyzer &analyzer, MainQueue &main)
    : analyzer_(analyzer), main_(main), thread_([this] { run(); }) {}

AnalysisWorker::~AnalysisWorker() {
  {
    std::lock_guard lock(mu_);
    stop_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void AnalysisWorker::analyze(std::vector<std::uint8_t> original, std::function<void(Result<CaptureVerdict>)> done) {
  {
    std::lock_guard lock(mu_);
    jobs_.emplace_back(std::move(original), std::move(done));
  }
  wake_.notify_one();
}

void AnalysisWorker::run() {
  for (;;) {
    std::vector<std::uint8_t> bytes;
    std::function<void(Result<CaptureVerdict>)> done;
    {
      std::unique_lock lock(mu_);
      wake_.wait(lock, [&] { return stop_ || !jobs_.empty(); });
      if (stop_) return;
      bytes = std::move(jobs_.front().first);
      done = std::move(jobs_.front().second);
      jobs_.pop_front();
    }
    const auto t0 = std::chrono::steady_clock::now();
    auto report = analyzer_.check(bytes);
    check_ms_.add(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
    std::shared_ptr<Result<CaptureVerdict>> out;
    if (report) out = std::make_shared<Result<CaptureVerdict>>(to_verdict(*report));
    else out = std::make_shared<Result<CaptureVerdict>>(report.error());
    main_.push([done = std::move(done), out] { done(std::move(*out)); });
  }
}

}  // namespace gradbooth::ui
