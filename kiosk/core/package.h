// The agency package (SPEC §3, §5): photos/NNNN.jpg, the 9-field database as XLSX and CSV, a cover
// text with the station's contact, and manifest.sha256 over every file. Export, merge and batch
// all write it through write_package(); verify_package() checks one.
#pragma once

#include "config.h"
#include "progress.h"
#include "store.h"

#include <gradbooth/result.h>

#include <filesystem>
#include <string>
#include <vector>

namespace gradbooth::core {

// The 9 fields, in the agency's order.
inline constexpr const char *kPackageFields[9] = {"拍摄序号", "学历层次", "学号",     "姓名",    "性别",
                                                  "身份证号", "所在校别", "院校代码", "学校名称"};
inline constexpr const char *kDatabaseXlsx = "database.xlsx";
inline constexpr const char *kDatabaseCsv = "database.csv";
inline constexpr const char *kCoverTxt = "cover.txt";
inline constexpr const char *kManifest = "manifest.sha256";

struct PackageRow {
  SequenceNumber number;
  std::string level, student_number, name, gender, id_number, school_type, school_code, school_name;
  std::filesystem::path photo;     // source file to copy as photos/NNNN.jpg
  std::filesystem::path original;  // optional camera original (--originals)
  std::string photo_sha256;        // expected hash of `photo` (empty: not checked)
};

struct PackageOptions {
  std::filesystem::path out;  // the folder to create (must not exist, or be empty)
  bool zip = false;           // also write <out>.zip
  bool gbk = false;           // database.csv in GB18030 instead of UTF-8 with BOM
  bool originals = false;     // include originals/NNNN.jpg
  std::string label;          // batch / source, for the cover text
  std::string booth;
  // The booths' number ranges this package may hold, written into the cover text so that merge
  // and verify can check them (export: the store's range; merge: the union of its inputs').
  std::vector<std::pair<int, int>> ranges;
  std::string actor = "admin";  // who exported, for the audit row
  ProgressFn progress;          // after each photo written (export, merge, batch's export)
};

// What the cover text records for machines: the ranges and when the package was made.
struct CoverFacts {
  std::vector<std::pair<int, int>> ranges;  // empty: an export written before ranges were recorded
  std::string booth;
  std::string created_utc;  // ISO 8601, "" when absent
};
CoverFacts read_cover_facts(const std::string &cover_text);
std::string ranges_text(const std::vector<std::pair<int, int>> &ranges);  // "0001–4999, 5001–9999"

// A CSV cell a spreadsheet would run as a formula (= + - @, tab, CR first) gets a leading ' so
// it is shown as text; verify and merge undo it when they read the cell back.
std::string csv_neutralise(const std::string &cell);
std::string csv_unneutralise(const std::string &cell);
bool csv_formula_like(const std::string &cell);

struct PackageSummary {
  int photos = 0;
  std::filesystem::path dir;
  std::filesystem::path zip;
  std::uint64_t bytes = 0;            // total bytes written (photos included)
  std::vector<std::string> warnings;  // e.g. gaps left by voided numbers
};

// Rows must already be sorted by number and unique. Builds the package in a sibling temp folder,
// then renames it into place: a failed export leaves nothing half-written at `out`.
Result<PackageSummary> write_package(const std::vector<PackageRow> &rows, const StationConfig &station, const PackageOptions &opts);

// The batch's live photos → package.
Result<PackageSummary> export_batch(Store &store, const StationConfig &station, PackageOptions opts);

// One problem found by verify.
struct PackageProblem {
  std::string where;  // "photos/0003.jpg", "database.csv row 4", …
  std::string code;   // verify.size, verify.dpi, verify.manifest, …
  std::string message_en, message_zh;
  bool warning = false;  // flagged, not fatal (e.g. a photo under 550 KB but ≥ 40 KB)
};

struct PackageReport {
  int rows = 0;
  int photos = 0;
  std::vector<PackageProblem> problems;
  std::vector<PackageRow> table;  // the database rows read (photo = path inside the package)
  bool ok() const {
    for (const auto &p : problems)
      if (!p.warning) return false;
    return true;
  }
};

// A folder or a .zip (extracted to a private temp folder first).
Result<PackageReport> verify_package(const std::filesystem::path &dir_or_zip, const ProgressFn &progress = {});

struct MergeSummary {
  PackageSummary package;
  std::vector<std::string> duplicates;  // students present in more than one export: which number was kept
};

// How a student present in more than one input is resolved. Default: refused, naming the numbers.
struct MergeChoice {
  std::vector<int> keep;       // --keep NUMBER: that number stays, the student's other numbers go
  bool prefer_newest = false;  // --prefer newest: the row of the most recently exported input stays
};

// Joins several exports (folders or zips, mixed). Refuses (nothing written): an input that fails
// verify (merge.bad_input), overlapping booth ranges or numbers (merge.overlap), a number outside
// its export's recorded range (merge.out_of_range), a student present twice without a choice
// (merge.duplicate_student), a student number held by two ID numbers (merge.duplicate_student_number).
// What it writes passes verify_package (checked before it returns).
Result<MergeSummary> merge_packages(const std::vector<std::filesystem::path> &inputs, const StationConfig &station,
                                    const PackageOptions &opts, const MergeChoice &choice = {});

}  // namespace gradbooth::core
