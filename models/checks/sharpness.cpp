// sharpness: the face is in focus.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "sharpness";
constexpr ThresholdDefault kThresholds[] = {
    {"sharpness.min", 40.0},  // Laplacian variance on the face at 128 px width
};
const Bilingual kBlurred{"照片不够清晰，请保持不动，重新对焦后重拍。",
                       "The photo is not sharp: hold still and retake after the camera focuses."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (!m.pixels) return unmeasured(kId, kNoPhoto);
  const double value = m.pixels->sharpness, limit = threshold(s, "sharpness.min");
  return judged(kId, value >= limit, value, limit_text("≥ %.0f", limit), kBlurred);
}

} // namespace

extern const Check sharpness{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
