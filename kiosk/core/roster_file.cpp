// Reading a roster file: CSV text in whatever encoding a school's spreadsheet saved it, or XLSX.
#include "roster.h"
#include "try.h"

#include <fstream>

namespace gradbooth::core {
namespace fs = std::filesystem;

// RFC 4180: quoted fields may hold commas, quotes ("") and line breaks. Also accepts ';' or tab
// separated files when the header line has no comma. Empty fields are not stored; every limit is
// checked as the rows grow, so no input makes this hold more than the limits allow.
Result<SparseSheet> split_delimited(std::string_view s, const SheetLimits &lim, const ColumnPicker &pick) {
  char sep = ',';
  {
    const auto nl = s.find('\n');
    const auto first = s.substr(0, nl);
    if (first.find(',') == std::string_view::npos) {
      if (first.find('\t') != std::string_view::npos) sep = '\t';
      else if (first.find(';') != std::string_view::npos) sep = ';';
    }
  }
  SparseSheet rows;
  std::string field;
  int row = 1, col = 0;
  std::size_t cells = 0, total = 0;
  std::optional<std::vector<int>> keep;
  bool quoted = false;
  const auto rs = [&] { return std::to_string(row); };
  auto end_field = [&]() -> Status {
    if (!field.empty()) {
      if (row > lim.max_rows)
        return make_error("sheet.rows", "row " + rs() + ": more than " + std::to_string(lim.max_rows) + " rows",
                          "第 " + rs() + " 行：超过 " + std::to_string(lim.max_rows) + " 行的上限");
      if (col >= lim.max_columns)
        return make_error(
            "sheet.columns",
            "row " + rs() + ": a value in column " + std::to_string(col + 1) + ", beyond " + std::to_string(lim.max_columns) + " columns",
            "第 " + rs() + " 行：第 " + std::to_string(col + 1) + " 列有内容，超过 " + std::to_string(lim.max_columns) + " 列的上限");
      if (++cells > lim.max_cells)
        return make_error("sheet.cells", "row " + rs() + ": more than " + std::to_string(lim.max_cells) + " cells",
                          "第 " + rs() + " 行：单元格超过 " + std::to_string(lim.max_cells) + " 个");
      total += field.size();
      if (total > lim.max_total_bytes)
        return make_error("sheet.text", "row " + rs() + ": more than " + std::to_string(lim.max_total_bytes >> 20) + " MB of text",
                          "第 " + rs() + " 行：文字超过 " + std::to_string(lim.max_total_bytes >> 20) + " MB");
      if (!keep || std::find(keep->begin(), keep->end(), col) != keep->end()) {
        if (rows.empty() || rows.back().row != row) rows.push_back({row, {}});
        rows.back().cells.push_back({col, std::move(field)});
      }
      field.clear();
    }
    ++col;
    return {};
  };
  auto push = [&](char c) -> Status {
    if (field.size() >= lim.max_cell_bytes)
      return make_error("sheet.cell_text",
                        "row " + rs() + ": field " + std::to_string(col + 1) + " is longer than " +
                            std::to_string(lim.max_cell_bytes / 1024) + " KB (an unclosed quote?)",
                        "第 " + rs() + " 行：第 " + std::to_string(col + 1) + " 个字段超过 " + std::to_string(lim.max_cell_bytes / 1024) +
                            " KB（引号未闭合？）");
    field.push_back(c);
    return {};
  };
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          TRY(push('"'));
          i += 2;
          continue;
        }
        quoted = false;
      } else if (auto st = push(c); !st) {
        return st.error();
      }
      ++i;
      continue;
    }
    if (c == '"' && field.empty()) {
      quoted = true;
      ++i;
      continue;
    }
    if (c == sep) {
      TRY(end_field());
      ++i;
      continue;
    }
    if (c == '\r' || c == '\n') {
      TRY(end_field());
      if (!rows.empty() && rows.back().row == row) {
        rows.back().cells.shrink_to_fit();  // rows stay exact-size
        if (pick && !keep) keep = pick(rows.back());
      }
      ++row;
      col = 0;
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      ++i;
      continue;
    }
    TRY(push(c));
    ++i;
  }
  TRY(end_field());
  return rows;
}

Result<RosterParse> parse_roster_csv(std::string_view bytes, const RosterConfig &cfg, const SheetLimits &limits) {
  std::string text;
  std::string encoding;
  const bool le = bytes.size() >= 2 && bytes.substr(0, 2) == "\xFF\xFE";
  const bool be = bytes.size() >= 2 && bytes.substr(0, 2) == "\xFE\xFF";
  if (le || be) {
    // Excel's "Unicode text": UTF-16 with a BOM, tab-separated.
    auto conv = utf16_to_utf8(bytes.substr(2), le);
    if (!conv)
      return make_error("roster.encoding", "the file starts with a UTF-16 BOM but is not valid UTF-16",
                        "文件带 UTF-16 BOM 但内容不是有效的 UTF-16");
    text = std::move(*conv);
    encoding = le ? "utf-16le" : "utf-16be";
  } else if (bytes.size() >= 3 && bytes.substr(0, 3) == "\xEF\xBB\xBF") {
    bytes.remove_prefix(3);
    if (!is_valid_utf8(bytes))
      return make_error("roster.encoding", "the file starts with a UTF-8 BOM but is not valid UTF-8",
                        "文件带 UTF-8 BOM 但内容不是有效的 UTF-8");
    encoding = "utf-8-bom";
  } else if (is_valid_utf8(bytes)) {
    encoding = "utf-8";  // read in place: no second copy of the file
  } else {
    auto conv = gb18030_to_utf8(bytes);
    if (!conv)
      return make_error("roster.encoding", "the roster is neither UTF-8, UTF-16 (with BOM) nor GBK/GB18030 text",
                        "名单文件既不是 UTF-8、UTF-16（带 BOM）也不是 GBK/GB18030 文本");
    text = std::move(*conv);
    encoding = "gb18030";
  }
  const std::string_view view = encoding.starts_with("utf-8") ? bytes : std::string_view(text);
  if (view.find('\0') != std::string_view::npos)
    return make_error("roster.binary", "the roster is not a text file (NUL bytes)", "名单文件不是文本文件");
  auto sheet = split_delimited(view, limits, roster_columns);
  if (!sheet) return sheet.error();
  std::string().swap(text);
  auto parsed = validate_roster_sheet(*sheet, cfg);
  parsed.encoding = encoding;
  if (auto e = roster_file_error(parsed)) return *e;
  return parsed;
}

Result<RosterParse> parse_roster_file(const fs::path &file, const RosterConfig &cfg) {
  // 64 MB: ten times any real roster; bigger files are not read at all.
  constexpr std::uintmax_t kMaxFile = 64u << 20;
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  if (ec) return make_error("roster.unreadable", "cannot read " + file.string(), "无法读取文件 " + file.string());
  if (size > kMaxFile)
    return make_error("roster.too_large", file.string() + " is larger than 64 MB; that is not a roster",
                      file.string() + " 超过 64 MB，不是名单文件");
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error("roster.unreadable", "cannot read " + file.string(), "无法读取文件 " + file.string());
  std::string bytes(8, '\0');
  in.read(bytes.data(), 8);
  bytes.resize(static_cast<size_t>(in.gcount()));
  if (bytes.size() >= 4 && bytes.compare(0, 4, "PK\x03\x04") == 0) return parse_roster_xlsx(file, cfg);
  if (bytes == std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1", 8))
    return make_error("roster.legacy_xls",
                      file.string() +
                          " is an old Excel .xls workbook: open it in Excel or WPS and save it as .xlsx "
                          "(or CSV), then import that file",
                      file.string() + " 是旧版 Excel .xls 文件：请用 Excel 或 WPS 打开后另存为 .xlsx（或 CSV），再导入");
  const size_t head = bytes.size();
  if (size > head) {
    bytes.resize(static_cast<size_t>(size));
    in.read(bytes.data() + head, static_cast<std::streamsize>(size - head));
    bytes.resize(head + static_cast<size_t>(in.gcount()));
  }
  return parse_roster_csv(bytes, cfg);
}

}  // namespace gradbooth::core
