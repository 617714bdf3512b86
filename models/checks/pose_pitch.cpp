// pose_pitch: the chin neither up nor down.
#include "checks/check.h"

#include <cmath>

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "pose_pitch";
constexpr ThresholdDefault kThresholds[] = {
    {"pose_pitch.max", 15.0},  // degrees, nose-tip drop below the eye line
};
const Bilingual kChinUp{"下巴抬得太高，请微微低头，平视镜头。",
                        "Your chin is up: lower it a little and look straight at the camera."};
const Bilingual kHeadDown{"头低得太多，请微微抬起下巴，平视镜头。",
                          "Your head is down: raise your chin a little and look straight at the camera."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  const LandmarkMeasures *f = only_face(m);
  if (!f) return unmeasured(kId, kNoSingleFace);
  const double max = threshold(s, "pose_pitch.max");
  return judged(kId, std::abs(f->pitch) <= max, f->pitch, limit_text("|pitch| ≤ %.0f°", max),
                f->pitch > 0 ? kChinUp : kHeadDown);
}

} // namespace

extern const Check pose_pitch{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
