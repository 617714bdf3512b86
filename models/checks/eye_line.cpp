// eye_line: the mean row of the eye centres sits in the profile's window.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "eye_line";
const Bilingual kTooHigh{"眼睛在照片中位置太高，请坐直、平视镜头后重拍。",
                         "Your eyes sit too high in the photo: sit upright, look level at the camera and retake."};
const Bilingual kTooLow{"眼睛在照片中位置太低，请坐直、平视镜头后重拍。",
                        "Your eyes sit too low in the photo: sit upright, look level at the camera and retake."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (auto none = framing_without_photo(kId, m)) return *none;
  const double eyes = m.framing->eye_line;
  const Range &window = s.profile.eye_line_px;
  return judged(kId, window.contains(eyes), eyes, window_text(window), eyes < window.min ? kTooHigh : kTooLow);
}

} // namespace

extern const Check eye_line{kId, {}, evaluate};

} // namespace gradbooth::models::checks
