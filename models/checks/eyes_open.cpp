// eyes_open: both eyes naturally open (judged on the more closed one).
#include "checks/check.h"

#include <algorithm>

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "eyes_open";
constexpr ThresholdDefault kThresholds[] = {
    {"eyes_open.min", 0.20},  // eye aspect ratio of the more closed eye (blinks ≤ 0.17, open ≥ 0.22)
};
const Bilingual kClosed{"眼睛没有自然睁开，请睁开双眼，不要眨眼或眯眼。",
                        "Your eyes are not fully open: open both eyes and try not to blink or squint."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  const LandmarkMeasures *f = only_face(m);
  if (!f) return unmeasured(kId, kNoSingleFace);
  const double ear = std::min(f->ear_left, f->ear_right), min = threshold(s, "eyes_open.min");
  return judged(kId, ear >= min, ear, limit_text("eye aspect ratio ≥ %.2f", min), kClosed);
}

} // namespace

extern const Check eyes_open{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
