// THE public API of models/ for the booth: load once, then check() each captured original and
// guide() each live-view frame.
//
// Threads: one Analyzer may be used from two threads at once as long as one calls only check()
// and the other only guide()/guide_jpeg() (each has its own detector and lock; the landmark
// model is shared read-only). Concurrent calls of the same method serialize on its lock.
// Inside one check(), short-lived helper threads use the second core (the crop source's decode,
// half the detector's filters, the spec JPEG's encode; analysis/stages.cpp); none outlives the call.
// Nothing here throws; errors are values.
#pragma once

#include "check_result.h"
#include "guidance.h"
#include "image/crop_plan.h"
#include "standard.h"

#include <gradbooth/result.h>

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace gradbooth::models {

struct PhotoReport {
  bool pass = false;                // all hard checks pass
  std::vector<CheckResult> checks;  // stable ids, in the order of verdict.h (checks/registry.cpp)
  CropPlan crop;
  std::vector<std::uint8_t> spec_jpeg;  // empty when the crop cannot be made
  int jpeg_quality = 0;
  std::string measures_json;  // every raw measure, for storage
};

class Analyzer {
public:
  // Reads the 68-landmark model (about 0.5–1 s); the standard carries the profile and thresholds.
  static Result<std::unique_ptr<Analyzer>> load(const std::string &landmark_model_path, Standard standard);
  ~Analyzer();
  Analyzer(const Analyzer &) = delete;
  Analyzer &operator=(const Analyzer &) = delete;

  // Verdict + spec JPEG for one camera original. An error means the bytes are not a usable JPEG
  // (corrupt, truncated, CMYK, absurdly large); a usable JPEG with no face is a report whose
  // `faces` check fails.
  Result<PhotoReport> check(std::span<const std::uint8_t> camera_jpeg);

  // One fast call per live frame (~640 px wide BGR): the hint to show now. Remembers the last
  // frame's face to say "hold still" and to search only around it (a whole-frame scan every 5th
  // frame still notices a second person).
  Guidance guide(const cv::Mat &bgr_preview);
  Guidance guide_jpeg(std::span<const std::uint8_t> preview_jpeg);

  const Standard &standard() const;

private:
  struct Impl;
  explicit Analyzer(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gradbooth::models
