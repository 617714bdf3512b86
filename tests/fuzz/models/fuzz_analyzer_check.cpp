// libFuzzer target: Analyzer::check on arbitrary bytes must return a value (report or error),
// never crash, hang or read out of bounds. Needs the dlib model (Debian libdlib-data).
#include "analyzer.h"
#include "thresholds.h"

#include <cstdint>
#include <cstdio>
#include <cstdlib>

using namespace gradbooth::models;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static Analyzer *analyzer = [] {
    Standard s;
    s.thresholds = default_thresholds();
    auto a = Analyzer::load("/usr/share/dlib/shape_predictor_68_face_landmarks.dat", s);
    if (!a) {
      std::fprintf(stderr, "fuzz_analyzer_check: %s\n", a.error().message_en.c_str());
      std::abort();
    }
    return a.value().release();
  }();
  auto report = analyzer->check(std::span<const std::uint8_t>(data, size));
  if (report.ok()) {
    // A report always carries the verdict's first check.
    if (report->checks.empty() || report->checks.front().id != "faces") std::abort();
  }
  return 0;
}
