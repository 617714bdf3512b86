// Roster import: encodings, header aliases, the validation report with row numbers, XLSX.
#include <core/config.h>
#include <core/id_number.h>
#include <core/roster.h>

#include "by_code.h"
#include "temp_folder.h"

#include <doctest/doctest.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace gradbooth::core;
namespace fs = std::filesystem;

namespace {

// Valid ID numbers made from 17 digits + the computed check character.
std::string make_id(std::string first17) { return first17 + id_number_check_char(first17); }
const std::string kMale = make_id("37030320000315121");    // order digit 1: male
const std::string kFemale = make_id("37030319990721240");  // 0: female

const RosterIssue *find_issue(const RosterParse &p, const std::string &code) { return gradbooth::test::by_code(p.issues, code); }

}  // namespace

TEST_CASE("GB 11643 check character, gender digit and masking") {
  CHECK(id_number_check_char("11010519491231002") == 'X');  // the standard's worked example
  CHECK(id_number_valid("11010519491231002X"));
  CHECK(id_number_valid("11010519491231002x"));
  CHECK_FALSE(id_number_valid("110105194912310021"));
  CHECK_FALSE(id_number_valid("11010519491231002"));
  CHECK_FALSE(id_number_valid("1101051949123100AX"));
  CHECK(gender_from_id("11010519491231002X") == Gender::Female);
  CHECK(gender_from_id(kMale) == Gender::Male);
  CHECK(mask_id_number("11010519491231002X") == "110105********002X");
  CHECK(normalize_id_number(" 11010519491231002x ") == "11010519491231002X");
  CHECK(parse_gender("男") == Gender::Male);
  CHECK(parse_gender("F") == Gender::Female);
  CHECK(parse_gender("?") == Gender::Unknown);
}

TEST_CASE("UTF-8 CSV with and without BOM; level mapping; quoted fields") {
  const std::string body = "学号,姓名,性别,身份证号,学历层次\r\n"
                           "2024001,张伟,男," +
      kMale +
      ",高起专\r\n"
      "\"2024002\",\"王,芳\",女," +
      kFemale + ",专升本\r\n";
  for (bool bom : {false, true}) {
    auto p = parse_roster_csv((bom ? "\xEF\xBB\xBF" : "") + body);
    REQUIRE(p.ok());
    CHECK(p->encoding == (bom ? "utf-8-bom" : "utf-8"));
    REQUIRE(p->entries.size() == 2);
    CHECK(p->issues.empty());
    CHECK(p->entries[0].level == "成人专科");
    CHECK(p->entries[1].level == "成人本科");
    CHECK(p->entries[1].name == "王,芳");
    CHECK(p->entries[0].row == 2);
  }
}

TEST_CASE("GB18030 CSV is detected, and a name outside GBK survives") {
  // 䶮 (U+4DAE) is not in GBK; GB18030 encodes it in four bytes.
  const std::string utf8 = "学号,姓名,性别,身份证号,层次\n2024009,刘䶮,女," + kFemale + ",高起本\n";
  auto gb = utf8_to_gb18030(utf8);
  REQUIRE(gb.ok());
  CHECK_FALSE(is_valid_utf8(*gb));
  auto p = parse_roster_csv(*gb);
  REQUIRE(p.ok());
  CHECK(p->encoding == "gb18030");
  REQUIRE(p->entries.size() == 1);
  CHECK(p->entries[0].name == "刘䶮");
  CHECK(p->entries[0].level == "成人本科");
  auto back = gb18030_to_utf8(*gb);
  REQUIRE(back.ok());
  CHECK(*back == utf8);
}

TEST_CASE("English header aliases and a missing gender column (taken from the ID number)") {
  auto p = parse_roster_csv("Student No,Name,ID Number,Level\n7,Li Lei," + kMale + ",专升本\n");
  REQUIRE(p.ok());
  REQUIRE(p->entries.size() == 1);
  CHECK(p->entries[0].gender == Gender::Male);
}

TEST_CASE("validation report names the row of every problem") {
  const std::string csv = "学号,姓名,性别,身份证号,学历层次\n"
                          "1,甲,男," +
      kMale +
      ",高起专\n"                            // row 2 ok
      "2,乙,女,110105194912310021,高起专\n"  // row 3 bad checksum
      "3,丙,男," +
      kMale +
      ",高起专\n"  // row 4 duplicate ID
      "1,丁,女," +
      kFemale +
      ",高起专\n"  // row 5 duplicate student number
      "5,戊,男," +
      make_id("37030319990721250") +
      ",高起专\n"  // row 6 gender mismatch (0 = female)
      "6,己,女," +
      make_id("37030319990721260") +
      ",博士\n"  // row 7 unknown level
      ",庚,女," +
      make_id("37030319990721280") +
      ",高起专\n"  // row 8 missing student number
      "\n";
  auto p = parse_roster_csv(csv);
  REQUIRE(p.ok());
  CHECK(p->entries.size() == 1);
  CHECK(p->rows_read == 7);
  const std::pair<const char *, int> expected[] = {
      {"roster.bad_checksum", 3},    {"roster.duplicate_id", 4},  {"roster.duplicate_student_number", 5},
      {"roster.gender_mismatch", 6}, {"roster.unknown_level", 7}, {"roster.missing_field", 8},
  };
  for (const auto &[code, row] : expected) {
    const RosterIssue *issue = find_issue(*p, code);
    REQUIRE_MESSAGE(issue, code);
    CHECK_MESSAGE(issue->row == row, code);
  }
  for (const auto &i : p->issues) CHECK_FALSE(i.message_zh.empty());
}

TEST_CASE("malformed CSV input is an error or a report, never a crash") {
  CHECK_FALSE(parse_roster_csv("").ok());
  CHECK_FALSE(parse_roster_csv("a,b,c\n1,2,3\n").ok());                        // no roster columns
  CHECK_FALSE(parse_roster_csv(std::string("\x00\x01\x02\xff\xfe", 5)).ok());  // binary garbage
  CHECK_FALSE(parse_roster_csv("\xEF\xBB\xBF\xff\xfe").ok());                  // BOM, then invalid UTF-8
  auto q = parse_roster_csv("学号,姓名,性别,身份证号,学历层次\n1,\"unterminated," + kMale + ",高起专\n");
  REQUIRE(q.ok());  // the open quote swallows the rest: a report, not a crash
  CHECK(q->entries.empty());
  CHECK_FALSE(q->issues.empty());
}

TEST_CASE("XLSX roster: shared strings, numeric cells, first sheet") {
  const gradbooth::test::TempFolder scratch("roster");
  const fs::path &dir = scratch.path;
  const fs::path file = dir / "roster.xlsx";
  lxw_workbook *wb = workbook_new(file.c_str());
  lxw_worksheet *ws = workbook_add_worksheet(wb, "名单");
  const char *head[] = {"序号", "学号", "姓名", "性别", "身份证号码", "培养层次"};
  for (int c = 0; c < 6; ++c) worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), head[c], nullptr);
  worksheet_write_number(ws, 1, 0, 1, nullptr);
  worksheet_write_number(ws, 1, 1, 2024001, nullptr);  // student number typed as a number
  worksheet_write_string(ws, 1, 2, "刘䶮", nullptr);
  worksheet_write_string(ws, 1, 3, "女", nullptr);
  worksheet_write_string(ws, 1, 4, kFemale.c_str(), nullptr);
  worksheet_write_string(ws, 1, 5, "专升本", nullptr);
  worksheet_write_number(ws, 2, 0, 2, nullptr);
  worksheet_write_string(ws, 2, 1, "2024002", nullptr);
  worksheet_write_string(ws, 2, 2, "张伟", nullptr);
  worksheet_write_string(ws, 2, 3, "男", nullptr);
  worksheet_write_string(ws, 2, 4, kMale.c_str(), nullptr);
  worksheet_write_string(ws, 2, 5, "高起专", nullptr);
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  auto p = parse_roster_file(file);
  REQUIRE(p.ok());
  CHECK(p->encoding == "xlsx");
  REQUIRE(p->entries.size() == 2);
  CHECK(p->entries[0].student_number == "2024001");
  CHECK(p->entries[0].name == "刘䶮");
  CHECK(p->entries[0].level == "成人本科");
  CHECK(p->entries[1].level == "成人专科");
}

TEST_CASE("malformed XLSX: a zip that is not a workbook, a truncated file") {
  const gradbooth::test::TempFolder scratch("roster");
  const fs::path &dir = scratch.path;
  { std::ofstream(dir / "fake.xlsx", std::ios::binary) << std::string("PK\x03\x04", 4) << "garbage that is not a zip"; }
  auto a = parse_roster_file(dir / "fake.xlsx");
  CHECK_FALSE(a.ok());
  REQUIRE(std::system(("cd " + dir.string() + " && echo hi > x.txt && zip -q nota.xlsx x.txt").c_str()) == 0);
  auto b = parse_roster_file(dir / "nota.xlsx");
  CHECK_FALSE(b.ok());
  if (!b.ok()) CHECK(b.error().code == "xlsx.missing_part");
}

TEST_CASE("100k-row roster parses, with every row checked") {
  std::string csv = "学号,姓名,性别,身份证号,学历层次\n";
  csv.reserve(100000 * 60);
  for (int i = 0; i < 100000; ++i) {
    char d17[32];
    std::snprintf(d17, sizeof d17, "3703031990%07d", i);  // not real dates; checksum is what counts
    const std::string id = make_id(d17);
    csv += std::to_string(100000 + i) + ",学生," + std::string(gender_zh(gender_from_id(id))) + "," + id + ",高起专\n";
  }
  auto p = parse_roster_csv(csv);
  REQUIRE(p.ok());
  CHECK(p->rows_read == 100000);
  CHECK(p->entries.size() == 100000);
  CHECK(p->issues.empty());
}

TEST_CASE("config: the source tree's file loads, profile path resolves, bad ranges are refused") {
  const char *root = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(root);
  auto c = load_config(fs::path(root) / "config" / "gradbooth.toml");
  REQUIRE(c.ok());
  CHECK(c->station.school_code == "10433");
  CHECK(c->station.school_name == "山东理工大学");
  CHECK(c->booth.sequence_first == 1);
  CHECK(c->booth.sequence_last == 9999);
  CHECK(c->roster.levels.at("高起专") == "成人专科");
  CHECK(c->standard_profile == fs::path(root) / "config" / "profiles" / "xinhua-960x1280.toml");
  CHECK(c->raw_text.find("[standard]") != std::string::npos);
  auto bad = parse_config("[booth]\nsequence_first = 10\nsequence_last = 5\n");
  CHECK_FALSE(bad.ok());
  auto syntax = parse_config("[booth\n");
  CHECK_FALSE(syntax.ok());
  // Lookup order: an explicit path wins over the environment.
  ::setenv("GRADBOOTH_CONFIG", "/nonexistent/gradbooth.toml", 1);
  CHECK_FALSE(find_config().ok());
  auto explicit_path = find_config(fs::path(root) / "config" / "gradbooth.toml");
  CHECK(explicit_path.ok());
  ::unsetenv("GRADBOOTH_CONFIG");
}
