// shoulders_visible and shoulders_level: one family (the tilt is judged only where both shoulder
// lines show). Reported for a profile that asks for shoulders in the photo, and as unmeasured
// when no photo could be made.
#include "checks/check.h"

#include <algorithm>
#include <cmath>

namespace gradbooth::models::checks {
namespace {

constexpr ThresholdDefault kLevelThresholds[] = {
    {"shoulder_tilt_deg.max", 4.0},  // |shoulder line| against horizontal
};
const Bilingual kNotVisible{"照片中两肩没有完整露出，请坐直、稍向后坐，不要遮挡肩部后重拍。",
                            "Both shoulders must show in the photo: sit upright, a little further back, with nothing "
                            "over your shoulders, and retake."};
const Bilingual kNotLevel{"双肩不平，请坐直，两肩放平。", "Your shoulders are not level: sit upright with both shoulders level."};

// Columns (of PixelMeasures::kShoulderColumns each side) that must show a shoulder line.
constexpr int kColumnsNeeded = PixelMeasures::kShoulderColumns / 2;

int columns_seen(const OutputFraming &f) { return std::min(f.shoulders_left, f.shoulders_right); }

CheckResult evaluate_visible(const Measurements &m, const Standard &) {
  constexpr std::string_view id = "shoulders_visible";
  if (auto none = framing_without_photo(id, m)) return *none;
  const int seen = columns_seen(*m.framing);
  return judged(id, seen >= kColumnsNeeded, seen, limit_text("shoulder line in ≥ %.0f columns each side", kColumnsNeeded), kNotVisible);
}

CheckResult evaluate_level(const Measurements &m, const Standard &s) {
  constexpr std::string_view id = "shoulders_level";
  if (auto none = framing_without_photo(id, m)) return *none;
  const double max = threshold(s, "shoulder_tilt_deg.max"), tilt = m.framing->shoulder_tilt_deg;
  if (columns_seen(*m.framing) < kColumnsNeeded)  // not judged: shoulders_visible already fails, with the reason to act on
    return judged(id, true, std::nan(""), limit_text("|tilt| ≤ %.0f° (not judged: shoulders not both visible)", max), {});
  return judged(id, std::abs(tilt) <= max, tilt, limit_text("|tilt| ≤ %.0f°", max), kNotLevel);
}

bool reported(const Measurements &m, const Standard &s) { return !m.framing || s.profile.shoulders_in_frame; }

}  // namespace

extern const Check shoulders_visible{"shoulders_visible", {}, evaluate_visible, reported};
extern const Check shoulders_level{"shoulders_level", kLevelThresholds, evaluate_level, reported};

}  // namespace gradbooth::models::checks
