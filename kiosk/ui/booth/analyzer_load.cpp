// The analyzer read from the image-standard profile, the config's [checks] and the landmark model
// (its own translation unit: it runs on the loading thread, see AnalyzerHost).
#include "booth/analyzer_host.h"

#include <analyzer.h>
#include <image/profile.h>
#include <thresholds.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <sstream>

namespace gradbooth::ui {

Result<std::unique_ptr<models::Analyzer>> load_analyzer(const core::Config &cfg, std::string landmark_model) {
  std::ifstream in(cfg.standard_profile, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) return make_error("ui.profile", "cannot read the image-standard profile " + cfg.standard_profile.string(),
                             "无法读取图像标准文件 " + cfg.standard_profile.string());
  auto standard = models::parse_standard(text.str());
  if (!standard) return standard.error();
  auto from_profile = models::parse_thresholds(text.str());
  if (!from_profile) return from_profile.error();
  auto from_config = models::parse_thresholds(cfg.raw_text, *from_profile);
  if (!from_config) return from_config.error();
  standard->thresholds = *from_config;
  const auto t0 = std::chrono::steady_clock::now();
  if (landmark_model.empty())
    if (auto sc = models::parse_standard_config(cfg.raw_text)) landmark_model = sc->landmark_model_path;
  if (landmark_model.empty()) landmark_model = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
  auto loaded = models::Analyzer::load(landmark_model, *standard);
  std::fprintf(stderr, "gradbooth: landmark model loaded in %.0f ms\n",
               std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  return loaded;
}

} // namespace gradbooth::ui
