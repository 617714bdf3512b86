#include "panel_views.h"
#include "try.h"

#include "id_number.h"

#include <gradbooth/clock_text.h>

#include <algorithm>
#include <cstdio>

namespace gradbooth::core {

Result<std::vector<AttemptView>> recent_attempt_views(Store &store, int limit) {
  TRY_ASSIGN(auto recent, store.recent_attempts(limit));
  std::vector<AttemptView> out;
  out.reserve(recent.size());
  for (auto &a : recent) {
    AttemptView v;
    std::error_code ec;
    auto photo = store.attempt_photo(a.id);
    if (std::filesystem::exists(photo, ec)) v.photo = std::move(photo);
    v.attempt = std::move(a);
    out.push_back(std::move(v));
  }
  return out;
}

Result<std::optional<SequenceNumber>> last_accepted_number(Store &store) {
  TRY_ASSIGN(auto live, store.accepted_photos());
  // Attempt ids grow with time and a retake's accept moves the number to the new attempt: the
  // live number with the newest attempt is the one accepted last.
  const auto last =
      std::max_element(live.begin(), live.end(), [](const AcceptedPhoto &a, const AcceptedPhoto &b) { return a.attempt < b.attempt; });
  if (last == live.end()) return std::optional<SequenceNumber>{};
  return std::optional<SequenceNumber>{last->number};
}

Result<PanelCounts> panel_counts(Store &store) {
  TRY_ASSIGN(auto s, store.stats());
  return PanelCounts{.accepted = s.accepted,
                     .attempts = s.attempts,
                     .voided = s.voided,
                     .overrides = s.overrides,
                     .skips = s.skips,
                     .numbers_left = s.numbers_left};
}

std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view iso) {
  std::tm tm{};
  int consumed = 0;
  const std::string text(iso);
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour, &tm.tm_min, &tm.tm_sec,
                  &consumed) != 6 ||
      consumed != 19)
    return std::nullopt;
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  const std::time_t t = timegm(&tm);
  if (t == static_cast<std::time_t>(-1)) return std::nullopt;
  return std::chrono::system_clock::from_time_t(t);
}

Result<QueueView> queue_view(Store &store, std::chrono::system_clock::time_point now, std::string_view current_id) {
  QueueView q;
  TRY_ASSIGN(auto roster, store.roster_size());
  q.roster = roster;
  TRY_ASSIGN(auto live, store.accepted_photos());
  q.done = static_cast<int>(live.size());
  const auto hour_ago = now - std::chrono::hours(1);
  for (const auto &p : live)
    if (auto at = parse_utc(p.accepted_at); at && *at > hour_ago && *at <= now) ++q.last_hour;
  // The rate of the last hour, not of the day: a booth that paused for lunch would otherwise
  // promise an end it cannot keep.
  const int remaining = std::max(0, q.roster - q.done);
  if (remaining == 0) q.eta_min = 0;
  else if (q.last_hour > 0) q.eta_min = (remaining * 60 + q.last_hour - 1) / q.last_hour;
  TRY_ASSIGN(auto left, store.card_readers_without_number());
  q.left_without_number = static_cast<int>(left.size());
  if (!current_id.empty() && std::binary_search(left.begin(), left.end(), normalize_id_number(current_id))) --q.left_without_number;
  return q;
}

std::filesystem::path new_export_folder(const Store &store, std::time_t now) {
  return store.layout().exports() / clock_text("%Y%m%d-%H%M%S", Zone::Local, now);
}

}  // namespace gradbooth::core
