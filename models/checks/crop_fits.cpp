// crop_fits: the standard crop lies inside the camera frame (the standard forbids padding).
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "crop_fits";
// When the planner gave no reason of its own.
const Bilingual kOutsideFrame{"按标准裁剪需要画面外的部分，请坐到画面中央、稍微后退后重拍。",
                              "The standard crop would need pixels outside the camera frame: sit centred, a little "
                              "further back, and retake."};

CheckResult evaluate(const Measurements &m, const Standard &) {
  if (!m.crop) return unmeasured(kId, kNoSingleFace);
  const CropPlan &c = *m.crop;
  const Bilingual reason{c.reason_zh.empty() ? kOutsideFrame.zh : c.reason_zh, c.reason_en.empty() ? kOutsideFrame.en : c.reason_en};
  return judged(kId, c.fits, c.fits ? 1 : 0, "the crop lies inside the camera frame", reason);
}

}  // namespace

extern const Check crop_fits{kId, {}, evaluate};

}  // namespace gradbooth::models::checks
