// Method 2 (方式二): photos collected elsewhere, one file per student named by ID number or
// student number, run through the same checks and crop, numbered, exported. The checker is passed
// in (the admin command wires the models Analyzer) so this stays testable without the face model.
#pragma once

#include "package.h"
#include "store.h"

#include <gradbooth/result.h>

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace gradbooth::core {

struct CheckedPhoto {
  bool pass = false;
  std::vector<std::string> failed_checks;           // ids of failing hard checks
  std::vector<std::string> reasons_zh, reasons_en;  // one per failing check
  std::vector<std::uint8_t> spec_jpeg;              // empty: the crop could not be made
  std::string measures_json, crop_json;
};
using PhotoChecker = std::function<Result<CheckedPhoto>(std::span<const std::uint8_t> camera_jpeg)>;

struct BatchItem {
  std::string file;       // name inside the photos folder
  std::string id_number;  // matched student ('' when unmatched)
  std::string name;
  std::optional<SequenceNumber> number;
  bool ok = false;
  std::string code;  // batch.unmatched, batch.duplicate, batch.not_jpeg, batch.failed_checks, …
  std::string reason_zh, reason_en;
};

struct BatchReport {
  std::vector<BatchItem> items;  // one per file, in processing order
  int numbered = 0;
  int failed = 0;
  std::vector<std::string> missing;  // roster students with no photo file (masked ID + name)
  std::optional<PackageSummary> package;
  std::filesystem::path report_csv;  // <out>.report.csv (UTF-8 with BOM): every file and its outcome
};

// Matches, checks, records and accepts every photo, then exports the batch's live photos to
// opts.out (skipped when opts.out is empty). Per-photo problems land in the report, not the error.
// `progress` is called after each matched photo was checked (opts.progress then follows the export).
Result<BatchReport> run_batch(Store &store, const std::filesystem::path &photos_dir, const PhotoChecker &check,
                              const StationConfig &station, const PackageOptions &opts, const ProgressFn &progress = {});

}  // namespace gradbooth::core
