// orientation: the camera file is stored upright (the standard allows no rotation). Reported
// only for a file marked as rotated.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "orientation";
const Bilingual kRotated{"相机文件被旋转过（标准不允许旋转），请关闭相机的自动旋转后重拍。",
                         "The camera file is marked as rotated (rotation is not allowed): turn off auto-rotate and retake."};

CheckResult evaluate(const Measurements &m, const Standard &) {
  return judged(kId, m.exif_orientation == 1, m.exif_orientation, "EXIF orientation 1", kRotated);
}

bool reported(const Measurements &m, const Standard &) { return m.exif_orientation != 1; }

}  // namespace

extern const Check orientation{kId, {}, evaluate, reported};

}  // namespace gradbooth::models::checks
