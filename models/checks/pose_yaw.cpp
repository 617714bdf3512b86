// pose_yaw: the head faces the camera (no turn to either side).
#include "checks/check.h"

#include <cmath>

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "pose_yaw";
constexpr ThresholdDefault kThresholds[] = {
    {"pose_yaw.max", 8.0},  // degrees, nose-tip symmetry (FGNet frontal ≤ 1.3°, turned ≥ 20°)
};
// Sign conventions in landmark_measures.h; the advice is in the student's own left/right.
const Bilingual kTurnedLeft{"头部向左转了，请向右转一点，正对镜头。",
                            "Your head is turned to your left: turn a little to your right and face the camera."};
const Bilingual kTurnedRight{"头部向右转了，请向左转一点，正对镜头。",
                             "Your head is turned to your right: turn a little to your left and face the camera."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  const LandmarkMeasures *f = only_face(m);
  if (!f) return unmeasured(kId, kNoSingleFace);
  const double max = threshold(s, "pose_yaw.max");
  return judged(kId, std::abs(f->yaw) <= max, f->yaw, limit_text("|yaw| ≤ %.0f°", max),
                f->yaw > 0 ? kTurnedLeft : kTurnedRight);
}

} // namespace

extern const Check pose_yaw{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
