// verify: every database row has its photo and every photo its row; the file rules of SPEC §5;
// the manifest; the XLSX agrees with the CSV. merge: several packages → one.
#include "package.h"

#include "durable_file.h"
#include "jpeg_facts.h"
#include "xlsx_read.h"

#include "standard.h"  // models/ (on the include path via models_dep)

#include <zip.h>

#include <unistd.h>

#include <cstdlib>
#include <map>
#include <memory>
#include <set>
#include <sstream>

namespace gradbooth::core {
namespace fs = std::filesystem;

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
        if (i + 1 < s.size() && s[i + 1] == '"') { field.push_back('"'); ++i; }
        else quoted = false;
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

struct TempDir {
  fs::path path;
  ~TempDir() {
    std::error_code ec;
    if (!path.empty()) fs::remove_all(path, ec);
  }
};

Status extract_zip(const fs::path &zip_path, const fs::path &to) {
  int err = 0;
  std::unique_ptr<zip_t, decltype(&zip_discard)> z(zip_open(zip_path.c_str(), ZIP_RDONLY, &err), &zip_discard);
  if (!z) return make_error("verify.zip", zip_path.string() + " is not a readable zip", zip_path.string() + " 不是可读取的压缩包");
  const zip_int64_t n = zip_get_num_entries(z.get(), 0);
  for (zip_int64_t i = 0; i < n; ++i) {
    const char *raw = zip_get_name(z.get(), static_cast<zip_uint64_t>(i), ZIP_FL_ENC_GUESS);
    if (!raw) continue;
    const std::string name = raw;
    const fs::path rel = fs::path(name).lexically_normal();
    // Entries may not leave the folder (zip slip).
    if (rel.is_absolute() || rel.empty() || *rel.begin() == ".." || name.find('\\') != std::string::npos)
      return make_error("verify.zip_path", "unsafe path in zip: " + name, "压缩包中有不安全的路径：" + name);
    if (name.ends_with("/")) continue;
    zip_stat_t st;
    if (zip_stat_index(z.get(), static_cast<zip_uint64_t>(i), 0, &st) != 0 || st.size > (256u << 20))
      return make_error("verify.zip", "bad zip entry " + name, "压缩包条目损坏：" + name);
    std::unique_ptr<zip_file_t, decltype(&zip_fclose)> f(zip_fopen_index(z.get(), static_cast<zip_uint64_t>(i), 0), &zip_fclose);
    if (!f) return make_error("verify.zip", "cannot read " + name, "无法读取 " + name);
    std::string buf(static_cast<size_t>(st.size), '\0');
    zip_int64_t got = 0;
    while (static_cast<zip_uint64_t>(got) < st.size) {
      const zip_int64_t k = zip_fread(f.get(), buf.data() + got, st.size - static_cast<zip_uint64_t>(got));
      if (k <= 0) return make_error("verify.zip", "truncated " + name, "压缩包条目不完整：" + name);
      got += k;
    }
    const fs::path dst = to / rel;
    if (auto s = make_private_dirs(dst.parent_path()); !s) return s;
    if (auto s = write_file_durable(dst.parent_path(), dst.filename().string(), as_bytes(buf), false); !s) return s;
  }
  return {};
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
            "size " + std::to_string(f.width) + "×" + std::to_string(f.height) + ", must be " + std::to_string(prof.width) + "×" + std::to_string(prof.height),
            "像素为 " + std::to_string(f.width) + "×" + std::to_string(f.height) + "，应为 " + std::to_string(prof.width) + "×" + std::to_string(prof.height));
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
    problem(rep, where, "verify.size_small",
            std::to_string(bytes->size()) + " bytes: under 563,200 but above the 40 KB floor (flagged)",
            "文件大小 " + std::to_string(bytes->size()) + " 字节，低于 550 KB 但高于 40 KB 下限（需留意）", true);
}

Result<PackageReport> verify_dir(const fs::path &dir) {
  PackageReport rep;
  std::error_code ec;
  if (!fs::is_directory(dir, ec))
    return make_error("verify.missing", dir.string() + " is not a folder", dir.string() + " 不是目录");
  // Database (CSV: UTF-8 with BOM, or GB18030).
  auto csv_bytes = read_file_bytes(dir / kDatabaseCsv);
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
  }
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
      pr.level = r[1]; pr.student_number = r[2]; pr.name = r[3]; pr.gender = r[4]; pr.id_number = r[5];
      pr.school_type = r[6]; pr.school_code = r[7]; pr.school_name = r[8];
      if (!num_ok) {
        problem(rep, where, "verify.number", "拍摄序号 '" + num + "' is not 4 digits 0001–9999", "拍摄序号“" + num + "”不是 0001–9999 的 4 位数字");
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
      if (!fs::exists(pr.photo, ec))
        problem(rep, where, "verify.missing_photo", "photos/" + pr.number.file_name() + " is missing", "缺少照片 photos/" + pr.number.file_name());
      rep.table.push_back(std::move(pr));
    }
  }
  // Photos: each one has its row and passes the file rules.
  for (const auto &e : fs::directory_iterator(dir / "photos", ec)) {
    const std::string n = e.path().filename().string();
    const std::string where = "photos/" + n;
    ++rep.photos;
    const bool named = n.size() == 8 && n.ends_with(".jpg") && n.substr(0, 4).find_first_not_of("0123456789") == std::string::npos;
    if (!named || !numbers.count(std::atoi(n.substr(0, 4).c_str()))) {
      problem(rep, where, "verify.orphan_photo", "photo has no database row", "照片在数据库中没有对应的行");
      continue;
    }
    check_photo(rep, e.path(), where);
  }
  if (ec && rep.rows > 0) problem(rep, "photos/", "verify.no_photos", "photos/ folder is missing", "缺少 photos/ 目录");
  // The XLSX must say the same as the CSV.
  if (auto x = read_xlsx_first_sheet(dir / kDatabaseXlsx); !x) {
    problem(rep, kDatabaseXlsx, "verify.xlsx", x.error().message_en, x.error().message_zh);
  } else {
    auto xr = *x;
    while (!xr.empty() && xr.back().empty()) xr.pop_back();
    for (auto &r : xr) r.resize(9);
    auto cr = rows;
    while (!cr.empty() && cr.back().size() == 1 && cr.back()[0].empty()) cr.pop_back();
    for (auto &r : cr) r.resize(9);
    if (xr != cr)
      problem(rep, kDatabaseXlsx, "verify.xlsx_differs", "database.xlsx and database.csv differ", "database.xlsx 与 database.csv 内容不一致");
  }
  // Manifest: every file listed with the right hash, nothing unlisted.
  auto man = read_file_bytes(dir / kManifest);
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
      auto h = sha256_file(p);
      if (!h) problem(rep, rel, "verify.manifest_missing", "listed in the manifest but missing", "manifest 中列出的文件不存在");
      else if (*h != hash) problem(rep, rel, "verify.manifest_hash", "SHA-256 does not match the manifest", "文件的 SHA-256 与 manifest 不符");
    }
    for (const auto &e : fs::recursive_directory_iterator(dir, ec)) {
      if (!e.is_regular_file()) continue;
      const std::string rel = fs::relative(e.path(), dir).generic_string();
      if (rel == kManifest) continue;
      if (!listed.count(rel)) problem(rep, rel, "verify.unlisted", "file not in the manifest", "文件未列入 manifest");
    }
  }
  return rep;
}

} // namespace

Result<PackageReport> verify_package(const fs::path &dir_or_zip) {
  std::error_code ec;
  if (fs::is_regular_file(dir_or_zip, ec)) {
    TempDir tmp;
    char tmpl[] = "/tmp/gradbooth-verify-XXXXXX";
    if (!::mkdtemp(tmpl)) return make_error("verify.tmp", "cannot create a temp folder", "无法创建临时目录");
    tmp.path = tmpl;
    if (auto s = extract_zip(dir_or_zip, tmp.path); !s) return s.error();
    auto rep = verify_dir(tmp.path);
    if (rep)
      for (auto &r : rep->table) r.photo.clear();  // the temp folder is about to go
    return rep;
  }
  return verify_dir(dir_or_zip);
}

Result<MergeSummary> merge_packages(const std::vector<fs::path> &inputs, const StationConfig &station,
                                    const PackageOptions &opts) {
  MergeSummary out;
  std::vector<TempDir> temps;
  std::map<int, std::pair<PackageRow, std::string>> by_number;
  std::map<std::string, std::vector<std::string>> by_student;
  std::vector<std::string> overlaps;
  for (const auto &in : inputs) {
    fs::path dir = in;
    std::error_code ec;
    if (fs::is_regular_file(in, ec)) {
      char tmpl[] = "/tmp/gradbooth-merge-XXXXXX";
      if (!::mkdtemp(tmpl)) return make_error("merge.tmp", "cannot create a temp folder", "无法创建临时目录");
      temps.emplace_back();
      temps.back().path = tmpl;
      if (auto s = extract_zip(in, tmpl); !s) return s.error();
      dir = tmpl;
    }
    auto rep = verify_dir(dir);
    if (!rep) return rep.error();
    for (const auto &p : rep->problems)
      if (!p.warning)  // a package that fails verify (tampered, incomplete) is not merged
        return make_error("merge.bad_input", in.string() + ": " + p.where + ": " + p.message_en,
                          in.string() + "：" + p.where + "：" + p.message_zh);
    for (auto &r : rep->table) {
      const std::string src = in.string();
      if (auto it = by_number.find(r.number.value); it != by_number.end()) {
        overlaps.push_back(r.number.text() + " (" + it->second.second + ", " + src + ")");
        continue;
      }
      by_student[r.id_number].push_back(r.number.text() + " " + r.name + " (" + src + ")");
      by_number.emplace(r.number.value, std::make_pair(r, src));
    }
  }
  if (!overlaps.empty()) {
    std::string list;
    for (const auto &o : overlaps) list += "\n  " + o;
    return make_error("merge.overlap", "the exports use the same numbers; fix the booths' ranges:" + list,
                      "多个数据包使用了相同的拍摄序号，请检查各采集点的序号范围：" + list);
  }
  for (const auto &[id, where] : by_student)
    if (where.size() > 1) {
      std::string w = mask_id_number(id) + ":";
      for (const auto &x : where) w += " " + x;
      out.duplicates.push_back(w);
    }
  std::vector<PackageRow> rows;
  for (auto &[n, v] : by_number) rows.push_back(v.first);
  auto sum = write_package(rows, station, opts);
  if (!sum) return sum.error();
  out.package = std::move(*sum);
  return out;
}

} // namespace gradbooth::core
