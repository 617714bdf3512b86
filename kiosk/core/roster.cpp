// Roster validation, shared by the CSV and XLSX readers (roster_file.cpp, xlsx_read.cpp).
#include "roster.h"

#include "error_codes.h"

#include <algorithm>
#include <cctype>
#include <unordered_map>

namespace gradbooth::core {
namespace fs = std::filesystem;

namespace {

std::string trim(std::string_view s) {
  auto is_blank = [](unsigned char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; };
  while (!s.empty() && is_blank(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && is_blank(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  // Full-width spaces (U+3000) are common in Chinese spreadsheets.
  while (s.size() >= 3 && s.substr(0, 3) == "\xE3\x80\x80") s.remove_prefix(3);
  while (s.size() >= 3 && s.substr(s.size() - 3) == "\xE3\x80\x80") s.remove_suffix(3);
  return std::string(s);
}

std::string header_key(std::string_view s) {
  std::string t = trim(s);
  std::string out;
  for (char c : t) {
    if (c == ' ' || c == '_' || c == '-' || c == '*') continue;
    out.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
  }
  return out;
}

enum Column { kStudentNumber, kName, kGender, kIdNumber, kLevel, kColumns };

int column_of(std::string_view header) {
  static const std::unordered_map<std::string, int> kAliases = {
      {"学号", kStudentNumber},
      {"学生编号", kStudentNumber},
      {"studentnumber", kStudentNumber},
      {"studentno", kStudentNumber},
      {"studentid", kStudentNumber},
      {"sno", kStudentNumber},
      {"姓名", kName},
      {"name", kName},
      {"studentname", kName},
      {"性别", kGender},
      {"gender", kGender},
      {"sex", kGender},
      {"身份证号", kIdNumber},
      {"身份证号码", kIdNumber},
      {"身份证", kIdNumber},
      {"证件号码", kIdNumber},
      {"idnumber", kIdNumber},
      {"idcard", kIdNumber},
      {"idno", kIdNumber},
      {"id", kIdNumber},
      {"学历层次", kLevel},
      {"层次", kLevel},
      {"培养层次", kLevel},
      {"level", kLevel},
      {"educationlevel", kLevel},
  };
  auto it = kAliases.find(header_key(header));
  return it == kAliases.end() ? -1 : it->second;
}

RosterIssue issue(int row, std::string code, std::string en, std::string zh) {
  return RosterIssue{row, std::move(code), std::move(en), std::move(zh)};
}

// Code points of valid UTF-8 (the readers only hand over valid UTF-8).
std::vector<char32_t> code_points(std::string_view s) {
  std::vector<char32_t> out;
  for (size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const int len = c < 0x80 ? 1 : (c & 0xE0) == 0xC0 ? 2 : (c & 0xF0) == 0xE0 ? 3 : 4;
    char32_t cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
    for (int k = 1; k < len && i + static_cast<size_t>(k) < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + static_cast<size_t>(k)]) & 0x3F);
    out.push_back(cp);
    i += static_cast<size_t>(len);
  }
  return out;
}

bool ascii_alnum(char32_t c) { return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'); }

// Letters a name may hold: Latin (with accents), CJK (all planes the card's GB 18030 names use),
// and a few scripts of minority names. No digits, symbols or control characters.
bool name_letter(char32_t c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= 0xC0 && c <= 0x24F && c != 0xD7 && c != 0xF7) ||
      (c >= 0x2E80 && c <= 0x2FDF) || (c >= 0x3005 && c <= 0x3007) || (c >= 0x3400 && c <= 0x4DBF) || (c >= 0x4E00 && c <= 0x9FFF) ||
      (c >= 0xF900 && c <= 0xFAFF) || (c >= 0x20000 && c <= 0x3134F) || (c >= 0x0F00 && c <= 0x0FFF) ||  // Tibetan
      (c >= 0x0600 && c <= 0x06FF) ||                                                                    // Arabic script (Uyghur)
      (c >= 0x1800 && c <= 0x18AF);                                                                      // Mongolian
}

// 学号: letters, digits and '-', starting with a letter or digit (nothing a spreadsheet runs).
bool student_number_ok(std::string_view s) {
  if (s.empty() || s.size() > 32 || !ascii_alnum(static_cast<unsigned char>(s[0]))) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return ascii_alnum(static_cast<unsigned char>(c)) || c == '-'; });
}

// 姓名: letters, the middle dot of minority and foreign names (· ・ •), spaces, and the card's
// English-name form ("SMITH, JOHN A.", "O'NEIL-LEE"); it starts with a letter.
bool name_ok(std::string_view s) {
  const auto cps = code_points(s);
  if (cps.empty() || cps.size() > 100 || !name_letter(cps[0])) return false;
  return std::all_of(cps.begin(), cps.end(), [](char32_t c) {
    return name_letter(c) || c == 0xB7 || c == 0x30FB || c == 0x2022 || c == ' ' || c == ',' || c == '.' || c == '-' || c == '\'';
  });
}

}  // namespace

RosterParse validate_roster_sheet(const SparseSheet &rows, const RosterConfig &cfg) {
  RosterParse out;
  auto blank = [](const SheetRow &r) {
    return std::all_of(r.cells.begin(), r.cells.end(), [](const SheetCell &c) { return trim(c.text).empty(); });
  };
  // The header is the first non-empty row.
  size_t h = 0;
  while (h < rows.size() && blank(rows[h])) ++h;
  if (h == rows.size()) {
    out.issues.push_back(issue(0, "roster.empty", "the roster has no header row", "名单没有表头行"));
    return out;
  }
  const int header_row = rows[h].row;
  int col[kColumns] = {-1, -1, -1, -1, -1};
  std::string col_text[kColumns];
  static const char *kNamesZh[kColumns] = {"学号", "姓名", "性别", "身份证号", "学历层次"};
  static const char *kNamesEn[kColumns] = {"student number", "name", "gender", "ID number", "level"};
  // Two columns that both name one field (the same header twice, or two of its aliases) are
  // refused: taking the first silently could import the wrong column.
  for (const auto &cellh : rows[h].cells) {
    const int c = column_of(cellh.text);
    if (c < 0) continue;
    if (col[c] >= 0) {
      const std::string a = column_name(col[c]) + " (" + col_text[c] + ")", b = column_name(cellh.col) + " (" + trim(cellh.text) + ")";
      out.issues.push_back(
          issue(header_row, "roster.duplicate_column",
                std::string("columns ") + a + " and " + b + " both look like the " + kNamesEn[c] + " column; rename or remove one",
                "列 " + a + " 和 " + b + " 都像是“" + kNamesZh[c] + "”列，请改名或删除其中一列"));
      continue;
    }
    col[c] = cellh.col;
    col_text[c] = trim(cellh.text);
  }
  bool missing = !out.issues.empty();
  for (int c = 0; c < kColumns; ++c) {
    if (c == kGender) continue;  // optional: the ID number carries the gender
    if (col[c] < 0) {
      out.issues.push_back(issue(header_row, "roster.missing_column",
                                 std::string("missing column: ") + kNamesEn[c] + " (" + kNamesZh[c] + ")",
                                 std::string("缺少列：") + kNamesZh[c]));
      missing = true;
    }
  }
  if (missing) return out;

  std::unordered_map<std::string, int> seen_id, seen_sno;
  auto cell = [&](const SheetRow &r, int c) -> std::string {
    const std::string *t = col[c] < 0 ? nullptr : r.at(col[c]);
    return t ? trim(*t) : std::string();
  };
  for (size_t i = h + 1; i < rows.size(); ++i) {
    const auto &r = rows[i];
    const int row = r.row;
    if (blank(r)) continue;
    ++out.rows_read;
    RosterEntry e;
    e.row = row;
    e.student_number = cell(r, kStudentNumber);
    e.name = cell(r, kName);
    e.id_number = normalize_id_number(cell(r, kIdNumber));
    e.raw_level = cell(r, kLevel);
    const std::string gender_text = cell(r, kGender);
    const std::string rs = std::to_string(row);
    bool bad = false;
    for (int c : {kStudentNumber, kName, kIdNumber, kLevel}) {
      if (cell(r, c).empty()) {
        out.issues.push_back(issue(row, "roster.missing_field", "row " + rs + ": " + kNamesEn[c] + " is empty",
                                   "第 " + rs + " 行：" + kNamesZh[c] + "为空"));
        bad = true;
      }
    }
    if (bad) continue;
    if (!student_number_ok(e.student_number)) {
      out.issues.push_back(issue(row, "roster.bad_student_number",
                                 "row " + rs + ": student number '" + e.student_number +
                                     "' may hold only letters, digits and - (starting with a letter or digit)",
                                 "第 " + rs + " 行：学号“" + e.student_number + "”只能包含字母、数字和 -（以字母或数字开头）"));
      continue;
    }
    if (!name_ok(e.name)) {
      out.issues.push_back(
          issue(row, "roster.bad_name",
                "row " + rs + ": name '" + e.name + "' may hold only letters, ·, spaces and the ID card's English-name form",
                "第 " + rs + " 行：姓名“" + e.name + "”只能包含文字、·、空格和证件上的英文姓名写法"));
      continue;
    }
    if (!id_number_valid(e.id_number)) {
      out.issues.push_back(issue(row, "roster.bad_checksum",
                                 "row " + rs + ": ID number " + e.id_number + " is not valid (GB 11643 check digit)",
                                 "第 " + rs + " 行：身份证号 " + e.id_number + " 校验位错误或格式不对"));
      continue;
    }
    const Gender from_id = gender_from_id(e.id_number);
    if (gender_text.empty()) {
      e.gender = from_id;
    } else {
      e.gender = parse_gender(gender_text);
      if (e.gender == Gender::Unknown) {
        out.issues.push_back(issue(row, "roster.bad_gender", "row " + rs + ": gender '" + gender_text + "' is not 男/女",
                                   "第 " + rs + " 行：性别“" + gender_text + "”不是 男/女"));
        continue;
      }
      if (e.gender != from_id) {
        out.issues.push_back(issue(row, "roster.gender_mismatch", "row " + rs + ": gender " + gender_text + " does not match the ID number",
                                   "第 " + rs + " 行：性别“" + gender_text + "”与身份证号不符"));
        continue;
      }
    }
    auto lv = cfg.levels.find(e.raw_level);
    if (lv == cfg.levels.end()) {
      out.issues.push_back(issue(row, "roster.unknown_level", "row " + rs + ": unknown level '" + e.raw_level + "'",
                                 "第 " + rs + " 行：未知的学历层次“" + e.raw_level + "”"));
      continue;
    }
    e.level = lv->second;
    if (auto it = seen_id.find(e.id_number); it != seen_id.end()) {
      out.issues.push_back(issue(row, "roster.duplicate_id", "row " + rs + ": ID number already on row " + std::to_string(it->second),
                                 "第 " + rs + " 行：身份证号与第 " + std::to_string(it->second) + " 行重复"));
      continue;
    }
    if (auto it = seen_sno.find(e.student_number); it != seen_sno.end()) {
      out.issues.push_back(issue(row, "roster.duplicate_student_number",
                                 "row " + rs + ": student number already on row " + std::to_string(it->second),
                                 "第 " + rs + " 行：学号与第 " + std::to_string(it->second) + " 行重复"));
      continue;
    }
    seen_id.emplace(e.id_number, row);
    seen_sno.emplace(e.student_number, row);
    out.entries.push_back(std::move(e));
  }
  return out;
}

std::optional<std::vector<int>> roster_columns(const SheetRow &row) {
  std::vector<int> cols;
  bool blank = true;
  for (const auto &c : row.cells) {
    if (!trim(c.text).empty()) blank = false;
    if (column_of(c.text) >= 0) cols.push_back(c.col);
  }
  if (blank) return std::nullopt;
  return cols;
}

RosterParse validate_roster_rows(const std::vector<std::vector<std::string>> &rows, const RosterConfig &cfg) {
  SparseSheet sheet;
  for (size_t i = 0; i < rows.size(); ++i) {
    SheetRow r{static_cast<int>(i) + 1, {}};
    for (size_t c = 0; c < rows[i].size(); ++c)
      if (!rows[i][c].empty()) r.cells.push_back({static_cast<int>(c), rows[i][c]});
    if (!r.cells.empty()) sheet.push_back(std::move(r));
  }
  return validate_roster_sheet(sheet, cfg);
}

std::optional<Error> roster_file_error(const RosterParse &parsed) {
  for (const auto &i : parsed.issues)
    if (i.code == errc::roster_missing_column || i.code == errc::roster_empty || i.code == errc::roster_duplicate_column)
      return make_error(i.code, i.message_en, i.message_zh);
  return std::nullopt;
}

}  // namespace gradbooth::core
