// faces: exactly one face in the camera original (the student, alone).
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "faces";
const Bilingual kNone{"没有检测到人脸，请正对镜头坐好。", "No face was found: sit facing the camera."};
const Bilingual kMany{"画面中有不止一张人脸，请其他人离开镜头范围。",
                      "More than one face is in the picture: only the student may be in view."};

CheckResult evaluate(const Measurements &m, const Standard &) {
  if (m.face_count == 0) return judged(kId, false, 0, "exactly 1", kNone);
  if (m.face_count > 1) return judged(kId, false, m.face_count, "exactly 1", kMany);
  return judged(kId, true, 1, "exactly 1", {});
}

}  // namespace

extern const Check faces{kId, {}, evaluate};

}  // namespace gradbooth::models::checks
