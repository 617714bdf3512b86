// The analyzer as the booth uses it: the image-standard profile, its thresholds and the landmark
// model are read in the background while GTK starts (the model takes most of a second); captures
// taken before it is there wait for it, and live guidance starts the moment it arrives.
#pragma once

#include "booth/analysis.h"
#include "booth/main_queue.h"
#include "core/config.h"

#include <gradbooth/result.h>

#include <cstdint>
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gradbooth::models {
class Analyzer;
}

namespace gradbooth::ui {

// Thresholds layer: built-in defaults → the profile's [checks] → gradbooth.toml's [checks]. The
// landmark model: `landmark_model` (--landmarks), else [standard].landmark_model, else Debian's
// dlib-data path.
Result<std::unique_ptr<models::Analyzer>> load_analyzer(const core::Config &cfg, std::string landmark_model);

class AnalyzerHost {
public:
  AnalyzerHost();
  ~AnalyzerHost();
  AnalyzerHost(const AnalyzerHost &) = delete;
  AnalyzerHost &operator=(const AnalyzerHost &) = delete;

  // Starts load_analyzer on its own thread; `cfg` must outlive the load.
  void start_loading(const core::Config &cfg, std::string landmark_model);
  // Main thread, polled: nullopt while loading; then, once, the load's outcome (on success the
  // analysis worker runs and the captures that waited are analysed).
  std::optional<Status> arrived(MainQueue &main);

  // Off the main thread when loaded, else queued until it is.
  void analyze(std::vector<std::uint8_t> original, std::function<void(Result<CaptureVerdict>)> done);

  models::Analyzer *analyzer() const { return analyzer_.get(); }
  const AnalysisWorker *worker() const { return worker_.get(); }
  void stop() { worker_.reset(); }

  // What the loading thread hands over: the analyzer, or why there is none.
  struct Loaded {
    std::unique_ptr<models::Analyzer> analyzer;
    std::optional<Error> error;
  };

private:
  std::future<Loaded> loading_;
  std::unique_ptr<models::Analyzer> analyzer_;
  std::unique_ptr<AnalysisWorker> worker_;
  std::vector<std::pair<std::vector<std::uint8_t>, std::function<void(Result<CaptureVerdict>)>>> waiting_;
};

}  // namespace gradbooth::ui
