// exposure: the face neither too dark nor too bright.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "exposure";
constexpr ThresholdDefault kThresholds[] = {
    {"face_luma.min", 80.0},  // mean face luminance, 0–255
    {"face_luma.max", 210.0},
};
const Bilingual kTooDark{"照片太暗，请工作人员调整曝光或灯光。",
                         "The photo is too dark: ask the photographer to adjust exposure or lights."};
const Bilingual kTooBright{"照片太亮，请工作人员调整曝光或灯光。",
                           "The photo is too bright: ask the photographer to adjust exposure or lights."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (!m.pixels) return unmeasured(kId, kNoPhoto);
  const double luma = m.pixels->face_luma, lo = threshold(s, "face_luma.min"), hi = threshold(s, "face_luma.max");
  return judged(kId, luma >= lo && luma <= hi, luma, limit_text("face luma %.0f–%.0f", lo, hi), luma < lo ? kTooDark : kTooBright);
}

}  // namespace

extern const Check exposure{kId, kThresholds, evaluate};

}  // namespace gradbooth::models::checks
