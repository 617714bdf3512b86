#include "checks/check.h"

#include <cmath>
#include <cstdio>

namespace gradbooth::models::checks {

const Bilingual kNoSingleFace{"未检测到唯一的人脸，无法测量。", "Not measurable without exactly one face."};
const Bilingual kNoPhoto{"没有生成标准照片，无法测量。", "Not measurable: no standard photo could be made."};

CheckResult judged(std::string_view id, bool pass, double value, std::string limit, const Bilingual &reason, bool hard) {
  CheckResult c;
  c.id = std::string(id);
  c.pass = pass;
  c.value = value;
  c.limit = std::move(limit);
  if (!pass) {
    c.reason_zh = reason.zh;
    c.reason_en = reason.en;
  }
  c.hard = hard;
  return c;
}

CheckResult unmeasured(std::string_view id, const Bilingual &why) { return judged(id, false, std::nan(""), "", why); }

CheckResult judge(const Rule &rule, double value, const Standard &s, bool hard) {
  const double limit = threshold(s, rule.threshold.key);
  bool pass = value <= limit;
  const Text *reason = &rule.high;
  if (rule.bound == Bound::AtLeast) {
    pass = value >= limit;
    reason = &rule.low;
  } else if (rule.bound == Bound::MagnitudeAtMost) {
    pass = std::abs(value) <= limit;
    reason = value > 0 ? &rule.high : &rule.low;
  }
  return judged(rule.id, pass, value, limit_text(rule.limit_format, limit), Bilingual{reason->zh, reason->en}, hard);
}

double threshold(const Standard &s, std::string_view key) { return threshold_or_default(s.thresholds, key); }

std::string limit_text(const char *format, double a) {
  char buf[96];
  std::snprintf(buf, sizeof buf, format, a);
  return buf;
}

std::string limit_text(const char *format, double a, double b) {
  char buf[96];
  std::snprintf(buf, sizeof buf, format, a, b);
  return buf;
}

std::string window_text(Range r) { return limit_text("%.0f–%.0f px", r.min, r.max); }

const LandmarkMeasures *only_face(const Measurements &m) { return m.face && m.face_count == 1 ? &*m.face : nullptr; }

const PixelMeasures *pixels_of(const Measurements &m) { return m.pixels ? &*m.pixels : nullptr; }

std::optional<CheckResult> framing_without_photo(std::string_view id, const Measurements &m) {
  if (m.framing) return std::nullopt;
  if (m.crop && !m.crop->fits && m.crop->gave_up == id) return unmeasured(id, Bilingual{m.crop->reason_zh, m.crop->reason_en});
  return unmeasured(id, kNoPhoto);
}

}  // namespace gradbooth::models::checks
