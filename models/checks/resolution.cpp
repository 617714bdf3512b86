// resolution: the original has enough pixels on the face, and the photo has the profile's size.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "resolution";
constexpr ThresholdDefault kThresholds[] = {
    {"resolution.min_eye_distance", 90.0},  // source pixels between the eye centres (ICAO)
};
const Bilingual kTooFewPixels{"原始照片分辨率不足，请靠近一点或请工作人员调整相机。",
                              "The original has too few pixels on the face: come a little closer or ask for the camera "
                              "to be adjusted."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (!m.crop) return unmeasured(kId, kNoSingleFace);
  const double min = threshold(s, "resolution.min_eye_distance");
  const bool size_ok = m.output_size.empty() || m.output_size == cv::Size(s.profile.width, s.profile.height);
  return judged(kId, size_ok && m.source_eye_distance >= min, m.source_eye_distance,
                limit_text("%.0f px between the eyes in the original", min), kTooFewPixels);
}

}  // namespace

extern const Check resolution{kId, kThresholds, evaluate};

}  // namespace gradbooth::models::checks
