// Writing the agency package. libxlsxwriter and libzip stay in this file.
#include "package.h"
#include "try.h"

#include "durable_file.h"

#include <gradbooth/clock_text.h>

#include <xlsxwriter.h>
#include <zip.h>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <ctime>
#include <fstream>
#include <set>
#include <sstream>

namespace gradbooth::core {
namespace fs = std::filesystem;

std::string csv_neutralise(const std::string &cell) { return csv_formula_like(cell) ? "'" + cell : cell; }

std::string ranges_text(const std::vector<std::pair<int, int>> &ranges) {
  std::string t;
  for (const auto &[a, b] : ranges) t += (t.empty() ? "" : ", ") + SequenceNumber{a}.text() + "–" + SequenceNumber{b}.text();
  return t;
}

namespace {

std::string csv_field(const std::string &raw) {
  const std::string s = csv_neutralise(raw);
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) {
    if (c == '"') q += "\"\"";
    else q.push_back(c);
  }
  return q + "\"";
}

std::vector<std::string> fields_of(const PackageRow &r) {
  return {r.number.text(), r.level, r.student_number, r.name, r.gender, r.id_number, r.school_type, r.school_code, r.school_name};
}

Status write_text(const fs::path &dir, const std::string &name, const std::string &text) {
  return write_file_durable(dir, name, as_bytes(text), false);
}

Status write_xlsx(const fs::path &file, const std::vector<PackageRow> &rows) {
  lxw_workbook *wb = workbook_new(file.c_str());
  if (!wb) return make_error("export.xlsx", "cannot create " + file.string(), "无法创建 " + file.string());
  lxw_worksheet *ws = workbook_add_worksheet(wb, "学生信息");
  lxw_format *text = workbook_add_format(wb);
  format_set_num_format(text, "@");  // every cell is TEXT: ID numbers keep leading digits and X
  lxw_format *head = workbook_add_format(wb);
  format_set_num_format(head, "@");
  format_set_bold(head);
  const double widths[9] = {10, 10, 16, 12, 6, 22, 12, 10, 18};
  for (lxw_col_t c = 0; c < 9; ++c) worksheet_set_column(ws, c, c, widths[c], text);
  for (lxw_col_t c = 0; c < 9; ++c) worksheet_write_string(ws, 0, c, kPackageFields[c], head);
  lxw_row_t r = 1;
  for (const auto &row : rows) {
    const auto f = fields_of(row);
    for (lxw_col_t c = 0; c < 9; ++c) worksheet_write_string(ws, r, c, f[c].c_str(), text);
    ++r;
  }
  const lxw_error err = workbook_close(wb);
  if (err != LXW_NO_ERROR)
    return make_error("export.xlsx", std::string("writing the XLSX failed: ") + lxw_strerror(err),
                      std::string("写入 XLSX 失败：") + lxw_strerror(err));
  // libxlsxwriter creates the file with the umask's mode and does not sync it.
  ::chmod(file.c_str(), 0600);
  const int fd = ::open(file.c_str(), O_RDONLY | O_CLOEXEC);
  const bool synced = fd >= 0 && ::fsync(fd) == 0;
  if (fd >= 0) ::close(fd);
  if (!synced) return make_error("export.xlsx", "cannot sync " + file.string(), "无法写入 " + file.string());
  return {};
}

std::string now_local() {
  const std::time_t t = std::time(nullptr);
  // merge --prefer newest compares the UTC time (read_cover_facts).
  return clock_text("%Y-%m-%d %H:%M:%S", Zone::Local, t) + " (UTC " + clock_text("%Y-%m-%dT%H:%M:%SZ", Zone::Utc, t) + ")";
}

std::string cover_text(const std::vector<PackageRow> &rows, const StationConfig &st, const PackageOptions &o) {
  std::ostringstream s;
  s << "学历证书电子注册图像采集 — 数据包说明\r\n"
    << "Graduation photos for diploma e-registration — package cover\r\n\r\n"
    << "学校名称 / School: " << st.school_name << "\r\n"
    << "院校代码 / School code: " << st.school_code << "\r\n"
    << "所在校别 / School type: " << st.school_type << "\r\n"
    << "联系人 / Contact person: " << st.contact_person << "\r\n"
    << "联系电话 / Phone: " << st.contact_phone << "\r\n"
    << "邮寄地址 / Postal address: " << st.postal_address << "\r\n\r\n";
  if (!o.label.empty()) s << "批次 / Batch: " << o.label << "\r\n";
  if (!o.booth.empty()) s << "采集点 / Booth: " << o.booth << "\r\n";
  if (!o.ranges.empty()) s << "序号范围 / Ranges: " << ranges_text(o.ranges) << "\r\n";
  s << "照片数量 / Photos: " << rows.size() << "\r\n";
  if (!rows.empty()) s << "拍摄序号 / Numbers: " << rows.front().number.text() << "–" << rows.back().number.text() << "\r\n";
  s << "生成时间 / Created: " << now_local() << "\r\n\r\n"
    << "内容 / Contents: photos/NNNN.jpg（文件名即拍摄序号）, " << kDatabaseXlsx << ", " << kDatabaseCsv << ", " << kManifest
    << "（SHA-256）\r\n";
  return s.str();
}

Status zip_folder(const fs::path &dir, const fs::path &zip_path) {
  const fs::path tmp = zip_path.parent_path() / ("." + zip_path.filename().string() + ".tmp");
  fs::remove(tmp);
  int err = 0;
  zip_t *z = zip_open(tmp.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  if (!z) return make_error("export.zip", "cannot create " + tmp.string(), "无法创建压缩包 " + tmp.string());
  std::vector<fs::path> files;
  for (const auto &e : fs::recursive_directory_iterator(dir)) {
    if (e.is_regular_file()) files.push_back(e.path());
    // Folders get their own entries so an empty photos/ survives the round trip.
    else if (e.is_directory()) zip_dir_add(z, fs::relative(e.path(), dir).generic_string().c_str(), ZIP_FL_ENC_UTF_8);
  }
  std::sort(files.begin(), files.end());
  for (const auto &f : files) {
    const std::string name = fs::relative(f, dir).generic_string();
    zip_source_t *src = zip_source_file(z, f.c_str(), 0, -1);
    if (!src) {
      zip_discard(z);
      return make_error("export.zip", "cannot add " + name + " to the zip", "无法加入压缩包：" + name);
    }
    const zip_int64_t idx = zip_file_add(z, name.c_str(), src, ZIP_FL_ENC_UTF_8 | ZIP_FL_OVERWRITE);
    if (idx < 0) {
      zip_source_free(src);
      zip_discard(z);
      return make_error("export.zip", "cannot add " + name + " to the zip", "无法加入压缩包：" + name);
    }
    // JPEGs do not compress; storing them keeps the zip fast.
    if (name.ends_with(".jpg")) zip_set_file_compression(z, static_cast<zip_uint64_t>(idx), ZIP_CM_STORE, 0);
  }
  if (zip_close(z) != 0) {
    const std::string why = zip_strerror(z);
    zip_discard(z);
    fs::remove(tmp);
    return make_error("export.zip", "writing the zip failed: " + why, "写入压缩包失败：" + why);
  }
  // libzip creates the file with the umask's mode; the package is as private as the batch.
  if (::chmod(tmp.c_str(), 0600) != 0) {
    fs::remove(tmp);
    return make_error("export.zip", "cannot make the zip private", "无法设置压缩包的权限");
  }
  std::error_code ec;
  fs::rename(tmp, zip_path, ec);
  if (ec) return make_error("export.zip", "cannot rename the zip: " + ec.message(), "无法保存压缩包：" + ec.message());
  return fsync_dir(zip_path.parent_path());
}

struct StagingCleanup {
  fs::path dir;
  ~StagingCleanup() {
    if (!dir.empty()) {
      std::error_code ec;
      fs::remove_all(dir, ec);
    }
  }
};

}  // namespace

Result<PackageSummary> write_package(const std::vector<PackageRow> &rows, const StationConfig &station, const PackageOptions &opts) {
  PackageSummary sum;
  if (opts.out.empty()) return make_error("export.no_out", "no output folder given", "未指定输出目录");
  const fs::path out = fs::absolute(opts.out).lexically_normal();
  const fs::path parent = out.parent_path();
  std::error_code ec;
  if (fs::exists(out, ec) && !(fs::is_directory(out, ec) && fs::is_empty(out, ec)))
    return make_error("export.exists", out.string() + " already exists and is not empty", out.string() + " 已存在且不为空，请换一个目录");
  TRY(make_private_dirs(parent));
  {
    std::set<int> seen;
    for (const auto &r : rows)
      if (!seen.insert(r.number.value).second)
        return make_error("export.duplicate_number", "number " + r.number.text() + " appears twice",
                          "拍摄序号 " + r.number.text() + " 重复");
  }
  StagingCleanup staging{parent / ("." + out.filename().string() + ".partial-" + std::to_string(::getpid()))};
  fs::remove_all(staging.dir, ec);
  for (const auto &d : {staging.dir, staging.dir / "photos"}) TRY(make_private_dirs(d));
  if (opts.originals) TRY(make_private_dirs(staging.dir / "originals"));

  std::ostringstream manifest;
  auto add_manifest = [&](const std::string &rel) -> Status {
    auto h = sha256_file(staging.dir / rel);
    if (!h) return h.error();
    manifest << *h << "  " << rel << "\n";
    sum.bytes += fs::file_size(staging.dir / rel, ec);
    return {};
  };
  std::vector<std::string> gaps;
  int prev = 0;
  int done = 0;
  for (const auto &r : rows) {
    if (opts.progress) opts.progress(++done, static_cast<int>(rows.size()), "photos/" + r.number.file_name());
    if (prev && r.number.value != prev + 1)
      gaps.push_back(SequenceNumber{prev + 1}.text() +
                     (r.number.value - 1 > prev + 1 ? "–" + SequenceNumber{r.number.value - 1}.text() : ""));
    prev = r.number.value;
    const std::string rel = "photos/" + r.number.file_name();
    auto h = copy_file_hashed(r.photo, staging.dir / rel);
    if (!h) return h.error();
    if (!r.photo_sha256.empty() && *h != r.photo_sha256)
      return make_error("export.corrupt_photo", r.photo.string() + " does not match the hash recorded when it was accepted",
                        r.photo.string() + " 与采用时记录的校验值不符（文件已损坏或被改动）");
    manifest << *h << "  " << rel << "\n";
    sum.bytes += fs::file_size(staging.dir / rel, ec);
    if (opts.originals && !r.original.empty()) {
      const std::string orel = "originals/" + r.number.file_name();
      auto oh = copy_file_hashed(r.original, staging.dir / orel);
      if (!oh) return oh.error();
      manifest << *oh << "  " << orel << "\n";
      sum.bytes += fs::file_size(staging.dir / orel, ec);
    }
  }
  if (!gaps.empty()) {
    std::string g;
    for (const auto &x : gaps) g += (g.empty() ? "" : ", ") + x;
    sum.warnings.push_back("numbers not in this package (voided or other booths): " + g);
  }
  // Database: XLSX (TEXT cells) and CSV (UTF-8 with BOM, or GB18030).
  TRY(write_xlsx(staging.dir / kDatabaseXlsx, rows));
  std::string csv;
  for (int c = 0; c < 9; ++c) csv += std::string(c ? "," : "") + kPackageFields[c];
  csv += "\r\n";
  for (const auto &r : rows) {
    const auto f = fields_of(r);
    for (int c = 0; c < 9; ++c) csv += (c ? "," : "") + csv_field(f[static_cast<size_t>(c)]);
    csv += "\r\n";
  }
  if (opts.gbk) {
    auto g = utf8_to_gb18030(csv);
    if (!g) return g.error();
    csv = std::move(*g);
  } else {
    csv = "\xEF\xBB\xBF" + csv;
  }
  TRY(write_text(staging.dir, kDatabaseCsv, csv));
  TRY(write_text(staging.dir, kCoverTxt, cover_text(rows, station, opts)));
  for (const char *f : {kDatabaseXlsx, kDatabaseCsv, kCoverTxt}) TRY(add_manifest(f));
  TRY(write_text(staging.dir, kManifest, manifest.str()));
  // Photos were copied without a per-file fsync; one syncfs makes the whole tree durable before
  // the rename publishes it.
  TRY(sync_filesystem(staging.dir));
  // Into place: an empty target folder is replaced by rename(2).
  fs::rename(staging.dir, out, ec);
  if (ec)
    return make_error("export.rename", "cannot move the package to " + out.string() + ": " + ec.message(),
                      "无法把数据包移动到 " + out.string() + "：" + ec.message());
  staging.dir.clear();
  TRY(fsync_dir(parent));
  sum.dir = out;
  sum.photos = static_cast<int>(rows.size());
  if (opts.zip) {
    sum.zip = out.string() + ".zip";
    if (fs::exists(sum.zip, ec)) return make_error("export.exists", sum.zip.string() + " already exists", sum.zip.string() + " 已存在");
    TRY(zip_folder(out, sum.zip));
  }
  return sum;
}

Result<PackageSummary> export_batch(Store &store, const StationConfig &station, PackageOptions opts) {
  auto photos = store.accepted_photos();
  if (!photos) return photos.error();
  std::vector<PackageRow> rows;
  rows.reserve(photos->size());
  for (const auto &p : *photos) {
    PackageRow r;
    r.number = p.number;
    r.level = p.student.level;
    r.student_number = p.student.student_number;
    r.name = p.student.name;
    r.gender = std::string(gender_zh(p.student.gender));
    r.id_number = p.student.id_number;
    r.school_type = station.school_type;
    r.school_code = station.school_code;
    r.school_name = station.school_name;
    // The attempt's spec file is the durable source (photos/NNNN.jpg is its hard link, rebuilt
    // by recovery); the hash recorded at accept time proves it is the accepted photo.
    r.photo = store.layout().spec_of(p.attempt);
    r.photo_sha256 = p.sha256;
    r.original = store.layout().original_of(p.attempt);
    rows.push_back(std::move(r));
  }
  if (opts.label.empty()) opts.label = store.options().batch;
  if (opts.booth.empty()) opts.booth = store.options().booth_id;
  if (opts.ranges.empty()) opts.ranges = {{store.options().sequence_first, store.options().sequence_last}};
  auto sum = write_package(rows, station, opts);
  if (!sum) return sum;
  // Every export is on the record; a read-only store cannot hold it, so that is an error.
  if (auto s = store.audit(opts.actor, "export", sum->dir.string(),
                           std::to_string(sum->photos) + " photos" + (sum->zip.empty() ? "" : ", zip " + sum->zip.string()));
      !s)
    return make_error("export.audit",
                      "the package was written to " + sum->dir.string() + " but the audit row failed: " + s.error().message_en,
                      "数据包已写入 " + sum->dir.string() + "，但审计记录写入失败：" + s.error().message_zh);
  return sum;
}

}  // namespace gradbooth::core
