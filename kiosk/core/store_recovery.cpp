// Recovery: what a crash between "file placed" and "row committed" leaves behind is repaired when a
// batch is opened alone; files the database cannot account for go to quarantine/, never deleted,
// and the supervisor can put them back.
#include "store_impl.h"

#include "durable_file.h"

#include <gradbooth/clock_text.h>

#include <cerrno>
#include <cstring>
#include <sys/stat.h>

#include <algorithm>
#include <map>
#include <set>

namespace gradbooth::core {
namespace fs = std::filesystem;

// Moves a file recovery cannot account for to quarantine/<UTC time>/<its folder>/, with an
// audit row naming both places. Nothing the store cannot explain is ever deleted.
Status Store::Impl::quarantine(const fs::path &file) {
  const fs::path rel = file.lexically_relative(layout.dir);
  if (quarantine_run.empty()) {
    const std::string stamp = clock_text("%Y%m%dT%H%M%SZ", Zone::Utc);
    quarantine_run = layout.quarantine() / stamp;
    for (int k = 2; fs::exists(quarantine_run); ++k) quarantine_run = layout.quarantine() / (stamp + "-" + std::to_string(k));
  }
  const fs::path to = quarantine_run / rel;
  TRY(make_private_dirs(to.parent_path()));
  if (::rename(file.c_str(), to.c_str()) != 0)
    return make_error(errc::store_quarantine, "cannot move " + file.string() + " to " + to.string() + ": " + std::strerror(errno),
                      "无法把 " + file.string() + " 移入隔离目录：" + std::strerror(errno));
  TRY(fsync_dir(to.parent_path()));
  recovery.push_back("quarantined " + file.string() + " -> " + to.string());
  return audit("system", "quarantine", to.lexically_relative(layout.dir).generic_string(), rel.generic_string());
}

// Does the database account for `rel` ("originals/A12.jpg", "photos/0003.jpg")?
Result<bool> Store::Impl::accounts_for(const fs::path &rel) {
  const std::string folder = rel.parent_path().generic_string(), n = rel.filename().string();
  std::optional<std::int64_t> found;
  if (folder == "originals" || folder == "attempts") {
    const auto id = attempt_id_of(n);
    if (!id) return false;
    TRY_ASSIGN(found, db.one<std::int64_t>("SELECT 1 FROM attempts WHERE id=?", *id));
  } else if (folder == "photos") {
    const auto seq = photo_number_of(n);
    if (!seq) return false;
    TRY_ASSIGN(found, db.one<std::int64_t>("SELECT 1 FROM photos WHERE seq=? AND voided_at IS NULL", *seq));
  }
  return found.has_value();
}

namespace {

// Our own interrupted temp file: dropped, not quarantined.
bool drop_if_temp(const fs::directory_entry &e, std::vector<std::string> &log) {
  if (!is_temp_name(e.path().filename().string())) return false;
  std::error_code ec;
  fs::remove(e.path(), ec);
  log.push_back("removed temp file " + e.path().string());
  return true;
}

// Are these two files the same photo (one file, or the same bytes)?
bool same_photo(const fs::path &a, const fs::path &b) {
  struct stat sa {
  }, sb{};
  if (::stat(a.c_str(), &sa) != 0 || ::stat(b.c_str(), &sb) != 0) return false;
  if (sa.st_ino == sb.st_ino && sa.st_dev == sb.st_dev) return true;
  if (sa.st_size != sb.st_size) return false;
  auto ha = sha256_file(a), hb = sha256_file(b);
  return ha && hb && *ha == *hb;
}

}  // namespace

Status Store::Impl::recover() {
  std::set<std::int64_t> attempt_ids;
  TRY(db.each_row("SELECT id FROM attempts", [&](const Stmt &st) { attempt_ids.insert(st.i64(0)); }));
  std::map<int, std::int64_t> live;  // seq → attempt id
  TRY(db.each_row("SELECT seq, attempt_id FROM photos WHERE voided_at IS NULL", [&](const Stmt &st) { live[st.i32(0)] = st.i64(1); }));
  std::error_code ec;
  // Attempt files without their row go to quarantine.
  for (const auto &d : {layout.originals(), layout.attempts()}) {
    for (const auto &e : fs::directory_iterator(d, ec)) {
      if (drop_if_temp(e, recovery)) continue;
      const auto id = attempt_id_of(e.path().filename().string());
      if (!id || !attempt_ids.count(*id)) TRY(quarantine(e.path()));
    }
  }
  // Photo files: exactly one per live number, holding that attempt's spec photo.
  for (const auto &e : fs::directory_iterator(layout.photos(), ec)) {
    if (drop_if_temp(e, recovery)) continue;
    const auto seq = photo_number_of(e.path().filename().string());
    if (!seq || !live.count(*seq)) TRY(quarantine(e.path()));
  }
  for (const auto &[seq, aid] : live) {
    const fs::path want = layout.spec_of(aid);
    const fs::path have = layout.photo_of(SequenceNumber{seq});
    if (!fs::exists(want, ec))
      return make_error(errc::store_lost_photo, "spec photo of attempt " + std::to_string(aid) + " is missing",
                        "第 " + std::to_string(aid) + " 次拍摄的照片文件丢失");
    if (!same_photo(want, have)) {
      TRY(place_file_durable(want, layout.photos(), have.filename().string()));
      recovery.push_back("restored " + have.string());
    }
  }
  // Exports killed half-way leave their hidden staging folder; the final name never appears.
  for (const auto &e : fs::directory_iterator(layout.exports(), ec)) {
    const std::string n = e.path().filename().string();
    if (n.starts_with(".") && n.find(".partial-") != std::string::npos) {
      fs::remove_all(e.path(), ec);
      recovery.push_back("removed " + e.path().string());
    }
  }
  if (!recovery.empty()) {
    for (const auto &d : {layout.originals(), layout.attempts(), layout.photos()}) (void)fsync_dir(d);
    (void)audit("system", "recover", layout.dir.string(), join(recovery, '\n'));
  }
  return {};
}

Result<std::vector<QuarantinedFile>> Store::quarantined() const {
  std::vector<QuarantinedFile> out;
  const fs::path q = impl_->layout.quarantine();
  std::error_code ec;
  if (!fs::is_directory(q, ec)) return out;
  for (auto it = fs::recursive_directory_iterator(q, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    if (!it->is_regular_file(ec) || it->is_symlink(ec)) continue;
    const fs::path rel = it->path().lexically_relative(q);
    QuarantinedFile f;
    f.entry = rel.generic_string();
    // <time>/<folder>/<name>: the part after the time folder is where it lay.
    auto part = rel.begin();
    fs::path from;
    for (++part; part != rel.end(); ++part) from /= *part;
    f.from = from.generic_string();
    f.bytes = it->file_size(ec);
    out.push_back(std::move(f));
  }
  if (ec) return make_error(errc::store_io, "cannot list " + q.string() + ": " + ec.message(), "无法读取隔离目录 " + q.string());
  std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.entry < b.entry; });
  return out;
}

Result<bool> Store::restore_quarantined(std::string_view entry, std::string_view actor) {
  if (impl_->readonly) return make_error(errc::store_readonly, "the batch is open read-only", "批次以只读方式打开");
  TRY_ASSIGN(const auto list, quarantined());
  const auto it = std::find_if(list.begin(), list.end(), [&](const auto &f) { return f.entry == entry; });
  if (it == list.end())
    return make_error(errc::store_no_quarantined, "no quarantined file '" + std::string(entry) + "'",
                      "隔离目录中没有文件“" + std::string(entry) + "”");
  const fs::path from = impl_->layout.quarantine() / it->entry;
  const fs::path to = impl_->layout.dir / it->from;
  const std::string folder = fs::path(it->from).parent_path().generic_string();
  if (folder != "originals" && folder != "attempts" && folder != "photos")
    return make_error(errc::store_no_quarantined, "'" + std::string(entry) + "' did not come from a photo folder",
                      "“" + std::string(entry) + "”不是从照片目录隔离的");
  // link + unlink: never replaces a file that is already there.
  if (::link(from.c_str(), to.c_str()) != 0) {
    if (errno == EEXIST)
      return make_error(errc::store_restore_exists, to.string() + " already exists; nothing was changed",
                        to.string() + " 已存在，未做任何改动");
    return make_error(errc::store_io, "cannot restore " + to.string() + ": " + std::strerror(errno),
                      "无法恢复 " + to.string() + "：" + std::strerror(errno));
  }
  TRY(fsync_dir(to.parent_path()));
  ::unlink(from.c_str());
  (void)fsync_dir(from.parent_path());
  TRY(impl_->audit(actor, "quarantine_restore", it->from, it->entry));
  return impl_->accounts_for(it->from);
}

}  // namespace gradbooth::core
