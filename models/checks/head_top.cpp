// head_top: the crown (hair included) sits in the profile's window below the photo's top edge.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "head_top";
const Bilingual kNoBackdropAbove{
    "照片中看不到头顶上方的背景（头发贴到了画面顶部），请稍向后坐后重拍。",
    "No backdrop shows above the head (the hair touches the top edge): sit back a little and retake."};
const Bilingual kTooNearTop{
    "头顶离照片上边缘太近，请稍坐低一些或稍向后坐后重拍。",
    "The top of the head is too close to the photo's top edge: sit a little lower or further back and retake."};
const Bilingual kTooFarBelowTop{"头顶离照片上边缘太远，请坐直后重拍。",
                                "The top of the head is too far below the photo's top edge: sit up straight and retake."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (auto none = framing_without_photo(kId, m)) return *none;
  const double top = m.framing->head_top;
  const Range &window = s.profile.head_top_px;
  return judged(kId, top >= 0 && window.contains(top), top, window_text(window),
                top < 0 ? kNoBackdropAbove : top < window.min ? kTooNearTop : kTooFarBelowTop);
}

} // namespace

extern const Check head_top{kId, {}, evaluate};

} // namespace gradbooth::models::checks
