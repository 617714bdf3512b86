#include "panel_views.h"

#include <algorithm>

namespace gradbooth::core {

Result<std::vector<AttemptView>> recent_attempt_views(Store &store, int limit) {
  auto recent = store.recent_attempts(limit);
  if (!recent) return recent.error();
  std::vector<AttemptView> out;
  out.reserve(recent->size());
  for (auto &a : *recent) {
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
  auto live = store.accepted_photos();
  if (!live) return live.error();
  // Attempt ids grow with time and a retake's accept moves the number to the new attempt: the
  // live number with the newest attempt is the one accepted last.
  const auto last = std::max_element(live->begin(), live->end(),
                                     [](const AcceptedPhoto &a, const AcceptedPhoto &b) { return a.attempt < b.attempt; });
  if (last == live->end()) return std::optional<SequenceNumber>{};
  return std::optional<SequenceNumber>{last->number};
}

Result<PanelCounts> panel_counts(Store &store) {
  auto s = store.stats();
  if (!s) return s.error();
  PanelCounts c;
  c.accepted = s->accepted;
  c.attempts = s->attempts;
  c.voided = s->voided;
  c.overrides = s->overrides;
  c.skips = s->skips;
  c.numbers_left = s->numbers_left;
  return c;
}

std::filesystem::path new_export_folder(const Store &store, std::time_t now) {
  char stamp[32];
  std::tm local{};
  localtime_r(&now, &local);
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &local);
  return store.dir() / "exports" / stamp;
}

} // namespace gradbooth::core
