// face_width: cheek to cheek (landmarks 0 and 16) in the profile's window.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "face_width";
const Bilingual kTooLarge{"脸部在照片中太大，请稍向后坐后重拍。", "Your face is too large in the photo: sit back a little and retake."};
const Bilingual kTooSmall{"脸部在照片中太小，请靠近一点后重拍。",
                          "Your face is too small in the photo: come a little closer and retake."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (auto none = framing_without_photo(kId, m)) return *none;
  const double width = m.framing->face_width;
  const Range &window = s.profile.face_width_px;
  return judged(kId, window.contains(width), width, window_text(window), width > window.max ? kTooLarge : kTooSmall);
}

} // namespace

extern const Check face_width{kId, {}, evaluate};

} // namespace gradbooth::models::checks
