// XLSX = zip of XML parts. We read xl/workbook.xml (first sheet's r:id), its relationship target,
// xl/sharedStrings.xml, then the sheet's <c r="B2" t="s"><v>…</v></c> cells. Parts are streamed
// through expat in 64 KB pieces, so neither a huge part nor a huge string is ever held whole;
// every count and size is checked against SheetLimits as it grows.
#include "xlsx_read.h"
#include "try.h"
#include "roster.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <cstring>
#include <map>
#include <memory>
#include <optional>

namespace gradbooth::core {
namespace fs = std::filesystem;

std::string column_name(int col) {
  std::string s;
  for (int c = col + 1; c > 0; c = (c - 1) / 26) s.insert(s.begin(), static_cast<char>('A' + (c - 1) % 26));
  return s;
}

namespace {

struct ZipCloser {
  void operator()(zip_t *z) const { zip_discard(z); }
};
using ZipHandle = std::unique_ptr<zip_t, ZipCloser>;
struct ZipFileCloser {
  void operator()(zip_file_t *f) const { zip_fclose(f); }
};

// Decompressed XML a part may have (time, not memory: parts are streamed).
constexpr zip_uint64_t kMaxPart = 256u << 20;
constexpr zip_uint64_t kMaxSmallPart = 4u << 20;  // workbook.xml, its rels: read whole

// A tiny SAX driver: callbacks get the local element name (namespace prefix stripped). A handler
// that finds a limit broken sets `error`; the parse stops there.
struct Sax {
  virtual ~Sax() = default;
  virtual void start(std::string_view name, const char **attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
  std::optional<Error> error;
};

std::string_view local(const char *n) {
  std::string_view s(n);
  const auto c = s.rfind(':');
  return c == std::string_view::npos ? s : s.substr(c + 1);
}

const char *attr(const char **attrs, std::string_view want) {
  for (int i = 0; attrs[i]; i += 2)
    if (local(attrs[i]) == want) return attrs[i + 1];
  return nullptr;
}

struct Parser {
  XML_Parser p;
  Sax &sax;
  Parser(Sax &s) : p(XML_ParserCreate("UTF-8")), sax(s) {
    XML_SetUserData(p, this);
    XML_SetElementHandler(
        p,
        [](void *u, const XML_Char *n, const XML_Char **a) {
          auto *self = static_cast<Parser *>(u);
          self->sax.start(local(n), a);
          if (self->sax.error) XML_StopParser(self->p, XML_FALSE);
        },
        [](void *u, const XML_Char *n) {
          auto *self = static_cast<Parser *>(u);
          self->sax.end(local(n));
          if (self->sax.error) XML_StopParser(self->p, XML_FALSE);
        });
    XML_SetCharacterDataHandler(p, [](void *u, const XML_Char *s, int len) {
      auto *self = static_cast<Parser *>(u);
      self->sax.text(std::string_view(s, static_cast<size_t>(len)));
      if (self->sax.error) XML_StopParser(self->p, XML_FALSE);
    });
    // Office parts have no DTD; one could only be there to declare entities.
    XML_SetStartDoctypeDeclHandler(p, [](void *u, const XML_Char *, const XML_Char *, const XML_Char *, int) {
      auto *self = static_cast<Parser *>(u);
      self->sax.error = make_error("xlsx.corrupt", "XLSX part declares a DTD", "XLSX 内容含有 DTD 声明，已拒绝");
      XML_StopParser(self->p, XML_FALSE);
    });
  }
  ~Parser() { XML_ParserFree(p); }
  Parser(const Parser &) = delete;
  Parser &operator=(const Parser &) = delete;
  // Feeds one piece; `last` ends the document.
  Status feed(const char *data, size_t n, bool last, const std::string &part) {
    const bool ok = XML_Parse(p, data, static_cast<int>(n), last ? 1 : 0) != XML_STATUS_ERROR;
    if (sax.error) return *sax.error;
    if (!ok) {
      const std::string msg = XML_ErrorString(XML_GetErrorCode(p));
      return make_error("xlsx.corrupt", part + ": XML error: " + msg, "XLSX 内容损坏（" + part + "）：" + msg);
    }
    return {};
  }
};

Status parse_part(zip_t *z, const std::string &name, Sax &sax, zip_uint64_t max_bytes, bool required = true) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, name.c_str(), 0, &st) != 0) {
    if (!required) return {};
    return make_error("xlsx.missing_part", "XLSX has no " + name, "XLSX 文件缺少 " + name);
  }
  if (!(st.valid & ZIP_STAT_SIZE) || st.size > max_bytes)
    return make_error("xlsx.too_large", "XLSX part too large: " + name, "XLSX 内容过大：" + name);
  std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen(z, name.c_str(), 0));
  if (!f) return make_error("xlsx.corrupt", "cannot open " + name + " in XLSX", "无法读取 XLSX 中的 " + name);
  Parser parser(sax);
  std::vector<char> buf(64 * 1024);
  zip_uint64_t total = 0;
  while (true) {
    const zip_int64_t n = zip_fread(f.get(), buf.data(), buf.size());
    if (n < 0) return make_error("xlsx.corrupt", "truncated " + name + " in XLSX", "XLSX 中的 " + name + " 已损坏");
    total += static_cast<zip_uint64_t>(n);
    if (total > max_bytes) return make_error("xlsx.too_large", "XLSX part too large: " + name, "XLSX 内容过大：" + name);
    TRY(parser.feed(buf.data(), static_cast<size_t>(n), n == 0, name));
    if (n == 0) break;
  }
  return {};
}

Error limit_error(const char *code, const std::string &en, const std::string &zh) { return make_error(code, en, zh); }

struct WorkbookSax : Sax {
  std::string first_rid;
  void start(std::string_view n, const char **a) override {
    if (n == "sheet" && first_rid.empty())
      if (const char *r = attr(a, "id")) first_rid = r;
  }
  void end(std::string_view) override {}
};

struct RelsSax : Sax {
  std::map<std::string, std::string> targets;
  void start(std::string_view n, const char **a) override {
    if (n != "Relationship" || targets.size() > 10000) return;
    const char *id = attr(a, "Id");
    const char *t = attr(a, "Target");
    if (id && t) targets[id] = t;
  }
  void end(std::string_view) override {}
};

struct SharedSax : Sax {
  const SheetLimits &lim;
  std::size_t &total;
  std::vector<std::string> strings;
  std::string cur;
  bool in_t = false;
  int in_rph = 0;  // phonetic runs (<rPh>) are not part of the text
  SharedSax(const SheetLimits &l, std::size_t &t) : lim(l), total(t) {}
  void start(std::string_view n, const char **) override {
    if (n == "si") cur.clear();
    else if (n == "rPh") ++in_rph;
    else if (n == "t") in_t = true;
  }
  void end(std::string_view n) override {
    if (n == "si") {
      if (strings.size() >= lim.max_cells) {
        error = limit_error("sheet.cells", "the XLSX holds more than " + std::to_string(lim.max_cells) + " shared strings",
                            "XLSX 的共享字符串超过 " + std::to_string(lim.max_cells) + " 个");
        return;
      }
      total += cur.size();
      strings.push_back(std::move(cur));
      cur = {};
      if (total > lim.max_total_bytes)
        error = limit_error("sheet.text", "the XLSX holds more than " + std::to_string(lim.max_total_bytes >> 20) + " MB of text",
                            "XLSX 中的文字超过 " + std::to_string(lim.max_total_bytes >> 20) + " MB");
    } else if (n == "rPh") {
      --in_rph;
    } else if (n == "t") {
      in_t = false;
    }
  }
  void text(std::string_view s) override {
    if (!in_t || in_rph != 0) return;
    if (cur.size() + s.size() > lim.max_cell_bytes) {
      error = limit_error(
          "sheet.cell_text",
          "shared string #" + std::to_string(strings.size()) + " is longer than " + std::to_string(lim.max_cell_bytes / 1024) + " KB",
          "第 " + std::to_string(strings.size()) + " 个共享字符串超过 " + std::to_string(lim.max_cell_bytes / 1024) + " KB");
      return;
    }
    cur.append(s);
  }
};

// "B12" → column 1; -1 when it is not a cell reference.
int column_index(const char *ref) {
  long col = 0;
  const char *p = ref;
  for (; *p >= 'A' && *p <= 'Z'; ++p) {
    col = col * 26 + (*p - 'A' + 1);
    if (col > 16384) return -1;
  }
  return p == ref ? -1 : static_cast<int>(col - 1);
}

struct SheetSax : Sax {
  const SheetLimits &lim;
  std::size_t &total;
  const std::vector<std::string> *shared = nullptr;
  ColumnPicker pick;
  std::optional<std::vector<int>> keep;  // once picked: the columns stored
  SparseSheet rows;
  std::size_t cells = 0;
  int row_number = 0;  // 1-based, of the open <row>
  int col = -1;
  int next_col = 0;
  std::string type;
  std::string value;
  bool in_v = false, in_t = false, in_cell = false;
  SheetSax(const SheetLimits &l, std::size_t &t) : lim(l), total(t) {}
  std::string where() const { return column_name(col) + std::to_string(row_number); }
  void start(std::string_view n, const char **a) override {
    if (n == "row") {
      const char *r = attr(a, "r");
      const long idx = r ? std::strtol(r, nullptr, 10) : row_number + 1;
      if (idx < 1 || idx > 1048576) {
        error = make_error("xlsx.corrupt", "XLSX row number out of range", "XLSX 行号超出范围");
        return;
      }
      row_number = static_cast<int>(idx);
      next_col = 0;
    } else if (n == "c") {
      const char *r = attr(a, "r");
      col = r ? column_index(r) : next_col;
      if (col < 0) col = next_col;
      const char *t = attr(a, "t");
      type = t ? t : "n";
      value.clear();
      in_cell = true;
    } else if (n == "v") {
      in_v = true;
    } else if (n == "t") {
      in_t = true;
    }
  }
  void end(std::string_view n) override {
    if (n == "v") in_v = false;
    else if (n == "t") in_t = false;
    else if (n == "row" && !rows.empty() && rows.back().row == row_number) {
      rows.back().cells.shrink_to_fit();
      if (pick && !keep) keep = pick(rows.back());
    } else if (n == "c" && in_cell && row_number >= 1) {
      in_cell = false;
      next_col = col + 1;
      std::string text = std::move(value);
      value = {};
      if (type == "s") {
        const long k = std::strtol(text.c_str(), nullptr, 10);
        text = (k >= 0 && shared && static_cast<size_t>(k) < shared->size()) ? (*shared)[static_cast<size_t>(k)] : "";
      } else if (type == "n" && text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) {
        text.resize(text.size() - 2);  // whole numbers written by some tools as "2021001.0"
      }
      if (text.empty()) return;  // formatting only: nothing stored
      if (row_number > lim.max_rows) {
        error = limit_error("sheet.rows", "row " + std::to_string(row_number) + ": more than " + std::to_string(lim.max_rows) + " rows",
                            "第 " + std::to_string(row_number) + " 行：超过 " + std::to_string(lim.max_rows) + " 行的上限");
        return;
      }
      if (col >= lim.max_columns) {
        error = limit_error("sheet.columns",
                            "row " + std::to_string(row_number) + ": cell " + where() + " lies beyond column " +
                                column_name(lim.max_columns - 1) + " (at most " + std::to_string(lim.max_columns) + " columns)",
                            "第 " + std::to_string(row_number) + " 行：单元格 " + where() + " 超出第 " + column_name(lim.max_columns - 1) +
                                " 列（最多 " + std::to_string(lim.max_columns) + " 列）");
        return;
      }
      if (++cells > lim.max_cells) {
        error = limit_error("sheet.cells", "row " + std::to_string(row_number) + ": more than " + std::to_string(lim.max_cells) + " cells",
                            "第 " + std::to_string(row_number) + " 行：单元格超过 " + std::to_string(lim.max_cells) + " 个");
        return;
      }
      total += text.size();
      if (total > lim.max_total_bytes) {
        error = limit_error("sheet.text",
                            "row " + std::to_string(row_number) + ": the sheet holds more than " +
                                std::to_string(lim.max_total_bytes >> 20) + " MB of text",
                            "第 " + std::to_string(row_number) + " 行：表格文字超过 " + std::to_string(lim.max_total_bytes >> 20) + " MB");
        return;
      }
      if (keep && std::find(keep->begin(), keep->end(), col) == keep->end()) return;  // counted, not kept
      if (rows.empty() || rows.back().row != row_number) rows.push_back({row_number, {}});
      auto &cs = rows.back().cells;
      // A repeated reference overwrites (as the old dense reader did).
      for (auto &c : cs)
        if (c.col == col) {
          c.text = std::move(text);
          return;
        }
      cs.push_back({col, std::move(text)});
    }
  }
  void text(std::string_view s) override {
    if (!in_cell || !(in_v || in_t)) return;
    if (value.size() + s.size() > lim.max_cell_bytes) {
      error = limit_error("sheet.cell_text",
                          "row " + std::to_string(row_number) + ": cell " + where() + " is longer than " +
                              std::to_string(lim.max_cell_bytes / 1024) + " KB",
                          "第 " + std::to_string(row_number) + " 行：单元格 " + where() + " 超过 " +
                              std::to_string(lim.max_cell_bytes / 1024) + " KB");
      return;
    }
    value.append(s);
  }
};

}  // namespace

Result<SparseSheet> read_xlsx_sparse(const fs::path &file, const SheetLimits &limits, const ColumnPicker &pick) {
  int err = 0;
  ZipHandle z(zip_open(file.c_str(), ZIP_RDONLY, &err));
  if (!z)
    return make_error("xlsx.not_zip", file.string() + " is not a readable XLSX (zip) file",
                      file.string() + " 不是可读取的 XLSX（zip）文件");
  std::string sheet_part = "xl/worksheets/sheet1.xml";
  WorkbookSax w;
  TRY(parse_part(z.get(), "xl/workbook.xml", w, kMaxSmallPart));
  if (!w.first_rid.empty()) {
    RelsSax r;
    TRY(parse_part(z.get(), "xl/_rels/workbook.xml.rels", r, kMaxSmallPart, false));
    if (auto it = r.targets.find(w.first_rid); it != r.targets.end()) {
      std::string t = it->second;
      sheet_part = t.starts_with("/") ? t.substr(1) : "xl/" + t;
    }
  }
  std::size_t total = 0;
  SharedSax shared(limits, total);
  TRY(parse_part(z.get(), "xl/sharedStrings.xml", shared, kMaxPart, false));
  SheetSax sx(limits, total);
  sx.shared = &shared.strings;
  sx.pick = pick;
  TRY(parse_part(z.get(), sheet_part, sx, kMaxPart));
  return std::move(sx.rows);
}

Result<SheetRows> read_xlsx_first_sheet(const fs::path &file, const SheetLimits &limits) {
  auto sparse = read_xlsx_sparse(file, limits);
  if (!sparse) return sparse.error();
  SheetRows rows;
  for (auto &r : *sparse) {
    if (rows.size() < static_cast<size_t>(r.row)) rows.resize(static_cast<size_t>(r.row));
    auto &dense = rows[static_cast<size_t>(r.row) - 1];
    for (auto &c : r.cells) {
      if (dense.size() <= static_cast<size_t>(c.col)) dense.resize(static_cast<size_t>(c.col) + 1);
      dense[static_cast<size_t>(c.col)] = std::move(c.text);
    }
  }
  return rows;
}

Result<RosterParse> parse_roster_xlsx(const fs::path &file, const RosterConfig &cfg) {
  auto rows = read_xlsx_sparse(file, {}, roster_columns);
  if (!rows) return rows.error();
  auto parsed = validate_roster_sheet(*rows, cfg);
  parsed.encoding = "xlsx";
  if (auto e = roster_file_error(parsed)) return *e;
  return parsed;
}

}  // namespace gradbooth::core
