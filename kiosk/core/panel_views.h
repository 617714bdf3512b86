// What the supervisor panel shows, read from the store: the last attempts with the path of their
// photo, the last accepted number (what "void last" voids), and the day's counts. The UI reads
// these and never touches SQLite or the batch folder's layout.
#pragma once

#include "store.h"

#include <gradbooth/result.h>

#include <ctime>
#include <filesystem>
#include <optional>
#include <vector>

namespace gradbooth::core {

struct AttemptView {
  AttemptSummary attempt;
  std::filesystem::path photo;  // the spec photo; empty when the shot could not be cropped
};

struct PanelCounts {
  int accepted = 0;      // live numbers
  int attempts = 0;
  int voided = 0;
  int overrides = 0;
  int skips = 0;
  int numbers_left = 0;
};

// Newest first.
Result<std::vector<AttemptView>> recent_attempt_views(Store &store, int limit);
// The live number accepted most recently (a retake's re-accept counts as recent); none when
// nothing is numbered or everything was voided.
Result<std::optional<SequenceNumber>> last_accepted_number(Store &store);
Result<PanelCounts> panel_counts(Store &store);
// Where the panel's export button writes: a new folder under the batch's exports/, named by the
// local time (20261201-154500).
std::filesystem::path new_export_folder(const Store &store, std::time_t now);

} // namespace gradbooth::core
