// chin: the chin high enough that at least a third of the photo shows the upper body.
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "chin";
const Bilingual kTooLow{"下巴太靠下，照片中上身不足三分之一，请坐直、稍向后坐后重拍。",
                        "Your chin is too low in the photo (less than a third of upper body shows): sit upright, a "
                        "little further back, and retake."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (auto none = framing_without_photo(kId, m)) return *none;
  const double chin = m.framing->chin, max = s.profile.chin_max_px;
  return judged(kId, chin >= 0 && chin <= max, chin, limit_text("chin row ≤ %.0f px (upper body ≥ 1/3)", max), kTooLow);
}

} // namespace

extern const Check chin{kId, {}, evaluate};

} // namespace gradbooth::models::checks
