// pose_roll: the head upright (the eye line level).
#include "checks/check.h"

#include <cmath>

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "pose_roll";
constexpr ThresholdDefault kThresholds[] = {
    {"pose_roll.max", 6.0},  // degrees, eye line
};
const Bilingual kLeansLeft{"头向左肩歪了，请把头摆正。", "Your head leans towards your left shoulder: hold it upright."};
const Bilingual kLeansRight{"头向右肩歪了，请把头摆正。", "Your head leans towards your right shoulder: hold it upright."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  const LandmarkMeasures *f = only_face(m);
  if (!f) return unmeasured(kId, kNoSingleFace);
  const double max = threshold(s, "pose_roll.max");
  return judged(kId, std::abs(f->roll) <= max, f->roll, limit_text("|roll| ≤ %.0f°", max),
                f->roll > 0 ? kLeansLeft : kLeansRight);
}

} // namespace

extern const Check pose_roll{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
