// background_colour: the backdrop the photo shows is the profile's colour.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "background_colour";
constexpr ThresholdDefault kThresholds[] = {
    {"background_delta_e.max", 12.0},  // CIEDE2000 of the mean background to the reference
};
const Bilingual kOffColour{"背景颜色不符合要求（应为浅蓝色），请工作人员检查背景布和灯光。",
                       "The background is not the required light blue: ask the photographer to check the backdrop and lights."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (!m.pixels) return unmeasured(kId, kNoPhoto);
  const double value = m.pixels->background_delta_e, limit = threshold(s, "background_delta_e.max");
  return judged(kId, value <= limit, value, limit_text("ΔE2000 ≤ %.0f", limit), kOffColour);
}

} // namespace

extern const Check background_colour{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
