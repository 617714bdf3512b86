// light_balance: both cheeks lit alike (no 阴阳脸).
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "light_balance";
constexpr ThresholdDefault kThresholds[] = {
    {"light_ratio.min", 0.80},  // darker cheek / brighter cheek (阴阳脸)
};
const Bilingual kOneSideDark{"脸部左右光线不均（阴阳脸），请正对灯光，或请工作人员调整灯光。",
                       "One side of your face is much darker than the other: face the lights, or ask for them to be adjusted."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (!m.pixels) return unmeasured(kId, kNoPhoto);
  const double value = m.pixels->light_ratio, limit = threshold(s, "light_ratio.min");
  return judged(kId, value >= limit, value, limit_text("darker/brighter cheek ≥ %.2f", limit), kOneSideDark);
}

} // namespace

extern const Check light_balance{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
