// file_size: the spec JPEG's bytes in the profile's window. Under the window but above the floor
// passes with a note: a clean image cannot reach 550 KB by quality alone, and padding or noise is
// forbidden (SPEC §5).
#include "checks/check.h"

namespace gradbooth::models::checks {
namespace {

constexpr std::string_view kId = "file_size";
const Bilingual kOutside{"照片文件大小不符合要求，请重拍。", "The photo file size is outside the standard: retake."};
const Bilingual kUnderWindowNote{"最高质量下仍小于550KB（允许，未填充）。", "Below 550 KB at the best quality (allowed: never padded)."};

CheckResult evaluate(const Measurements &m, const Standard &s) {
  if (!m.file_bytes) return unmeasured(kId, kNoPhoto);
  const StandardProfile &p = s.profile;
  const double bytes = static_cast<double>(*m.file_bytes);
  const bool ok = bytes >= p.file_bytes_floor && bytes <= p.file_bytes.max;
  CheckResult c =
      judged(kId, ok, bytes,
             limit_text("%.0f–%.0f bytes", p.file_bytes.min, p.file_bytes.max) + limit_text(" (floor %.0f)", p.file_bytes_floor), kOutside);
  if (ok && m.file_under_window) {
    c.reason_zh = kUnderWindowNote.zh;
    c.reason_en = kUnderWindowNote.en;
  }
  return c;
}

}  // namespace

extern const Check file_size{kId, {}, evaluate};

}  // namespace gradbooth::models::checks
