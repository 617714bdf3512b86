// The framing windows of SPEC §5, judged on the rendered photo itself (what the agency's checker
// sees): head_top, eye_line, face_width, chin. One family: each a row of the photo (or the face's
// width) inside the profile's window; without a photo each is unmeasured, the one the planner
// gave up on with the planner's reason. The shoulders are shoulders.cpp.
#include "checks/check.h"

#include <cstddef>

namespace gradbooth::models::checks {
namespace {

struct Window {
  std::string_view id;
  Range StandardProfile::*window;
  double OutputFraming::*value;
  Text too_low, too_high;  // the value under / over the window
};

constexpr Window kWindows[] = {
    {"head_top",
     &StandardProfile::head_top_px,
     &OutputFraming::head_top,
     {"头顶离照片上边缘太近，请稍坐低一些或稍向后坐后重拍。",
      "The top of the head is too close to the photo's top edge: sit a little lower or further back and retake."},
     {"头顶离照片上边缘太远，请坐直后重拍。", "The top of the head is too far below the photo's top edge: sit up straight and retake."}},
    {"eye_line",
     &StandardProfile::eye_line_px,
     &OutputFraming::eye_line,
     {"眼睛在照片中位置太高，请坐直、平视镜头后重拍。",
      "Your eyes sit too high in the photo: sit upright, look level at the camera and retake."},
     {"眼睛在照片中位置太低，请坐直、平视镜头后重拍。",
      "Your eyes sit too low in the photo: sit upright, look level at the camera and retake."}},
    {"face_width",
     &StandardProfile::face_width_px,
     &OutputFraming::face_width,
     {"脸部在照片中太小，请靠近一点后重拍。", "Your face is too small in the photo: come a little closer and retake."},
     {"脸部在照片中太大，请稍向后坐后重拍。", "Your face is too large in the photo: sit back a little and retake."}},
};
// The crown not found at all: the hair reaches the photo's top edge.
const Bilingual kNoBackdropAboveHead{"照片中看不到头顶上方的背景（头发贴到了画面顶部），请稍向后坐后重拍。",
                                     "No backdrop shows above the head (the hair touches the top edge): sit back a little and retake."};

template <std::size_t I> CheckResult evaluate(const Measurements &m, const Standard &s) {
  const Window &w = kWindows[I];
  if (auto none = framing_without_photo(w.id, m)) return *none;
  const double value = (*m.framing).*w.value;
  const Range &window = s.profile.*w.window;
  // Only the crown can be "not found" (-1).
  if (value < 0 && w.value == &OutputFraming::head_top) return judged(w.id, false, value, window_text(window), kNoBackdropAboveHead);
  const Text &reason = value < window.min ? w.too_low : w.too_high;
  return judged(w.id, window.contains(value), value, window_text(window), Bilingual{reason.zh, reason.en});
}

// The chin high enough that at least a third of the photo shows the upper body.
CheckResult evaluate_chin(const Measurements &m, const Standard &s) {
  if (auto none = framing_without_photo("chin", m)) return *none;
  const double chin = m.framing->chin, max = s.profile.chin_max_px;
  return judged("chin", chin >= 0 && chin <= max, chin, limit_text("chin row ≤ %.0f px (upper body ≥ 1/3)", max),
                Bilingual{"下巴太靠下，照片中上身不足三分之一，请坐直、稍向后坐后重拍。",
                          "Your chin is too low in the photo (less than a third of upper body shows): sit upright, a "
                          "little further back, and retake."});
}

}  // namespace

extern const Check head_top{kWindows[0].id, {}, evaluate<0>}, eye_line{kWindows[1].id, {}, evaluate<1>},
    face_width{kWindows[2].id, {}, evaluate<2>}, chin{"chin", {}, evaluate_chin};

}  // namespace gradbooth::models::checks
