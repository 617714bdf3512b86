// verify: every database row has its photo and every photo its row; the file rules of SPEC §5;
// the manifest; the XLSX agrees with the CSV. (merge: package_merge.cpp; zips: package_unpack.cpp.)
#include "package_unpack.h"
#include "try.h"

#include "durable_file.h"
#include "jpeg_facts.h"
#include "xlsx_read.h"

#include "standard.h"  // models/ (on the include path via models_dep)

#include <zip.h>

#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <optional>

#include <algorithm>
#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace gradbooth::core {
namespace fs = std::filesystem;

bool csv_formula_like(const std::string &cell) {
  return !cell.empty() && (cell[0] == '=' || cell[0] == '+' || cell[0] == '-' || cell[0] == '@' || cell[0] == '\t' || cell[0] == '\r');
}

std::string csv_unneutralise(const std::string &cell) {
  return cell.size() > 1 && cell[0] == '\'' && csv_formula_like(cell.substr(1)) ? cell.substr(1) : cell;
}

CoverFacts read_cover_facts(const std::string &text) {
  CoverFacts f;
  std::istringstream in(text);
  std::string line;
  auto after = [](const std::string &l, const std::string &prefix) -> std::optional<std::string> {
    if (!l.starts_with(prefix)) return std::nullopt;
    std::string v = l.substr(prefix.size());
    while (!v.empty() && (v.back() == '\r' || v.back() == ' ')) v.pop_back();
    return v;
  };
  while (std::getline(in, line)) {
    if (auto v = after(line, "采集点 / Booth: ")) f.booth = *v;
    if (auto v = after(line, "生成时间 / Created: ")) {
      const auto u = v->find("(UTC ");
      if (u != std::string::npos && v->size() >= u + 5 + 20) f.created_utc = v->substr(u + 5, 20);
    }
    if (auto v = after(line, "序号范围 / Ranges: ")) {
      // "0001–4999, 5001–9999" (the dash is U+2013)
      std::istringstream parts(*v);
      std::string part;
      while (std::getline(parts, part, ',')) {
        int a = 0, b = 0;
        while (!part.empty() && part.front() == ' ') part.erase(0, 1);
        if (std::sscanf(part.c_str(), "%d\xE2\x80\x93%d", &a, &b) == 2 && a >= 1 && b <= 9999 && a <= b) f.ranges.emplace_back(a, b);
      }
    }
  }
  return f;
}

namespace {

void problem(PackageReport &r, std::string where, std::string code, std::string en, std::string zh, bool warning = false) {
  r.problems.push_back({std::move(where), std::move(code), std::move(en), std::move(zh), warning});
}

std::vector<std::vector<std::string>> parse_csv_rows(const std::string &s) {
  std::vector<std::vector<std::string>> rows;
  std::vector<std::string> row;
  std::string field;
  bool quoted = false;
  for (size_t i = 0; i < s.size(); ++i) {
    const char c = s[i];
    if (quoted) {
      if (c == '"') {
        if (i + 1 < s.size() && s[i + 1] == '"') {
          field.push_back('"');
          ++i;
        } else quoted = false;
      } else {
        field.push_back(c);
      }
    } else if (c == '"' && field.empty()) {
      quoted = true;
    } else if (c == ',') {
      row.push_back(std::move(field));
      field.clear();
    } else if (c == '\r' || c == '\n') {
      if (c == '\r' && i + 1 < s.size() && s[i + 1] == '\n') ++i;
      row.push_back(std::move(field));
      field.clear();
      rows.push_back(std::move(row));
      row.clear();
    } else {
      field.push_back(c);
    }
  }
  if (!field.empty() || !row.empty()) {
    row.push_back(std::move(field));
    rows.push_back(std::move(row));
  }
  return rows;
}

// True when no component of dir/rel (below dir) is a symlink and the file is a regular file.
bool plain_file_inside(const fs::path &dir, const fs::path &rel) {
  fs::path p = dir;
  for (const auto &part : rel) {
    p /= part;
    struct stat st {};
    if (::lstat(p.c_str(), &st) != 0 || S_ISLNK(st.st_mode)) return false;
  }
  struct stat st {};
  return ::lstat(p.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

void check_photo(PackageReport &rep, const fs::path &file, const std::string &where) {
  auto bytes = read_file_bytes(file);
  if (!bytes) {
    problem(rep, where, "verify.unreadable", bytes.error().message_en, bytes.error().message_zh);
    return;
  }
  const models::StandardProfile prof;  // the notice's numbers (SPEC §5)
  const auto f = read_jpeg_facts(as_bytes(*bytes));
  if (!f.is_jpeg || !f.error.empty()) {
    problem(rep, where, "verify.not_jpeg", "not a readable JPEG: " + f.error, "不是有效的 JPEG 文件");
    return;
  }
  if (!f.baseline) problem(rep, where, "verify.not_baseline", "JPEG is not baseline", "JPEG 不是基线（baseline）格式");
  if (f.width != prof.width || f.height != prof.height)
    problem(rep, where, "verify.pixels",
            "size " + std::to_string(f.width) + "×" + std::to_string(f.height) + ", must be " + std::to_string(prof.width) + "×" +
                std::to_string(prof.height),
            "像素为 " + std::to_string(f.width) + "×" + std::to_string(f.height) + "，应为 " + std::to_string(prof.width) + "×" +
                std::to_string(prof.height));
  if (f.components != 3 || f.adobe)
    problem(rep, where, "verify.components", "must be 3-channel colour (found " + std::to_string(f.components) + " components)",
            "必须是 3 通道彩色照片");
  if (!f.jfif || f.density_units != 1 || f.x_density != prof.dpi || f.y_density != prof.dpi)
    problem(rep, where, "verify.dpi", "JFIF header must record " + std::to_string(prof.dpi) + " dpi",
            "JFIF 头必须记录 " + std::to_string(prof.dpi) + " dpi 分辨率");
  if (f.has_exif) problem(rep, where, "verify.metadata", "EXIF/XMP metadata present", "照片含有 EXIF/XMP 元数据");
  if (f.has_icc) problem(rep, where, "verify.icc", "embedded ICC profile present", "照片含有内嵌 ICC 色彩配置");
  const double size = static_cast<double>(bytes->size());
  if (size > prof.file_bytes.max || size < prof.file_bytes_floor)
    problem(rep, where, "verify.size",
            std::to_string(bytes->size()) + " bytes, outside " + std::to_string(static_cast<long>(prof.file_bytes_floor)) + "–" +
                std::to_string(static_cast<long>(prof.file_bytes.max)),
            "文件大小 " + std::to_string(bytes->size()) + " 字节，超出允许范围");
  else if (size < prof.file_bytes.min)
    problem(rep, where, "verify.size_small", std::to_string(bytes->size()) + " bytes: under 563,200 but above the 40 KB floor (flagged)",
            "文件大小 " + std::to_string(bytes->size()) + " 字节，低于 550 KB 但高于 40 KB 下限（需留意）", true);
}

}  // namespace

Result<PackageReport> verify_dir(const fs::path &dir, const ProgressFn &progress) {
  PackageReport rep;
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) return make_error("verify.missing", dir.string() + " is not a folder", dir.string() + " 不是目录");
  // Symbolic links are never followed: a package is plain files in plain folders, and a link
  // would let verify (and merge) read files outside it.
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
    if (it->is_symlink(ec))
      problem(rep, it->path().lexically_relative(dir).generic_string(), "verify.symlink",
              "a symbolic link; packages hold plain files only (not followed)", "这是符号链接；数据包只能包含普通文件（未跟随读取）");
  ec.clear();
  auto read_inside = [&](const std::string &rel) -> Result<std::string> {
    if (!plain_file_inside(dir, rel))
      return make_error("verify.missing", rel + " is missing (or not a plain file)", "缺少 " + rel + "（或不是普通文件）");
    return read_file_bytes(dir / rel);
  };
  // Database (CSV: UTF-8 with BOM, or GB18030).
  auto csv_bytes = read_inside(kDatabaseCsv);
  std::vector<std::vector<std::string>> rows;
  if (!csv_bytes) {
    problem(rep, kDatabaseCsv, "verify.no_database", "database.csv is missing", "缺少 database.csv");
  } else {
    std::string text = *csv_bytes;
    if (text.starts_with("\xEF\xBB\xBF")) text.erase(0, 3);
    else if (!is_valid_utf8(text)) {
      auto u = gb18030_to_utf8(text);
      if (u) text = *u;
      else problem(rep, kDatabaseCsv, "verify.encoding", "database.csv is neither UTF-8 nor GB18030", "database.csv 编码无法识别");
    }
    rows = parse_csv_rows(text);
    // A cell a spreadsheet would run as a formula; export writes them as '= … (neutralised).
    for (size_t i = 0; i < rows.size(); ++i)
      for (auto &cell : rows[i]) {
        if (csv_formula_like(cell))
          problem(rep, "database.csv row " + std::to_string(i + 1), "verify.formula",
                  "a cell starts with " + cell.substr(0, 1) + " and would run as a spreadsheet formula",
                  "有单元格以 " + cell.substr(0, 1) + " 开头，会被电子表格当作公式执行");
        cell = csv_unneutralise(cell);
      }
  }
  CoverFacts cover;
  if (auto c = read_inside(kCoverTxt)) cover = read_cover_facts(*c);
  std::set<int> numbers;
  std::set<std::string> ids, snos;
  if (!rows.empty()) {
    bool header_ok = rows[0].size() == 9;
    for (size_t c = 0; header_ok && c < 9; ++c) header_ok = rows[0][c] == kPackageFields[c];
    if (!header_ok)
      problem(rep, "database.csv row 1", "verify.header", "header must be the 9 fields in order", "表头必须是规定的 9 个字段且顺序一致");
    for (size_t i = 1; i < rows.size(); ++i) {
      const auto &r = rows[i];
      const std::string where = "database.csv row " + std::to_string(i + 1);
      if (r.size() == 1 && r[0].empty()) continue;
      ++rep.rows;
      if (r.size() != 9) {
        problem(rep, where, "verify.columns", "row has " + std::to_string(r.size()) + " fields, not 9", "该行不是 9 个字段");
        continue;
      }
      const std::string &num = r[0];
      const bool num_ok = num.size() == 4 && num.find_first_not_of("0123456789") == std::string::npos && num != "0000";
      PackageRow pr;
      pr.level = r[1];
      pr.student_number = r[2];
      pr.name = r[3];
      pr.gender = r[4];
      pr.id_number = r[5];
      pr.school_type = r[6];
      pr.school_code = r[7];
      pr.school_name = r[8];
      if (!num_ok) {
        problem(rep, where, "verify.number", "拍摄序号 '" + num + "' is not 4 digits 0001–9999",
                "拍摄序号“" + num + "”不是 0001–9999 的 4 位数字");
        continue;
      }
      pr.number = SequenceNumber{std::atoi(num.c_str())};
      pr.photo = dir / "photos" / pr.number.file_name();
      if (!numbers.insert(pr.number.value).second)
        problem(rep, where, "verify.duplicate_number", "number " + num + " appears twice", "拍摄序号 " + num + " 重复");
      if (!id_number_valid(pr.id_number))
        problem(rep, where, "verify.id_number", "ID number fails the GB 11643 check", "身份证号校验不通过");
      else if (std::string(gender_zh(gender_from_id(pr.id_number))) != pr.gender)
        problem(rep, where, "verify.gender", "gender does not match the ID number", "性别与身份证号不符");
      if (pr.level != "成人专科" && pr.level != "成人本科")
        problem(rep, where, "verify.level", "学历层次 must be 成人专科 or 成人本科", "学历层次必须是 成人专科 或 成人本科");
      if (pr.name.empty() || pr.student_number.empty())
        problem(rep, where, "verify.empty", "name or student number is empty", "姓名或学号为空");
      if (!ids.insert(pr.id_number).second)
        problem(rep, where, "verify.duplicate_student", "student " + mask_id_number(pr.id_number) + " appears twice", "同一学生出现两次");
      if (!snos.insert(pr.student_number).second)
        problem(rep, where, "verify.duplicate_student_number", "student number " + pr.student_number + " appears twice", "学号重复");
      if (!cover.ranges.empty() && std::none_of(cover.ranges.begin(), cover.ranges.end(), [&](const auto &r) {
            return pr.number.value >= r.first && pr.number.value <= r.second;
          }))
        problem(rep, where, "verify.out_of_range",
                "number " + num + " lies outside the booth ranges recorded in cover.txt (" + ranges_text(cover.ranges) +
                    "): was the booth's range changed after it numbered photos?",
                "拍摄序号 " + num + " 不在 cover.txt 记录的采集点序号范围（" + ranges_text(cover.ranges) +
                    "）之内：是否在已编号后修改了本机的序号范围？");
      if (!plain_file_inside(dir, "photos/" + pr.number.file_name()))
        problem(rep, where, "verify.missing_photo", "photos/" + pr.number.file_name() + " is missing",
                "缺少照片 photos/" + pr.number.file_name());
      rep.table.push_back(std::move(pr));
    }
  }
  // Photos: each one has its row and passes the file rules.
  struct stat photos_st {};
  const bool photos_dir = ::lstat((dir / "photos").c_str(), &photos_st) == 0 && S_ISDIR(photos_st.st_mode);
  if (!photos_dir) ec = std::make_error_code(std::errc::no_such_file_or_directory);
  for (const auto &e : photos_dir ? fs::directory_iterator(dir / "photos", ec) : fs::directory_iterator()) {
    const std::string n = e.path().filename().string();
    const std::string where = "photos/" + n;
    ++rep.photos;
    const bool named = n.size() == 8 && n.ends_with(".jpg") && n.substr(0, 4).find_first_not_of("0123456789") == std::string::npos;
    if (!named || !numbers.count(std::atoi(n.substr(0, 4).c_str()))) {
      problem(rep, where, "verify.orphan_photo", "photo has no database row", "照片在数据库中没有对应的行");
      continue;
    }
    if (plain_file_inside(dir, "photos/" + n)) check_photo(rep, e.path(), where);
    if (progress) progress(rep.photos, std::max(rep.rows, rep.photos), where);
  }
  if (ec && rep.rows > 0) problem(rep, "photos/", "verify.no_photos", "photos/ folder is missing", "缺少 photos/ 目录");
  // The XLSX must say the same as the CSV.
  if (auto x = plain_file_inside(dir, kDatabaseXlsx)
          ? read_xlsx_first_sheet(dir / kDatabaseXlsx)
          : Result<SheetRows>(make_error("verify.missing", "database.xlsx is missing", "缺少 database.xlsx"));
      !x) {
    problem(rep, kDatabaseXlsx, "verify.xlsx", x.error().message_en, x.error().message_zh);
  } else {
    auto xr = *x;
    while (!xr.empty() && xr.back().empty()) xr.pop_back();
    for (auto &r : xr) r.resize(9);
    auto cr = rows;
    while (!cr.empty() && cr.back().size() == 1 && cr.back()[0].empty()) cr.pop_back();
    for (auto &r : cr) r.resize(9);
    if (xr != cr)
      problem(rep, kDatabaseXlsx, "verify.xlsx_differs", "database.xlsx and database.csv differ",
              "database.xlsx 与 database.csv 内容不一致");
  }
  // Manifest: every file listed with the right hash, nothing unlisted.
  auto man = read_inside(kManifest);
  if (!man) {
    problem(rep, kManifest, "verify.no_manifest", "manifest.sha256 is missing", "缺少 manifest.sha256");
  } else {
    std::set<std::string> listed;
    std::istringstream in(*man);
    std::string line;
    while (std::getline(in, line)) {
      if (line.size() < 67 || line[64] != ' ') {
        if (!line.empty()) problem(rep, kManifest, "verify.manifest_syntax", "bad manifest line", "manifest 行格式错误");
        continue;
      }
      const std::string hash = line.substr(0, 64);
      const std::string rel = line.substr(66);
      const fs::path p = (dir / rel).lexically_normal();
      if (fs::path(rel).is_absolute() || rel.find("..") != std::string::npos) {
        problem(rep, kManifest, "verify.manifest_path", "unsafe path in manifest: " + rel, "manifest 中有不安全的路径");
        continue;
      }
      listed.insert(rel);
      auto h = plain_file_inside(dir, rel) ? sha256_file(p) : Result<std::string>(make_error("verify.missing", rel, rel));
      if (!h) problem(rep, rel, "verify.manifest_missing", "listed in the manifest but missing", "manifest 中列出的文件不存在");
      else if (*h != hash)
        problem(rep, rel, "verify.manifest_hash", "SHA-256 does not match the manifest", "文件的 SHA-256 与 manifest 不符");
    }
    for (const auto &e : fs::recursive_directory_iterator(dir, ec)) {
      if (e.is_symlink() || !e.is_regular_file()) continue;
      const std::string rel = fs::relative(e.path(), dir).generic_string();
      if (rel == kManifest) continue;
      if (!listed.count(rel)) problem(rep, rel, "verify.unlisted", "file not in the manifest", "文件未列入 manifest");
    }
  }
  return rep;
}

Result<PackageReport> verify_package(const fs::path &dir_or_zip, const ProgressFn &progress) {
  std::error_code ec;
  if (fs::is_regular_file(dir_or_zip, ec)) {
    auto tmp = make_temp_dir("verify");
    if (!tmp) return tmp.error();
    TRY(extract_zip(dir_or_zip, (*tmp)->path));
    auto rep = verify_dir((*tmp)->path, progress);
    if (rep)
      for (auto &r : rep->table) r.photo.clear();  // the temp folder is about to go
    return rep;
  }
  return verify_dir(dir_or_zip, progress);
}

}  // namespace gradbooth::core
