// What the supervisor panel shows, read from the store: the last attempts with the path of their
// photo, the last accepted number (what "void last" voids), and the day's counts. The UI reads
// these and never touches SQLite or the batch folder's layout.
#pragma once

#include "store.h"

#include <gradbooth/result.h>

#include <chrono>
#include <ctime>
#include <filesystem>
#include <optional>
#include <string_view>
#include <vector>

namespace gradbooth::core {

struct AttemptView {
  AttemptSummary attempt;
  std::filesystem::path photo;  // the spec photo; empty when the shot could not be cropped
};

struct PanelCounts {
  int accepted = 0;  // live numbers
  int attempts = 0;
  int voided = 0;
  int overrides = 0;
  int skips = 0;
  int numbers_left = 0;
};

// How the roster is getting on: what the photographer needs to tell the queue outside.
struct QueueView {
  int done = 0;  // roster students holding a live number
  int roster = 0;
  int last_hour = 0;            // numbers accepted in the hour before `now`
  std::optional<int> eta_min;   // to the end of the roster at last hour's rate; none without a rate
  int left_without_number = 0;  // card read, no live number, and not the student at the booth now
};

// Newest first.
Result<std::vector<AttemptView>> recent_attempt_views(Store &store, int limit);
// The live number accepted most recently (a retake's re-accept counts as recent); none when
// nothing is numbered or everything was voided.
Result<std::optional<SequenceNumber>> last_accepted_number(Store &store);
Result<PanelCounts> panel_counts(Store &store);
// `now` is wall-clock time (accepted_at is UTC); `current_id` is the student at the booth now
// (still in their visit, so not one who left).
Result<QueueView> queue_view(Store &store, std::chrono::system_clock::time_point now, std::string_view current_id = {});
// "2026-12-01T15:45:00.123Z" (the store's timestamps); none when it is not one.
std::optional<std::chrono::system_clock::time_point> parse_utc(std::string_view iso);
// Where the panel's export button writes: a new folder under the batch's exports/, named by the
// local time (20261201-154500).
std::filesystem::path new_export_folder(const Store &store, std::time_t now);

}  // namespace gradbooth::core
