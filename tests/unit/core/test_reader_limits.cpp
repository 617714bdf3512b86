// Roster readers under hostile and odd input: limits on rows, columns,
// cells and text with the row in the message; duplicate or ambiguous header columns refused by
// name; legacy .xls recognised; UTF-16 (Excel's "Unicode text") read; field validation that keeps
// spreadsheet formulas out of the store.
#include "temp_folder.h"

#include <core/id_number.h>
#include <core/roster.h>
#include <core/xlsx_read.h>

#include <doctest/doctest.h>
#include <xlsxwriter.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>

using namespace gradbooth::core;
namespace fs = std::filesystem;

namespace {

std::string make_id(std::string first17) { return first17 + id_number_check_char(first17); }
const std::string kMale = make_id("37030320000315121");
const std::string kFemale = make_id("37030319990721240");

struct Tmp {
  gradbooth::test::TempFolder scratch{"limits"};
  fs::path dir = scratch.path;
  fs::path write(const std::string &name, const std::string &bytes) const {
    std::ofstream(dir / name, std::ios::binary) << bytes;
    return dir / name;
  }
};

const std::string kHeader = "学号,姓名,性别,身份证号,学历层次\n";

}  // namespace

TEST_CASE("limits: rows, columns, cells, one field and total text are refused with the row") {
  SheetLimits small{.max_rows = 10, .max_columns = 8, .max_cells = 30, .max_cell_bytes = 64, .max_total_bytes = 200};
  std::string rows = kHeader;
  for (int i = 0; i < 12; ++i) rows += "S" + std::to_string(i) + ",张三,男," + kMale + ",高起专\n";
  auto r = parse_roster_csv(rows, {}, small);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "sheet.text");  // 200 bytes run out first
  small.max_total_bytes = 1 << 20;
  r = parse_roster_csv(rows, {}, small);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "sheet.cells");
  small.max_cells = 1000;
  r = parse_roster_csv(rows, {}, small);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "sheet.rows");
  CHECK(r.error().message_en.find("row 11") != std::string::npos);
  CHECK(r.error().message_zh.find("第 11 行") != std::string::npos);

  auto wide = parse_roster_csv(kHeader + "1,张三,男," + kMale + ",高起专,,,,,,,,,x\n", {}, small);
  REQUIRE_FALSE(wide.ok());
  CHECK(wide.error().code == "sheet.columns");
  CHECK(wide.error().message_en.find("row 2") != std::string::npos);
  // Empty trailing fields are not values: a row of commas is fine.
  CHECK(parse_roster_csv(kHeader + "1,张三,男," + kMale + ",高起专,,,,,,,,,,,,,,,,\n", {}, small).ok());

  auto unclosed = parse_roster_csv(kHeader + "1,\"张三" + std::string(100, 'x') + "\n", {}, small);
  REQUIRE_FALSE(unclosed.ok());
  CHECK(unclosed.error().code == "sheet.cell_text");
  CHECK(unclosed.error().message_en.find("row 2") != std::string::npos);
}

TEST_CASE("limits: the default limits refuse a 10 MB CSV of separators or newlines without holding it dense") {
  // Empty fields and empty lines are not stored at all (they used to be 10 million strings).
  auto commas = parse_roster_csv(kHeader + std::string(10 << 20, ','));
  REQUIRE(commas.ok());
  CHECK(commas->entries.empty());
  auto lines = parse_roster_csv(kHeader + std::string(5 << 20, '\n'));
  REQUIRE(lines.ok());
  CHECK(lines->entries.empty());
  std::string many = kHeader;
  while (many.size() < (10u << 20)) many += "a\n";
  auto m = parse_roster_csv(many);
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == "sheet.rows");
}

TEST_CASE("duplicate or ambiguous header columns are refused, naming both") {
  auto same = parse_roster_csv("学号,姓名,身份证号,学历层次,身份证号\n1,张三," + kMale + ",高起专," + kFemale + "\n");
  REQUIRE_FALSE(same.ok());
  CHECK(same.error().code == "roster.duplicate_column");
  CHECK(same.error().message_en.find("C (身份证号)") != std::string::npos);
  CHECK(same.error().message_en.find("E (身份证号)") != std::string::npos);
  auto alias = parse_roster_csv("学号,学生编号,姓名,身份证号,学历层次\n1,2,张三," + kMale + ",高起专\n");
  REQUIRE_FALSE(alias.ok());
  CHECK(alias.error().code == "roster.duplicate_column");
  CHECK(alias.error().message_zh.find("学生编号") != std::string::npos);
}

TEST_CASE("a legacy .xls is recognised and the user is told to save it as .xlsx") {
  Tmp t;
  std::string ole("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8);
  ole += std::string(4096, '\0');
  auto r = parse_roster_file(t.write("名单.xls", ole));
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "roster.legacy_xls");
  CHECK(r.error().message_en.find("save it as .xlsx") != std::string::npos);
  CHECK(r.error().message_zh.find("另存为 .xlsx") != std::string::npos);
}

TEST_CASE("Excel's Unicode text (UTF-16 LE with BOM, tab-separated) and UTF-16 BE are read") {
  Tmp t;
  const std::string utf8 = "学号\t姓名\t性别\t身份证号\t学历层次\r\n2021001\t刘䶮\t男\t" + kMale + "\t高起专\r\n";
  for (bool le : {true, false}) {
    std::string u16 = le ? std::string("\xFF\xFE", 2) : std::string("\xFE\xFF", 2);
    // UTF-8 → UTF-16 by hand (BMP and one supplementary-plane test are enough here).
    for (size_t i = 0; i < utf8.size();) {
      const auto c = static_cast<unsigned char>(utf8[i]);
      char32_t cp;
      int len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
      cp = len == 1 ? c : len == 2 ? (c & 0x1F) : len == 3 ? (c & 0x0F) : (c & 0x07);
      for (int k = 1; k < len; ++k) cp = (cp << 6) | (static_cast<unsigned char>(utf8[i + static_cast<size_t>(k)]) & 0x3F);
      i += static_cast<size_t>(len);
      auto unit = [&](unsigned u) {
        const char lo = static_cast<char>(u & 0xFF), hi = static_cast<char>(u >> 8);
        u16 += le ? std::string{lo, hi} : std::string{hi, lo};
      };
      if (cp >= 0x10000) {
        unit(0xD800 + ((cp - 0x10000) >> 10));
        unit(0xDC00 + ((cp - 0x10000) & 0x3FF));
      } else {
        unit(cp);
      }
    }
    auto r = parse_roster_file(t.write(le ? "unicode-le.txt" : "unicode-be.txt", u16));
    REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message_en));
    CHECK(r->encoding == (le ? "utf-16le" : "utf-16be"));
    REQUIRE(r->entries.size() == 1);
    CHECK(r->entries[0].name == "刘䶮");
    CHECK(r->entries[0].student_number == "2021001");
  }
}

TEST_CASE("formula injection: student numbers and names are validated at import") {
  const std::string csv = kHeader + "\"+cmd|' /C calc'!A0\",张三,男," + kMale +
      ",高起专\n"  // row 2
      "2021002,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",女," +
      kFemale +
      ",高起专\n"  // row 3
      "-2021003,李四,男," +
      make_id("11010519491231002") +
      ",高起专\n"  // row 4
      "2021004,@SUM(A1),男," +
      make_id("44010619850101123") + ",高起专\n";  // row 5
  auto r = parse_roster_csv(csv);
  REQUIRE(r.ok());
  CHECK(r->entries.empty());
  REQUIRE(r->issues.size() == 4);
  CHECK(r->issues[0].row == 2);
  CHECK(r->issues[0].code == "roster.bad_student_number");
  CHECK(r->issues[1].row == 3);
  CHECK(r->issues[1].code == "roster.bad_name");
  CHECK(r->issues[2].code == "roster.bad_student_number");
  CHECK(r->issues[3].code == "roster.bad_name");
  // What real rosters hold still passes: Chinese names with rare characters, minority names with
  // the middle dot, the permit card's English-name form, student numbers with letters and '-'.
  const std::string ok = kHeader + "2021-A01,刘䶮,男," + kMale + ",高起专\n" + "B2021002,买买提·艾力,女," + kFemale + ",高起专\n" +
      "2021003,\"SMITH, JOHN A.\",女," + make_id("11010519491231002") + ",高起专\n" + "2021004,O'NEIL-LEE MARY,男," +
      make_id("44010619850101123") + ",高起专\n";
  auto good = parse_roster_csv(ok);
  REQUIRE(good.ok());
  CHECK(good->issues.empty());
  CHECK(good->entries.size() == 4);
}

TEST_CASE("XLSX: a value beyond the column limit is refused with its cell; sparse rows keep far columns cheap") {
  Tmp t;
  const fs::path file = t.dir / "far.xlsx";
  lxw_workbook *wb = workbook_new(file.c_str());
  lxw_worksheet *ws = workbook_add_worksheet(wb, nullptr);
  const char *head[] = {"学号", "姓名", "性别", "身份证号", "学历层次"};
  for (int c = 0; c < 5; ++c) worksheet_write_string(ws, 0, static_cast<lxw_col_t>(c), head[c], nullptr);
  worksheet_write_string(ws, 1, 0, "2021001", nullptr);
  worksheet_write_string(ws, 1, 1, "张三", nullptr);
  worksheet_write_string(ws, 1, 3, kMale.c_str(), nullptr);
  worksheet_write_string(ws, 1, 4, "高起专", nullptr);
  worksheet_write_string(ws, 1, 200, "far but allowed", nullptr);  // column GS
  worksheet_write_string(ws, 2, 16383, "x", nullptr);              // column XFD
  REQUIRE(workbook_close(wb) == LXW_NO_ERROR);
  auto r = parse_roster_file(file);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "sheet.columns");
  CHECK(r.error().message_en.find("XFD3") != std::string::npos);
  CHECK(r.error().message_en.find("row 3") != std::string::npos);
  auto sparse = read_xlsx_sparse(file, SheetLimits{100, 16384, 100, 1024, 1 << 20});
  REQUIRE(sparse.ok());
  REQUIRE(sparse->size() == 3);
  CHECK((*sparse)[1].cells.size() == 5);  // no empty cells stored in between
  CHECK((*sparse)[2].cells.size() == 1);
  CHECK((*sparse)[2].cells[0].col == 16383);
  CHECK(column_name(16383) == "XFD");
  CHECK(column_name(0) == "A");
  CHECK(column_name(26) == "AA");
}
