// red_eye: no red pupils.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "red_eye";
constexpr ThresholdDefault kThresholds[] = {
    {"red_eye.max", 0.15},  // share of strongly red pupil pixels
};
const Bilingual kRedPupils{"出现红眼，请工作人员调整闪光灯后重拍。",
                       "Red-eye is visible: ask the photographer to adjust the flash and retake."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (!m.pixels) return unmeasured(kId, kNoPhoto);
  const double value = m.pixels->red_eye, limit = threshold(s, "red_eye.max");
  return judged(kId, value <= limit, value, limit_text("≤ %.2f", limit), kRedPupils);
}

} // namespace

extern const Check red_eye{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
