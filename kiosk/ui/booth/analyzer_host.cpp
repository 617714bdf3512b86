#include "booth/analyzer_host.h"

#include <analyzer.h>

#include <chrono>
#include <functional>

namespace gradbooth::ui {

AnalyzerHost::AnalyzerHost() = default;
AnalyzerHost::~AnalyzerHost() = default;

void AnalyzerHost::start_loading(const core::Config &cfg, std::string landmark_model) {
  loading_ = std::async(std::launch::async, [&cfg, model = std::move(landmark_model)] {
    auto loaded = load_analyzer(cfg, model);
    return loaded ? Loaded{std::move(*loaded), std::nullopt} : Loaded{nullptr, loaded.error()};
  });
}

std::optional<Status> AnalyzerHost::arrived(MainQueue &main) {
  if (!loading_.valid() || loading_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return std::nullopt;
  Loaded loaded = loading_.get();
  if (loaded.error) return Status(*loaded.error);
  analyzer_ = std::move(loaded.analyzer);
  worker_ = std::make_unique<AnalysisWorker>(*analyzer_, main);
  for (auto &[bytes, done] : waiting_) worker_->analyze(std::move(bytes), std::move(done));
  waiting_.clear();
  return Status{};
}

void AnalyzerHost::analyze(std::vector<std::uint8_t> original, std::function<void(Result<CaptureVerdict>)> done) {
  if (worker_) worker_->analyze(std::move(original), std::move(done));
  else waiting_.emplace_back(std::move(original), std::move(done));  // still loading
}

}  // namespace gradbooth::ui
