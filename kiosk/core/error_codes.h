// The stable error codes of kiosk/core (Error::code): callers branch on these names, tests and
// logs read the strings, so a string never changes once shipped.
#pragma once

namespace gradbooth::core::errc {

// the session store
inline constexpr char store_bad_batch[] = "store.bad_batch";
inline constexpr char store_bad_database[] = "store.bad_database";
inline constexpr char store_bad_range[] = "store.bad_range";
inline constexpr char store_io[] = "store.io";
inline constexpr char store_lock[] = "store.lock";
inline constexpr char store_lost_photo[] = "store.lost_photo";
inline constexpr char store_needs_override[] = "store.needs_override";
inline constexpr char store_needs_supervisor[] = "store.needs_supervisor";
inline constexpr char store_newer_schema[] = "store.newer_schema";
inline constexpr char store_no_attempt[] = "store.no_attempt";
inline constexpr char store_no_batch[] = "store.no_batch";
inline constexpr char store_no_database[] = "store.no_database";
inline constexpr char store_no_number[] = "store.no_number";
inline constexpr char store_no_original[] = "store.no_original";
inline constexpr char store_no_quarantined[] = "store.no_quarantined";
inline constexpr char store_no_spec_photo[] = "store.no_spec_photo";
inline constexpr char store_not_on_roster[] = "store.not_on_roster";
inline constexpr char store_not_pending[] = "store.not_pending";
inline constexpr char store_open[] = "store.open";
inline constexpr char store_other_batch[] = "store.other_batch";
inline constexpr char store_quarantine[] = "store.quarantine";
inline constexpr char store_range_full[] = "store.range_full";
inline constexpr char store_readonly[] = "store.readonly";
inline constexpr char store_restore_exists[] = "store.restore_exists";

// a device that reported its fault as text only
inline constexpr char device_fault[] = "device.fault";

// SQLite (sqlite_db.cpp)
inline constexpr char db_constraint[] = "db.constraint";
inline constexpr char db_error[] = "db.error";
inline constexpr char db_open[] = "db.open";

// files
inline constexpr char io_disk_full[] = "io.disk_full";
inline constexpr char io_error[] = "io.error";
inline constexpr char io_permission[] = "io.permission";

// roster files and import
inline constexpr char roster_bad_checksum[] = "roster.bad_checksum";
inline constexpr char roster_bad_gender[] = "roster.bad_gender";
inline constexpr char roster_bad_name[] = "roster.bad_name";
inline constexpr char roster_bad_student_number[] = "roster.bad_student_number";
inline constexpr char roster_binary[] = "roster.binary";
inline constexpr char roster_duplicate_column[] = "roster.duplicate_column";
inline constexpr char roster_duplicate_id[] = "roster.duplicate_id";
inline constexpr char roster_duplicate_student_number[] = "roster.duplicate_student_number";
inline constexpr char roster_empty[] = "roster.empty";
inline constexpr char roster_encoding[] = "roster.encoding";
inline constexpr char roster_gender_mismatch[] = "roster.gender_mismatch";
inline constexpr char roster_legacy_xls[] = "roster.legacy_xls";
inline constexpr char roster_missing_column[] = "roster.missing_column";
inline constexpr char roster_missing_field[] = "roster.missing_field";
inline constexpr char roster_student_number_taken[] = "roster.student_number_taken";
inline constexpr char roster_too_large[] = "roster.too_large";
inline constexpr char roster_unknown_level[] = "roster.unknown_level";
inline constexpr char roster_unreadable[] = "roster.unreadable";

// supervisor decisions the booth state refuses
inline constexpr char workflow_done[] = "workflow.done";
inline constexpr char workflow_fault[] = "workflow.fault";
inline constexpr char workflow_no_number[] = "workflow.no_number";
inline constexpr char workflow_no_student[] = "workflow.no_student";
inline constexpr char workflow_not_in_review[] = "workflow.not_in_review";
inline constexpr char workflow_not_on_roster[] = "workflow.not_on_roster";
inline constexpr char workflow_not_paused[] = "workflow.not_paused";
inline constexpr char workflow_nothing_to_override[] = "workflow.nothing_to_override";
inline constexpr char workflow_paused[] = "workflow.paused";
inline constexpr char workflow_photo_passed[] = "workflow.photo_passed";
inline constexpr char workflow_range_full[] = "workflow.range_full";
inline constexpr char workflow_reason_required[] = "workflow.reason_required";

}  // namespace gradbooth::core::errc
