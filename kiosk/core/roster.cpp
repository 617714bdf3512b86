// Roster CSV parsing and the validation shared with XLSX.
#include "roster.h"

#include <algorithm>
#include <cctype>
#include <fstream>
#include <sstream>
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
      {"学号", kStudentNumber}, {"学生编号", kStudentNumber}, {"studentnumber", kStudentNumber},
      {"studentno", kStudentNumber}, {"studentid", kStudentNumber}, {"sno", kStudentNumber},
      {"姓名", kName}, {"name", kName}, {"studentname", kName},
      {"性别", kGender}, {"gender", kGender}, {"sex", kGender},
      {"身份证号", kIdNumber}, {"身份证号码", kIdNumber}, {"身份证", kIdNumber}, {"证件号码", kIdNumber},
      {"idnumber", kIdNumber}, {"idcard", kIdNumber}, {"idno", kIdNumber}, {"id", kIdNumber},
      {"学历层次", kLevel}, {"层次", kLevel}, {"培养层次", kLevel}, {"level", kLevel},
      {"educationlevel", kLevel},
  };
  auto it = kAliases.find(header_key(header));
  return it == kAliases.end() ? -1 : it->second;
}

RosterIssue issue(int row, std::string code, std::string en, std::string zh) {
  return RosterIssue{row, std::move(code), std::move(en), std::move(zh)};
}

} // namespace

RosterParse validate_roster_rows(const std::vector<std::vector<std::string>> &rows, const RosterConfig &cfg) {
  RosterParse out;
  // The header is the first non-empty row.
  size_t h = 0;
  while (h < rows.size() &&
         std::all_of(rows[h].begin(), rows[h].end(), [](const std::string &c) { return trim(c).empty(); }))
    ++h;
  if (h == rows.size()) {
    out.issues.push_back(issue(0, "roster.empty", "the roster has no header row", "名单没有表头行"));
    return out;
  }
  int col[kColumns] = {-1, -1, -1, -1, -1};
  for (size_t i = 0; i < rows[h].size(); ++i) {
    const int c = column_of(rows[h][i]);
    if (c >= 0 && col[c] < 0) col[c] = static_cast<int>(i);
  }
  static const char *kNamesZh[kColumns] = {"学号", "姓名", "性别", "身份证号", "学历层次"};
  static const char *kNamesEn[kColumns] = {"student number", "name", "gender", "ID number", "level"};
  bool missing = false;
  for (int c = 0; c < kColumns; ++c) {
    if (c == kGender) continue;  // optional: the ID number carries the gender
    if (col[c] < 0) {
      out.issues.push_back(issue(static_cast<int>(h) + 1, "roster.missing_column",
                                 std::string("missing column: ") + kNamesEn[c] + " (" + kNamesZh[c] + ")",
                                 std::string("缺少列：") + kNamesZh[c]));
      missing = true;
    }
  }
  if (missing) return out;

  std::unordered_map<std::string, int> seen_id, seen_sno;
  auto cell = [&](const std::vector<std::string> &r, int c) -> std::string {
    if (col[c] < 0 || static_cast<size_t>(col[c]) >= r.size()) return {};
    return trim(r[static_cast<size_t>(col[c])]);
  };
  for (size_t i = h + 1; i < rows.size(); ++i) {
    const auto &r = rows[i];
    const int row = static_cast<int>(i) + 1;
    if (std::all_of(r.begin(), r.end(), [](const std::string &c) { return trim(c).empty(); })) continue;
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
        out.issues.push_back(issue(row, "roster.missing_field",
                                   "row " + rs + ": " + kNamesEn[c] + " is empty",
                                   "第 " + rs + " 行：" + kNamesZh[c] + "为空"));
        bad = true;
      }
    }
    if (bad) continue;
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
        out.issues.push_back(issue(row, "roster.gender_mismatch",
                                   "row " + rs + ": gender " + gender_text + " does not match the ID number",
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
      out.issues.push_back(issue(row, "roster.duplicate_id",
                                 "row " + rs + ": ID number already on row " + std::to_string(it->second),
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

// RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. Also accepts ';' or tab
// separated files when the header line has no comma.
static std::vector<std::vector<std::string>> split_csv(std::string_view s) {
  char sep = ',';
  {
    const auto nl = s.find('\n');
    const auto first = s.substr(0, nl);
    if (first.find(',') == std::string_view::npos) {
      if (first.find('\t') != std::string_view::npos) sep = '\t';
      else if (first.find(';') != std::string_view::npos) sep = ';';
    }
  }
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') { field.push_back('"'); i += 2; continue; }
        quoted = false;
      } else {
        field.push_back(c);
      }
      ++i;
      continue;
    }
    if (c == '"' && field.empty()) { quoted = true; ++i; continue; }
    if (c == sep) { row.push_back(std::move(field)); field.clear(); ++i; continue; }
    if (c == '\r' || c == '\n') {
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      ++i;
      continue;
    }
    field.push_back(c);
    ++i;
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

Result<RosterParse> parse_roster_csv(std::string_view bytes, const RosterConfig &cfg) {
  std::string text;
  std::string encoding;
  if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    if (!is_valid_utf8(bytes))
      return make_error("roster.encoding", "the file starts with a UTF-8 BOM but is not valid UTF-8",
                        "文件带 UTF-8 BOM 但内容不是有效的 UTF-8");
    text = std::string(bytes);
    encoding = "utf-8-bom";
  } else if (is_valid_utf8(bytes)) {
    text = std::string(bytes);
    encoding = "utf-8";
  } else {
    auto conv = gb18030_to_utf8(bytes);
    if (!conv)
      return make_error("roster.encoding", "the roster is neither UTF-8 nor GBK/GB18030 text",
                        "名单文件既不是 UTF-8 也不是 GBK/GB18030 文本");
    text = std::move(*conv);
    encoding = "gb18030";
  }
  if (text.find('\0') != std::string::npos)
    return make_error("roster.binary", "the roster is not a text file (NUL bytes)", "名单文件不是文本文件");
  auto parsed = validate_roster_rows(split_csv(text), cfg);
  parsed.encoding = encoding;
  for (const auto &i : parsed.issues)
    if (i.code == "roster.missing_column" || i.code == "roster.empty")
      return make_error(i.code, i.message_en, i.message_zh);
  return parsed;
}

Result<RosterParse> parse_roster_file(const fs::path &file, const RosterConfig &cfg) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return make_error("roster.unreadable", "cannot read " + file.string(), "无法读取文件 " + file.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  const std::string bytes = ss.str();
  if (bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0) return parse_roster_xlsx(file, cfg);
  return parse_roster_csv(bytes, cfg);
}

} // namespace gradbooth::core
