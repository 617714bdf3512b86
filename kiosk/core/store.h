// The session store: one SQLite file per batch plus its photo files (store_layout.h says where).
// Everything that must never be lost goes through here.
// Files are written temp → fsync → rename → dir fsync before the row naming them commits; opening a
// store repairs what a crash between those steps can leave (a photo file without its row, a
// replaced photo whose row did not commit). Files are 0600, directories 0700.
// One Store per thread (it owns one SQLite connection). Its parts: store.cpp (open, schema),
// store_recovery.cpp, store_roster.cpp, store_attempts.cpp (attempts and numbering), store_reports.cpp.
#pragma once

#include "progress.h"
#include "roster.h"
#include "store_layout.h"

#include <gradbooth/result.h>

#include <cstdint>
#include <filesystem>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gradbooth::core {

struct StoreOptions {
  std::filesystem::path data_dir;  // [booth].data_dir
  std::string batch;               // [booth].batch: letters, digits, '-', '_', '.'; no path parts
  std::string booth_id = "booth-1";
  int sequence_first = 1;  // this booth's range, inclusive
  int sequence_last = 9999;
};

// What a card read turned out to be (kept for the supervisor and the stats).
enum class CardReadOutcome { Matched, NotOnRoster, Mismatch, AlreadyPhotographed };
// Stable name of an outcome ("matched", "not_on_roster", …): stored with each card read, journalled.
const char *outcome_name(CardReadOutcome o);

struct CardReadRecord {
  std::string id_number;
  std::string name;
  Gender gender = Gender::Unknown;
  CardReadOutcome outcome = CardReadOutcome::Matched;
};

// One capture: the camera original and (when analysis produced one) the spec photo.
struct AttemptInput {
  std::string id_number;  // the student (must be on the roster)
  std::span<const std::uint8_t> original_jpeg;
  std::span<const std::uint8_t> spec_jpeg;  // empty when the shot could not be cropped
  std::string measures_json;                // PhotoReport::measures_json
  std::string crop_json;                    // the CropPlan, as JSON
  bool pass = false;                        // all hard checks passed
  std::vector<std::string> failed_checks;   // ids of failing checks ("pose_yaw", …) for stats
  std::string reason_zh;                    // the first failing reason, for the supervisor panel
};

enum class AttemptStatus { Pending, Accepted, Rejected, Superseded };

struct AttemptSummary {
  AttemptId id = 0;
  std::string id_number;
  std::string name;
  std::string student_number;
  std::string at;  // UTC, ISO 8601
  bool pass = false;
  std::vector<std::string> failed_checks;
  std::string reason_zh;
  AttemptStatus status = AttemptStatus::Pending;
  std::optional<SequenceNumber> number;  // when accepted
  std::filesystem::path spec_file;       // the attempt's spec photo (absolute); empty when none was made
};

// Who decided, and why (supervisor actions). `who` empty = the student themself.
struct Decision {
  std::string who;
  std::string why;
};

struct AcceptedPhoto {
  SequenceNumber number;
  RosterEntry student;
  AttemptId attempt = 0;
  std::filesystem::path file;  // absolute path of photos/NNNN.jpg
  std::string sha256;          // hex, of the file
  std::string accepted_at;
};

struct RosterImportSummary {
  int inserted = 0;
  int updated = 0;
  int unchanged = 0;
  std::vector<RosterIssue> issues;  // rows the store refused (e.g. student number held by another ID)
};

struct StoreStats {
  std::string batch;
  int roster = 0;
  int card_reads = 0;
  int students_attempted = 0;
  int attempts = 0;
  int accepted = 0;  // live numbers
  int voided = 0;
  int overrides = 0;
  int skips = 0;
  int first_try_pass = 0;            // students whose first attempt passed
  double first_try_pass_rate = 0.0;  // first_try_pass / students_attempted
  int numbers_left = 0;
  std::vector<std::pair<std::string, int>> top_failures;  // check id → count, most first
};

// A file recovery moved aside instead of deleting it (Store::quarantined()).
struct QuarantinedFile {
  std::string entry;  // "20261201T142501Z/originals/A12.jpg", relative to quarantine/
  std::string from;   // where it lay: "originals/A12.jpg", relative to the batch folder
  std::uint64_t bytes = 0;
};

class Store {
public:
  // Creates the batch folder and schema when absent, migrates older schemas, repairs after a crash.
  // A folder that holds photo files but no usable database (missing, empty, not SQLite, another
  // batch's, a newer schema) is refused (store.no_database, store.bad_database, store.other_batch,
  // store.newer_schema) and left exactly as it was: recovery would otherwise treat every photo as
  // a stray. Strays of a usable database are moved to quarantine/, never deleted.
  static Result<Store> open(const StoreOptions &opts);
  // Opens an existing batch without creating, migrating or repairing anything: read-only for
  // reporting, or `writable` for commands that append (the export's audit row, quarantine restore).
  static Result<Store> open_existing(const std::filesystem::path &data_dir, std::string_view batch, bool writable = false);

  Store(Store &&) noexcept;
  Store &operator=(Store &&) noexcept;
  ~Store();

  const std::filesystem::path &dir() const;
  const BatchLayout &layout() const;
  const StoreOptions &options() const;

  // Roster: upsert by ID number (re-import updates, never duplicates). One transaction.
  Result<RosterImportSummary> import_roster(const std::vector<RosterEntry> &entries, const ProgressFn &progress = {});
  Result<std::optional<RosterEntry>> find_student(std::string_view id_number);
  Result<std::optional<RosterEntry>> find_student_by_number(std::string_view student_number);
  // Roster students with no live number (who still needs a photo), in student-number order.
  Result<std::vector<RosterEntry>> students_without_number();
  Result<int> roster_size();

  Status record_card_read(const CardReadRecord &read);
  // ID numbers whose card was read at this booth and that hold no live number now (left without
  // one: skipped, "not me", walked away, voided), distinct, sorted.
  Result<std::vector<std::string>> card_readers_without_number();

  // The student's live number, if already photographed.
  Result<std::optional<SequenceNumber>> number_of(std::string_view id_number);
  // Numbers still free in this booth's range.
  Result<int> numbers_left();
  // Before capture: OK when the student already has a number or the range is not exhausted;
  // error "store.range_full" otherwise (so nobody is photographed who cannot be numbered).
  Status can_number(std::string_view id_number);

  // Writes the files (original, spec) and the attempt row. Status Pending.
  Result<AttemptId> record_attempt(const AttemptInput &in);
  // Accepts an attempt: in ONE transaction assigns the student's number (their existing one on a
  // retake, else the next never-used one in range), places photos/NNNN.jpg, marks the attempt.
  // A failing attempt needs `d.who` (a supervisor override, recorded). Errors: store.range_full,
  // store.needs_override, store.not_pending, store.no_spec_photo, store.io.
  Result<SequenceNumber> accept(AttemptId attempt, const Decision &d = {});
  // Student (or supervisor) chose a retake: the attempt stays on file as Rejected.
  Status reject(AttemptId attempt, const Decision &d = {});
  // A number is withdrawn for good (never reused); the student may be photographed again later.
  Status void_number(SequenceNumber n, const Decision &d);
  // Supervisor let a student go without a photo, or allowed a roster mismatch, etc.
  Status record_override(std::string_view kind, std::string_view id_number, const Decision &d);
  Status skip_student(std::string_view id_number, const Decision &d);

  Result<std::vector<AttemptSummary>> recent_attempts(int limit = 20);  // newest first; limit -1: all
  // Where the attempt's spec photo is kept (it may not exist: a shot that could not be cropped).
  std::filesystem::path attempt_photo(AttemptId attempt) const;
  Result<std::vector<AcceptedPhoto>> accepted_photos();  // live numbers, sorted
  Result<StoreStats> stats();
  // Appends to the audit log (everything above already does this for its own changes).
  Status audit(std::string_view actor, std::string_view action, std::string_view subject, std::string_view detail = {});

  // What open() repaired (for logs/tests): files quarantined/restored.
  const std::vector<std::string> &recovery_log() const;

  // Files recovery moved to quarantine/, oldest first.
  Result<std::vector<QuarantinedFile>> quarantined() const;
  // Moves a quarantined file back where it lay (never over an existing file) with an audit row.
  // Returns whether the database accounts for it now (else the next recovery moves it aside again).
  Result<bool> restore_quarantined(std::string_view entry, std::string_view actor);

  struct Impl;

private:
  explicit Store(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gradbooth::core
