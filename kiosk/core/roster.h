// The school's student list: CSV (UTF-8 ± BOM, GBK/GB18030 detected) or XLSX → RosterEntry rows,
// with a validation report that names row numbers. Pure parsing; the store keeps the result.
#pragma once

#include "config.h"
#include "id_number.h"
#include "xlsx_read.h"

#include <gradbooth/result.h>

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gradbooth::core {

struct RosterEntry {
  std::string student_number;       // 学号
  std::string name;                 // 姓名
  Gender gender = Gender::Unknown;  // 性别
  std::string id_number;            // 身份证号, 18 chars, upper-case X
  std::string level;                // 学历层次 after mapping: 成人专科 | 成人本科
  std::string raw_level;            // as written in the roster (高起专, …)
  int row = 0;                      // 1-based row in the file (the header is row 1)
};

// One problem found in the file. Rows with issues of kind "error" are not imported.
struct RosterIssue {
  int row = 0;       // 0 = the whole file (e.g. a missing column)
  std::string code;  // roster.bad_checksum, roster.duplicate_id, roster.duplicate_student_number,
                     // roster.gender_mismatch, roster.unknown_level, roster.missing_field, …
  std::string message_en;
  std::string message_zh;
};

struct RosterParse {
  std::vector<RosterEntry> entries;  // valid rows only
  std::vector<RosterIssue> issues;
  std::string encoding;  // "utf-8", "utf-8-bom", "gb18030", "xlsx"
  int rows_read = 0;     // data rows seen (without the header)
};

// Detects the kind by content: XLSX (zip magic), legacy .xls (refused: "save it as .xlsx"), CSV or
// tab-separated text in UTF-8 (± BOM), GBK/GB18030 or UTF-16 with BOM (Excel's "Unicode text").
// Error when the file cannot be read at all (no header, duplicate or ambiguous header columns, a
// size limit of SheetLimits passed); row problems land in `issues`.
Result<RosterParse> parse_roster_file(const std::filesystem::path &file, const RosterConfig &cfg = {});
Result<RosterParse> parse_roster_csv(std::string_view bytes, const RosterConfig &cfg = {}, const SheetLimits &limits = {});
Result<RosterParse> parse_roster_xlsx(const std::filesystem::path &file, const RosterConfig &cfg = {});
// Rows (the first non-empty one is the header) → entries; shared by CSV and XLSX.
RosterParse validate_roster_sheet(const SparseSheet &rows, const RosterConfig &cfg);
// Dense form (row i = file row i + 1), for callers that build rows in memory.
RosterParse validate_roster_rows(const std::vector<std::vector<std::string>> &rows, const RosterConfig &cfg);
// The issue that makes the whole file unusable (missing/duplicate column, no header), if any.
std::optional<Error> roster_file_error(const RosterParse &parsed);
// RFC 4180 text (',' or, when the first line has none, tab or ';') → sparse rows within limits.
Result<SparseSheet> split_delimited(std::string_view text, const SheetLimits &limits = {}, const ColumnPicker &pick = {});
// The ColumnPicker of the roster readers: on the header row (the first non-blank one), the
// columns that name a roster field; the header row itself is kept whole.
std::optional<std::vector<int>> roster_columns(const SheetRow &row);

// Encoding helpers (iconv from glibc).
bool is_valid_utf8(std::string_view s);
Result<std::string> gb18030_to_utf8(std::string_view s);
Result<std::string> utf8_to_gb18030(std::string_view s);
Result<std::string> utf16_to_utf8(std::string_view s, bool little_endian);

}  // namespace gradbooth::core
