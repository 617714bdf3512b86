// glasses_glare: no reflection over the eyes or lenses.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "glasses_glare";
constexpr ThresholdDefault kThresholds[] = {
    {"glare_fraction.max", 0.02},  // near-white pixels over the eyes / lenses
};
const Bilingual kGlare{"眼镜有反光，请微微调整眼镜角度或摘下眼镜后重拍。",
                       "Your glasses reflect the light: tilt them slightly or take them off, and retake."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (!m.pixels) return unmeasured(kId, kNoPhoto);
  const double value = m.pixels->glare_fraction, limit = threshold(s, "glare_fraction.max");
  return judged(kId, value <= limit, value, limit_text("specular share ≤ %.3f", limit), kGlare);
}

} // namespace

extern const Check glasses_glare{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
