// highlights: no blown-out shine on the face.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "highlights";
constexpr ThresholdDefault kThresholds[] = {
    {"highlight_fraction.max", 0.02},  // share of clipped face pixels
};
const Bilingual kShine{"脸上有过亮的反光，请擦去脸上的油光，或请工作人员调整灯光。",
                       "There are blown-out highlights on your face: blot the shine, or ask for the lights to be adjusted."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (!m.pixels) return unmeasured(kId, kNoPhoto);
  const double value = m.pixels->highlight_fraction, limit = threshold(s, "highlight_fraction.max");
  return judged(kId, value <= limit, value, limit_text("clipped share ≤ %.3f", limit), kShine);
}

} // namespace

extern const Check highlights{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
