// upscale (soft): the photo was not enlarged from the original. A warning, never a retake on its
// own; reported only when a crop was planned.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "upscale";
constexpr ThresholdDefault kThresholds[] = {
    {"upscale.max", 1.0},  // output px per source px before the soft warning
};
const Bilingual kEnlarged{"照片需要放大，清晰度可能不足（提示）。", "The photo had to be enlarged and may look soft (warning)."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  const double max = threshold(s, "upscale.max"), scale = m.crop ? m.crop->scale : 1.0;
  return judged(kId, scale <= max, scale, limit_text("scale ≤ %.2f", max), kEnlarged, false);
}

bool reported(const Measurements &m, const Standard &) { return m.crop.has_value(); }

}  // namespace

extern const Check upscale{kId, kThresholds, evaluate, reported};

}  // namespace gradbooth::models::checks
