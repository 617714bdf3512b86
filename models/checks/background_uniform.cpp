// background_uniform: the backdrop the photo shows is even (no shadow, no object).
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "background_uniform";
constexpr ThresholdDefault kThresholds[] = {
    {"background_unevenness.max", 10.0},  // worst background cell against the typical one
};
const Bilingual kUneven{"背景不均匀或有阴影，请离背景稍远一点，或请工作人员调整灯光。",
                       "The background is uneven or shadowed: sit a little further from it, or ask for the lights to be adjusted."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (!m.pixels) return unmeasured(kId, kNoPhoto);
  const double value = m.pixels->background_unevenness, limit = threshold(s, "background_unevenness.max");
  return judged(kId, value <= limit, value, limit_text("worst cell ΔE ≤ %.0f", limit), kUneven);
}

} // namespace

extern const Check background_uniform{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
