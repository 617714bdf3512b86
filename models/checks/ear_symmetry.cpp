// ear_symmetry: both ears and cheeks equally visible (a face turned even slightly shows one more).
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "ear_symmetry";
constexpr ThresholdDefault kThresholds[] = {
    {"ear_symmetry.min", 0.85},  // narrower / wider half-face (frontal ≥ 0.97, turned ≤ 0.78)
};
const Bilingual kAsymmetric{"两侧耳朵和脸颊不对称，请正对镜头，不要侧脸。",
                            "Your ears and cheeks are not symmetric: face the camera squarely."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  const LandmarkMeasures *f = only_face(m);
  if (!f) return unmeasured(kId, kNoSingleFace);
  const double min = threshold(s, "ear_symmetry.min");
  return judged(kId, f->ear_symmetry >= min, f->ear_symmetry, limit_text("≥ %.2f", min), kAsymmetric);
}

} // namespace

extern const Check ear_symmetry{kId, kThresholds, evaluate};

} // namespace gradbooth::models::checks
