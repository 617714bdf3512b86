#include "batch.h"

#include "durable_file.h"

#include <algorithm>
#include <map>
#include <set>
#include <sstream>

namespace gradbooth::core {
namespace fs = std::filesystem;

namespace {

constexpr std::uintmax_t kMaxPhotoBytes = 200ull << 20;

std::string lower(std::string s) {
  for (auto &c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

// The report is opened in a spreadsheet too: a file name like "=cmd….jpg" is written as text.
std::string csv_field(const std::string &raw) {
  const std::string s = csv_neutralise(raw);
  if (s.find_first_of(",\"\r\n") == std::string::npos) return s;
  std::string q = "\"";
  for (char c : s) q += c == '"' ? std::string("\"\"") : std::string(1, c);
  return q + "\"";
}

void fail(BatchItem &it, std::string code, std::string en, std::string zh) {
  it.ok = false;
  it.code = std::move(code);
  it.reason_en = std::move(en);
  it.reason_zh = std::move(zh);
}

}  // namespace

Result<BatchReport> run_batch(Store &store, const fs::path &photos_dir, const PhotoChecker &check, const StationConfig &station,
                              const PackageOptions &opts, const ProgressFn &progress) {
  std::error_code ec;
  if (!fs::is_directory(photos_dir, ec))
    return make_error("batch.no_photos", photos_dir.string() + " is not a folder", photos_dir.string() + " 不是目录");
  BatchReport rep;
  // Only regular files directly inside the folder: no recursion, no symlinks (a link could point
  // anywhere), names are never joined into other paths.
  struct Candidate {
    std::string file;
    std::string key;  // stem
  };
  std::vector<Candidate> files;
  for (const auto &e : fs::directory_iterator(photos_dir, ec)) {
    const std::string name = e.path().filename().string();
    if (name.starts_with(".")) continue;
    BatchItem it;
    it.file = name;
    if (!e.is_regular_file(ec) || e.is_symlink(ec)) {
      fail(it, "batch.not_a_file", "not a regular file (links and folders are skipped)", "不是普通文件（已跳过链接和目录）");
      rep.items.push_back(it);
      continue;
    }
    const std::string ext = lower(e.path().extension().string());
    if (ext != ".jpg" && ext != ".jpeg") {
      fail(it, "batch.not_jpeg", "not a .jpg/.jpeg file", "不是 .jpg/.jpeg 文件");
      rep.items.push_back(it);
      continue;
    }
    files.push_back({name, e.path().stem().string()});
  }
  if (ec) return make_error("batch.no_photos", "cannot list " + photos_dir.string(), "无法读取目录 " + photos_dir.string());
  std::sort(files.begin(), files.end(), [](const Candidate &a, const Candidate &b) { return a.file < b.file; });

  // Match by ID number first, then by student number.
  std::map<std::string, std::pair<RosterEntry, std::string>> by_student;  // id_number → entry, file
  std::vector<std::pair<RosterEntry, std::string>> matched;
  for (const auto &c : files) {
    BatchItem it;
    it.file = c.file;
    std::optional<RosterEntry> who;
    auto byid = store.find_student(normalize_id_number(c.key));
    if (!byid) return byid.error();
    if (*byid) who = **byid;
    if (!who) {
      auto sn = store.find_student_by_number(c.key);
      if (!sn) return sn.error();
      if (*sn) who = **sn;
    }
    if (!who) {
      fail(it, "batch.unmatched", "file name is neither an ID number nor a student number on the roster",
           "文件名既不是名单中的身份证号也不是学号");
      rep.items.push_back(it);
      continue;
    }
    it.id_number = who->id_number;
    it.name = who->name;
    if (by_student.count(who->id_number)) {
      fail(it, "batch.duplicate", "a second photo for this student (first: " + by_student[who->id_number].second + ")",
           "同一学生的第二张照片（第一张：" + by_student[who->id_number].second + "）");
      rep.items.push_back(it);
      continue;
    }
    by_student[who->id_number] = {*who, c.file};
    matched.push_back({*who, c.file});
  }
  // Numbers follow the roster's student numbers, so a re-run numbers the same way.
  std::sort(matched.begin(), matched.end(), [](const auto &a, const auto &b) { return a.first.student_number < b.first.student_number; });
  int done = 0;
  for (const auto &[student, file] : matched) {
    if (progress) progress(++done, static_cast<int>(matched.size()), file);
    BatchItem it;
    it.file = file;
    it.id_number = student.id_number;
    it.name = student.name;
    const fs::path path = photos_dir / file;
    if (fs::file_size(path, ec) > kMaxPhotoBytes || ec) {
      fail(it, "batch.too_large", "file too large or unreadable", "文件过大或无法读取");
      rep.items.push_back(it);
      continue;
    }
    auto bytes = read_file_bytes(path);
    if (!bytes) {
      fail(it, bytes.error().code, bytes.error().message_en, bytes.error().message_zh);
      rep.items.push_back(it);
      continue;
    }
    if (auto can = store.can_number(student.id_number); !can) {
      fail(it, can.error().code, can.error().message_en, can.error().message_zh);
      rep.items.push_back(it);
      continue;
    }
    auto checked = check(as_bytes(*bytes));
    if (!checked) {
      fail(it, "batch.unreadable", checked.error().message_en, checked.error().message_zh);
      rep.items.push_back(it);
      continue;
    }
    AttemptInput in;
    in.id_number = student.id_number;
    in.original_jpeg = as_bytes(*bytes);
    in.spec_jpeg = checked->spec_jpeg;
    in.measures_json = checked->measures_json;
    in.crop_json = checked->crop_json;
    in.pass = checked->pass && !checked->spec_jpeg.empty();
    in.failed_checks = checked->failed_checks;
    if (!checked->reasons_zh.empty()) in.reason_zh = checked->reasons_zh.front();
    auto attempt = store.record_attempt(in);
    if (!attempt) return attempt.error();  // the store itself failed: stop, nothing half-done
    if (!in.pass) {
      std::string zh, en;
      for (const auto &r : checked->reasons_zh) zh += (zh.empty() ? "" : "；") + r;
      for (const auto &r : checked->reasons_en) en += (en.empty() ? "" : "; ") + r;
      if (checked->spec_jpeg.empty() && zh.empty()) {
        zh = "无法裁切成标准照片";
        en = "the photo cannot be cropped to the standard";
      }
      fail(it, "batch.failed_checks", en, zh);
      (void)store.reject(*attempt, {"batch", "failed checks"});
      rep.items.push_back(it);
      continue;
    }
    auto n = store.accept(*attempt, {});
    if (!n) {
      fail(it, n.error().code, n.error().message_en, n.error().message_zh);
      rep.items.push_back(it);
      continue;
    }
    it.ok = true;
    it.number = *n;
    rep.items.push_back(it);
  }
  for (const auto &i : rep.items) (i.ok ? rep.numbered : rep.failed)++;

  // Students on the roster without any photo.
  auto missing = store.students_without_number();
  if (!missing) return missing.error();
  for (const auto &m : *missing)
    if (!by_student.count(m.id_number)) rep.missing.push_back(m.student_number + " " + m.name);

  if (!opts.out.empty()) {
    auto pkg = export_batch(store, station, opts);
    if (!pkg) return pkg.error();
    rep.package = *pkg;
    // The report sits next to the package (inside it, the manifest would have to list it).
    std::string csv = "\xEF\xBB\xBF文件,结果,拍摄序号,姓名,学号/身份证号(掩码),原因,reason\r\n";
    for (const auto &i : rep.items)
      csv += csv_field(i.file) + "," + (i.ok ? "通过" : "不通过") + "," + (i.number ? i.number->text() : "") + "," + csv_field(i.name) +
          "," + csv_field(mask_id_number(i.id_number)) + "," + csv_field(i.reason_zh) + "," + csv_field(i.reason_en) + "\r\n";
    const fs::path out = fs::absolute(opts.out);
    rep.report_csv = out.string() + ".report.csv";
    if (auto s = write_file_durable(out.parent_path(), rep.report_csv.filename().string(), as_bytes(csv)); !s) return s.error();
  }
  return rep;
}

}  // namespace gradbooth::core
