// mouth_closed: lips closed, a neutral expression.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "mouth_closed";
constexpr ThresholdDefault kThresholds[] = {
    {"mouth_closed.max", 0.07},  // inner-lip gap / mouth width (closed ≤ 0.05, smiles ≥ 0.09)
};
const Bilingual kOpen{"嘴巴张开了，请自然闭合嘴唇，保持平静的表情。",
                      "Your mouth is open: close your lips naturally and keep a neutral expression."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  const LandmarkMeasures *f = only_face(m);
  if (!f) return unmeasured(kId, kNoSingleFace);
  const double max = threshold(s, "mouth_closed.max");
  return judged(kId, f->mouth_opening <= max, f->mouth_opening, limit_text("lip gap / mouth width ≤ %.2f", max), kOpen);
}

} // namespace

extern const Check mouth_closed{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
