// The analyzer read from the image-standard profile, the config's [checks] and the landmark model
// (its own translation unit: it runs on the loading thread, see AnalyzerHost).
#include "booth/analyzer_host.h"

#include "core/booth_setup.h"

#include <analyzer.h>

#include <chrono>
#include <cstdio>

namespace gradbooth::ui {

Result<std::unique_ptr<models::Analyzer>> load_analyzer(const core::Config &cfg, std::string landmark_model) {
  auto setup = core::booth_setup(cfg);
  if (!setup) return setup.error();
  // --landmarks, else [standard].landmark_model, else Debian's dlib-data path.
  if (landmark_model.empty()) landmark_model = setup->landmark_model;
  const auto t0 = std::chrono::steady_clock::now();
  auto loaded = models::Analyzer::load(landmark_model, std::move(setup->standard));
  std::fprintf(stderr, "gradbooth: landmark model loaded in %.0f ms\n",
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  return loaded;
}

}  // namespace gradbooth::ui
