#include "report_data.h"
#include "try.h"

#include "durable_file.h"
#include "enum_names.h"
#include "id_number.h"
#include "image/decode.h"
#include "image/spec_jpeg.h"

#include <gradbooth/clock_text.h>

#include <algorithm>
#include <ctime>
#include <map>
#include <set>

namespace gradbooth::core {

namespace {

// "2026-12-01T14:05:09.123Z" (UTC) → the local hour it falls in, "12-01 22:00".
std::string local_hour(const std::string &iso) {
  std::tm t{};
  if (iso.size() < 19 || !::strptime(iso.substr(0, 19).c_str(), "%Y-%m-%dT%H:%M:%S", &t)) return "?";
  const std::time_t when = ::timegm(&t);
  return clock_text("%m-%d %H:00", Zone::Local, when);
}

std::vector<std::uint8_t> thumbnail_of(const std::filesystem::path &spec, int denom) {
  if (spec.empty()) return {};
  auto bytes = read_file_bytes(spec);
  if (!bytes) return {};
  auto img = models::decode_jpeg(as_bytes(*bytes), denom);
  if (!img) return {};
  auto jpeg = models::encode_jpeg_at(img->bgr, 75, 72);
  return jpeg ? std::move(*jpeg) : std::vector<std::uint8_t>{};
}

}  // namespace

const char *verdict_zh(Verdict v) {
  constexpr const char *kNames[] = {"通过", "人工放行", "已作废", "重拍", "已被重拍取代"};
  static_assert(std::size(kNames) == count_of(Verdict::Replaced));
  return enum_name(v, kNames, "");
}

const char *verdict_en(Verdict v) {
  constexpr const char *kNames[] = {"passed", "overridden", "voided", "retake", "replaced by a retake"};
  static_assert(std::size(kNames) == count_of(Verdict::Replaced));
  return enum_name(v, kNames, "");
}

Result<ReportData> collect_report(Store &store, std::string_view batch, int thumb_denom) {
  ReportData r;
  r.batch = std::string(batch);
  r.generated_utc = clock_text("%Y-%m-%dT%H:%M:%SZ", Zone::Utc);
  TRY_ASSIGN(r.stats, store.stats());

  TRY_ASSIGN(auto live, store.accepted_photos());
  std::set<AttemptId> live_attempts;
  for (const auto &p : live) live_attempts.insert(p.attempt);

  TRY_ASSIGN(auto attempts, store.recent_attempts(-1));
  std::reverse(attempts.begin(), attempts.end());  // oldest first
  std::map<std::string, int> hours;
  for (const auto &a : attempts) {
    ReportPhoto p;
    p.attempt = a.id;
    if (a.number) p.number = a.number->text();
    p.masked_id = mask_id_number(a.id_number);
    p.name = a.name;
    p.at = a.at;
    p.reason = a.failed_checks.empty() ? "" : a.failed_checks.front();
    p.reason_zh = a.reason_zh;
    if (a.status == AttemptStatus::Accepted)
      p.verdict = !live_attempts.count(a.id) ? Verdict::Voided : a.pass ? Verdict::Passed : Verdict::Overridden;
    else  // a photo that passed but the student chose to retake was replaced; the rest need a retake
      p.verdict = a.pass && a.status != AttemptStatus::Pending ? Verdict::Replaced : Verdict::Retake;
    p.thumbnail = thumbnail_of(a.spec_file, thumb_denom);
    ++hours[a.at.substr(0, 13)];  // UTC hour; the label is made local below
    r.photos.push_back(std::move(p));
  }
  for (const auto &[utc_hour, n] : hours) r.per_hour.emplace_back(local_hour(utc_hour + ":00:00"), n);

  TRY_ASSIGN(auto missing, store.students_without_number());
  r.missing = std::move(missing);
  return r;
}

}  // namespace gradbooth::core
