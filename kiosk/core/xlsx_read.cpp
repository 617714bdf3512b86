// XLSX = zip of XML parts. We read xl/workbook.xml (first sheet's r:id), its relationship target,
// xl/sharedStrings.xml, then the sheet's <c r="B2" t="s"><v>…</v></c> cells.
#include "xlsx_read.h"
#include "roster.h"

#include <expat.h>
#include <zip.h>

#include <cstring>
#include <map>
#include <memory>

namespace gradbooth::core {
namespace fs = std::filesystem;

namespace {

struct ZipCloser {
  void operator()(zip_t *z) const { zip_discard(z); }
};
using ZipHandle = std::unique_ptr<zip_t, ZipCloser>;
struct ZipFileCloser {
  void operator()(zip_file_t *f) const { zip_fclose(f); }
};

constexpr zip_uint64_t kMaxPart = 512u << 20;  // refuse zip bombs

Result<std::string> read_part(zip_t *z, const std::string &name) {
  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat(z, name.c_str(), 0, &st) != 0)
    return make_error("xlsx.missing_part", "XLSX has no " + name, "XLSX 文件缺少 " + name);
  if (!(st.valid & ZIP_STAT_SIZE) || st.size > kMaxPart)
    return make_error("xlsx.too_large", "XLSX part too large: " + name, "XLSX 内容过大：" + name);
  std::unique_ptr<zip_file_t, ZipFileCloser> f(zip_fopen(z, name.c_str(), 0));
  if (!f) return make_error("xlsx.corrupt", "cannot open " + name + " in XLSX", "无法读取 XLSX 中的 " + name);
  std::string out(static_cast<size_t>(st.size), '\0');
  zip_int64_t got = 0;
  while (static_cast<zip_uint64_t>(got) < st.size) {
    const zip_int64_t n = zip_fread(f.get(), out.data() + got, st.size - static_cast<zip_uint64_t>(got));
    if (n <= 0) return make_error("xlsx.corrupt", "truncated " + name + " in XLSX", "XLSX 中的 " + name + " 已损坏");
    got += n;
  }
  return out;
}

// A tiny SAX driver: callbacks get the local element name (namespace prefix stripped).
struct Sax {
  virtual ~Sax() = default;
  virtual void start(std::string_view name, const char **attrs) = 0;
  virtual void end(std::string_view name) = 0;
  virtual void text(std::string_view) {}
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

Status parse_xml(const std::string &xml, Sax &sax, const std::string &part) {
  XML_Parser p = XML_ParserCreate("UTF-8");
  XML_SetUserData(p, &sax);
  XML_SetElementHandler(
      p, [](void *u, const XML_Char *n, const XML_Char **a) { static_cast<Sax *>(u)->start(local(n), a); },
      [](void *u, const XML_Char *n) { static_cast<Sax *>(u)->end(local(n)); });
  XML_SetCharacterDataHandler(p, [](void *u, const XML_Char *s, int len) {
    static_cast<Sax *>(u)->text(std::string_view(s, static_cast<size_t>(len)));
  });
  const bool ok = XML_Parse(p, xml.data(), static_cast<int>(xml.size()), 1) != XML_STATUS_ERROR;
  std::string msg = ok ? "" : XML_ErrorString(XML_GetErrorCode(p));
  XML_ParserFree(p);
  if (!ok) return make_error("xlsx.corrupt", part + ": XML error: " + msg, "XLSX 内容损坏（" + part + "）：" + msg);
  return {};
}

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
    if (n != "Relationship") return;
    const char *id = attr(a, "Id");
    const char *t = attr(a, "Target");
    if (id && t) targets[id] = t;
  }
  void end(std::string_view) override {}
};

struct SharedSax : Sax {
  std::vector<std::string> strings;
  std::string cur;
  bool in_t = false;
  int in_rph = 0;  // phonetic runs (<rPh>) are not part of the text
  void start(std::string_view n, const char **) override {
    if (n == "si") cur.clear();
    else if (n == "rPh") ++in_rph;
    else if (n == "t") in_t = true;
  }
  void end(std::string_view n) override {
    if (n == "si") strings.push_back(cur);
    else if (n == "rPh") --in_rph;
    else if (n == "t") in_t = false;
  }
  void text(std::string_view s) override {
    if (in_t && in_rph == 0) cur.append(s);
  }
};

int column_index(const char *ref) {
  int col = 0;
  for (const char *p = ref; *p && *p >= 'A' && *p <= 'Z'; ++p) col = col * 26 + (*p - 'A' + 1);
  return col - 1;
}

struct SheetSax : Sax {
  const std::vector<std::string> *shared = nullptr;
  SheetRows rows;
  int row_index = -1;
  int col = -1;
  int next_col = 0;
  std::string type;
  std::string value;
  bool in_v = false, in_t = false, in_cell = false;
  bool bad_ref = false;
  void start(std::string_view n, const char **a) override {
    if (n == "row") {
      const char *r = attr(a, "r");
      const int idx = r ? std::atoi(r) - 1 : row_index + 1;
      if (idx < 0 || idx > 2000000) { bad_ref = true; return; }
      row_index = idx;
      if (rows.size() < static_cast<size_t>(idx) + 1) rows.resize(static_cast<size_t>(idx) + 1);
      next_col = 0;
    } else if (n == "c") {
      const char *r = attr(a, "r");
      col = r ? column_index(r) : next_col;
      if (col < 0 || col > 16383) col = next_col;
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
    else if (n == "c" && in_cell && row_index >= 0) {
      in_cell = false;
      std::string text = value;
      if (type == "s") {
        const long k = std::strtol(value.c_str(), nullptr, 10);
        text = (k >= 0 && shared && static_cast<size_t>(k) < shared->size()) ? (*shared)[static_cast<size_t>(k)] : "";
      } else if (type == "n" && text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) {
        text.resize(text.size() - 2);  // whole numbers written by some tools as "2021001.0"
      }
      auto &r = rows[static_cast<size_t>(row_index)];
      if (r.size() < static_cast<size_t>(col) + 1) r.resize(static_cast<size_t>(col) + 1);
      r[static_cast<size_t>(col)] = std::move(text);
      next_col = col + 1;
    }
  }
  void text(std::string_view s) override {
    if (in_cell && (in_v || in_t)) value.append(s);
  }
};

} // namespace

Result<SheetRows> read_xlsx_first_sheet(const fs::path &file) {
  int err = 0;
  ZipHandle z(zip_open(file.c_str(), ZIP_RDONLY, &err));
  if (!z)
    return make_error("xlsx.not_zip", file.string() + " is not a readable XLSX (zip) file",
                      file.string() + " 不是可读取的 XLSX（zip）文件");
  std::string sheet_part = "xl/worksheets/sheet1.xml";
  if (auto wb = read_part(z.get(), "xl/workbook.xml")) {
    WorkbookSax w;
    if (auto s = parse_xml(*wb, w, "workbook.xml"); !s) return s.error();
    if (auto rels = read_part(z.get(), "xl/_rels/workbook.xml.rels"); rels && !w.first_rid.empty()) {
      RelsSax r;
      if (auto s = parse_xml(*rels, r, "workbook.xml.rels"); !s) return s.error();
      if (auto it = r.targets.find(w.first_rid); it != r.targets.end()) {
        std::string t = it->second;
        sheet_part = t.starts_with("/") ? t.substr(1) : "xl/" + t;
      }
    }
  } else {
    return wb.error();
  }
  SharedSax shared;
  if (auto ss = read_part(z.get(), "xl/sharedStrings.xml")) {
    if (auto s = parse_xml(*ss, shared, "sharedStrings.xml"); !s) return s.error();
  }
  auto sheet = read_part(z.get(), sheet_part);
  if (!sheet) return sheet.error();
  SheetSax sx;
  sx.shared = &shared.strings;
  if (auto s = parse_xml(*sheet, sx, sheet_part); !s) return s.error();
  if (sx.bad_ref) return make_error("xlsx.corrupt", "XLSX row numbers out of range", "XLSX 行号超出范围");
  return std::move(sx.rows);
}

Result<RosterParse> parse_roster_xlsx(const fs::path &file, const RosterConfig &cfg) {
  auto rows = read_xlsx_first_sheet(file);
  if (!rows) return rows.error();
  auto parsed = validate_roster_rows(*rows, cfg);
  parsed.encoding = "xlsx";
  for (const auto &i : parsed.issues)
    if (i.code == "roster.missing_column" || i.code == "roster.empty")
      return make_error(i.code, i.message_en, i.message_zh);
  return parsed;
}

} // namespace gradbooth::core
