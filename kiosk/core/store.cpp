// The session store. Invariants (checked by tests/integration/core crash loop):
//  - a photos row that is live (voided_at IS NULL) has photos/NNNN.jpg with its attempt's bytes;
//  - no photos/NNNN.jpg exists without a live row, no attempts/originals file without its attempt;
//  - numbers are MAX(seq in range)+1: voided rows stay, so a number is never handed out twice.
#include "store.h"

#include "durable_file.h"
#include "sqlite_db.h"
#include "store_schema.h"

#include <cerrno>
#include <cstring>
#include <cstdlib>
#include <cstdio>
#include <ctime>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <sstream>

namespace gradbooth::core {
namespace fs = std::filesystem;

std::string SequenceNumber::text() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", value);
  return buf;
}

bool valid_batch_name(std::string_view b) {
  if (b.empty() || b.size() > 64 || b.front() == '.') return false;
  for (char c : b) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' ||
                    c == '_' || c == '.';
    if (!ok) return false;
  }
  return b.find("..") == std::string_view::npos;
}

Result<fs::path> batch_dir(const fs::path &data_dir, std::string_view batch) {
  if (!valid_batch_name(batch))
    return make_error("store.bad_batch", "batch name '" + std::string(batch) + "' may hold only letters, digits, - _ .",
                      "批次名“" + std::string(batch) + "”只能包含字母、数字和 - _ .");
  return data_dir / std::string(batch);
}

namespace {

constexpr const char *kNow = "strftime('%Y-%m-%dT%H:%M:%fZ','now')";

std::string join(const std::vector<std::string> &v, char sep) {
  std::string s;
  for (size_t i = 0; i < v.size(); ++i) {
    if (i) s.push_back(sep);
    s += v[i];
  }
  return s;
}
std::vector<std::string> split(const std::string &s, char sep) {
  std::vector<std::string> out;
  if (s.empty()) return out;
  std::string cur;
  for (char c : s) {
    if (c == sep) {
      out.push_back(cur);
      cur.clear();
    } else {
      cur.push_back(c);
    }
  }
  out.push_back(cur);
  return out;
}

Gender gender_of(const std::string &zh) { return parse_gender(zh); }


AttemptStatus status_of(const std::string &s) {
  if (s == "accepted") return AttemptStatus::Accepted;
  if (s == "rejected") return AttemptStatus::Rejected;
  if (s == "superseded") return AttemptStatus::Superseded;
  return AttemptStatus::Pending;
}

std::string attempt_file(AttemptId id) { return "A" + std::to_string(id) + ".jpg"; }

// "A12.jpg" → 12.
std::optional<std::int64_t> attempt_id_of(const std::string &n) {
  if (n.size() <= 5 || n.size() > 24 || n[0] != 'A' || !n.ends_with(".jpg")) return std::nullopt;
  const std::string num = n.substr(1, n.size() - 5);
  if (num.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(num);
}

// "0042.jpg" → 42.
std::optional<int> photo_number_of(const std::string &n) {
  if (n.size() != 8 || !n.ends_with(".jpg") || n.substr(0, 4).find_first_not_of("0123456789") != std::string::npos)
    return std::nullopt;
  return std::stoi(n.substr(0, 4));
}

// write_file_durable's ".NAME.tmp": a write that never reached its rename.
bool is_temp_name(const std::string &n) { return n.size() > 5 && n[0] == '.' && n.ends_with(".tmp"); }

std::string utc_stamp() {
  const std::time_t t = std::time(nullptr);
  std::tm tm{};
  gmtime_r(&t, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y%m%dT%H%M%SZ", &tm);
  return buf;
}

// Photo files under the batch folder that only a database can account for.
int photo_files_in(const fs::path &dir) {
  int n = 0;
  std::error_code ec;
  for (const char *sub : {"originals", "attempts", "photos"})
    for (const auto &e : fs::directory_iterator(dir / sub, ec))
      if (!is_temp_name(e.path().filename().string())) ++n;
  return n;
}

Error unusable_database(const fs::path &dir, int files, const std::string &why_en, const std::string &why_zh,
                        const char *code) {
  const std::string d = dir.string(), n = std::to_string(files);
  return make_error(code,
                    d + " holds " + n + " photo files but " + why_en +
                        ". Nothing was changed. Put this batch's session.sqlite back (from a backup), or move the "
                        "folder away and start a new batch.",
                    d + " 中有 " + n + " 个照片文件，但" + why_zh +
                        "。未做任何改动。请放回本批次的 session.sqlite（从备份恢复），或把该目录移走后新建批次。");
}

} // namespace

const char *outcome_name(CardReadOutcome o) {
  switch (o) {
  case CardReadOutcome::Matched: return "matched";
  case CardReadOutcome::NotOnRoster: return "not_on_roster";
  case CardReadOutcome::Mismatch: return "mismatch";
  case CardReadOutcome::AlreadyPhotographed: return "already_photographed";
  }
  return "?";
}

struct Store::Impl {
  StoreOptions opts;
  fs::path dir;
  Db db;
  int lock_fd = -1;
  bool readonly = false;
  std::vector<std::string> recovery;
  fs::path quarantine_run;  // this recovery's quarantine/<time>/ folder, made on first use

  ~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);
  }

  fs::path originals() const { return dir / "originals"; }
  fs::path attempts() const { return dir / "attempts"; }
  fs::path photos() const { return dir / "photos"; }

  Status audit(std::string_view actor, std::string_view action, std::string_view subject, std::string_view detail) {
    auto st = db.prepare(std::string("INSERT INTO audit(at,actor,action,subject,detail) VALUES(") + kNow + ",?,?,?,?)");
    if (!st) return st.error();
    st->bind(1, actor.empty() ? std::string_view("student") : actor).bind(2, action).bind(3, subject).bind(4, detail);
    return st->run();
  }

  Result<std::optional<std::int64_t>> roster_id(std::string_view id_number) {
    auto st = db.prepare("SELECT id FROM roster WHERE id_number=?");
    if (!st) return st.error();
    st->bind(1, id_number);
    auto r = st->step();
    if (!r) return r.error();
    if (!*r) return std::optional<std::int64_t>{};
    return std::optional<std::int64_t>{st->i64(0)};
  }

  Result<std::optional<SequenceNumber>> live_number(std::int64_t rid) {
    auto st = db.prepare("SELECT seq FROM photos WHERE roster_id=? AND voided_at IS NULL");
    if (!st) return st.error();
    st->bind(1, rid);
    auto r = st->step();
    if (!r) return r.error();
    if (!*r) return std::optional<SequenceNumber>{};
    return std::optional<SequenceNumber>{SequenceNumber{st->i32(0)}};
  }

  // Next never-used number in range; 0 when the range is exhausted.
  Result<int> next_number() {
    auto st = db.prepare("SELECT MAX(seq) FROM photos WHERE seq BETWEEN ? AND ?");
    if (!st) return st.error();
    st->bind(1, opts.sequence_first).bind(2, opts.sequence_last);
    auto r = st->step();
    if (!r) return r.error();
    const int next = st->is_null(0) ? opts.sequence_first : st->i32(0) + 1;
    return next > opts.sequence_last ? 0 : next;
  }

  // Before anything is written: is this a database of this batch that this program can read?
  Status check_database(int files) {
    const fs::path dbfile = dir / "session.sqlite";
    auto not_ours = [&](const std::string &why) -> Error {
      if (files > 0)
        return unusable_database(dir, files, "its database session.sqlite is not readable (" + why + ")",
                                 "数据库 session.sqlite 无法读取（" + why + "）", "store.bad_database");
      return make_error("store.bad_database",
                        dbfile.string() + " is not a gradbooth database (" + why +
                            "). Nothing was changed; move it away or put this batch's database back.",
                        dbfile.string() + " 不是本程序的数据库（" + why + "）。未做任何改动；请移走该文件或放回本批次的数据库。");
    };
    auto st = db.prepare("PRAGMA user_version");
    if (!st) return not_ours(st.error().message_en);
    auto r = st->step();
    if (!r) return not_ours(r.error().message_en);
    const int v = st->i32(0);
    if (v > kSchemaVersion)
      return make_error("store.newer_schema",
                        dbfile.string() + " was written by a newer gradbooth (schema " + std::to_string(v) +
                            ", this program knows " + std::to_string(kSchemaVersion) +
                            "). Nothing was changed; install the newer gradbooth to open it.",
                        dbfile.string() + " 由更新版本的程序创建（数据库版本 " + std::to_string(v) +
                            "），未做任何改动，请升级程序后再打开");
    if (v == 0 && files > 0)
      return unusable_database(dir, files, "its database session.sqlite holds no tables", "数据库 session.sqlite 是空的（没有任何表）",
                               "store.no_database");
    if (v >= 1) {
      auto b = db.prepare("SELECT value FROM meta WHERE key='batch'");
      if (!b) return not_ours(b.error().message_en);
      auto has = b->step();
      if (!has) return not_ours(has.error().message_en);
      if (*has && b->text(0) != opts.batch) {
        const std::string other = b->text(0);
        return make_error("store.other_batch",
                          "the database in " + dir.string() + " belongs to batch '" + other + "', not '" + opts.batch +
                              "' (a copied or renamed folder?). Nothing was changed; open it as batch '" + other +
                              "' or put this batch's session.sqlite back.",
                          dir.string() + " 中的数据库属于批次“" + other + "”，不是“" + opts.batch +
                              "”（复制或改名的目录？）。未做任何改动；请以批次“" + other + "”打开，或放回本批次的数据库。");
      }
    }
    return {};
  }

  Status migrate() {
    auto st = db.prepare("PRAGMA user_version");
    if (!st) return st.error();
    (void)st->step();
    const int v = st->i32(0);
    if (v > kSchemaVersion)
      return make_error("store.newer_schema", "the store was written by a newer gradbooth (schema " + std::to_string(v) + ")",
                        "数据库由更新版本的程序创建（版本 " + std::to_string(v) + "），请升级程序");
    for (int i = v; i < kSchemaVersion; ++i) {
      Transaction tx(db);
      if (auto s = tx.begin(); !s) return s;
      if (auto s = db.exec(kMigrations[i]); !s) return s;
      if (auto s = db.exec(("PRAGMA user_version=" + std::to_string(i + 1)).c_str()); !s) return s;
      if (auto s = tx.commit(); !s) return s;
    }
    return {};
  }

  // Moves a file recovery cannot account for to quarantine/<UTC time>/<its folder>/, with an
  // audit row naming both places. Nothing the store cannot explain is ever deleted.
  Status quarantine(const fs::path &file) {
    const fs::path rel = file.lexically_relative(dir);
    if (quarantine_run.empty()) {
      const std::string stamp = utc_stamp();
      quarantine_run = dir / "quarantine" / stamp;
      for (int k = 2; fs::exists(quarantine_run); ++k) quarantine_run = dir / "quarantine" / (stamp + "-" + std::to_string(k));
    }
    const fs::path to = quarantine_run / rel;
    if (auto s = make_private_dirs(to.parent_path()); !s) return s;
    if (::rename(file.c_str(), to.c_str()) != 0)
      return make_error("store.quarantine", "cannot move " + file.string() + " to " + to.string() + ": " + std::strerror(errno),
                        "无法把 " + file.string() + " 移入隔离目录：" + std::strerror(errno));
    if (auto s = fsync_dir(to.parent_path()); !s) return s;
    recovery.push_back("quarantined " + file.string() + " -> " + to.string());
    return audit("system", "quarantine", to.lexically_relative(dir).generic_string(), rel.generic_string());
  }

  // Does the database account for `rel` ("originals/A12.jpg", "photos/0003.jpg")?
  Result<bool> accounts_for(const fs::path &rel) {
    const std::string folder = rel.parent_path().generic_string(), n = rel.filename().string();
    if (folder == "originals" || folder == "attempts") {
      const auto id = attempt_id_of(n);
      if (!id) return false;
      auto st = db.prepare("SELECT 1 FROM attempts WHERE id=?");
      if (!st) return st.error();
      st->bind(1, *id);
      return st->step();
    }
    if (folder == "photos") {
      const auto seq = photo_number_of(n);
      if (!seq) return false;
      auto st = db.prepare("SELECT 1 FROM photos WHERE seq=? AND voided_at IS NULL");
      if (!st) return st.error();
      st->bind(1, *seq);
      return st->step();
    }
    return false;
  }

  // Repairs what a crash between "file placed" and "row committed" leaves behind.
  Status recover() {
    std::set<std::int64_t> attempt_ids;
    {
      auto st = db.prepare("SELECT id FROM attempts");
      if (!st) return st.error();
      while (true) {
        auto r = st->step();
        if (!r) return r.error();
        if (!*r) break;
        attempt_ids.insert(st->i64(0));
      }
    }
    std::map<int, std::int64_t> live;  // seq → attempt id
    {
      auto st = db.prepare("SELECT seq, attempt_id FROM photos WHERE voided_at IS NULL");
      if (!st) return st.error();
      while (true) {
        auto r = st->step();
        if (!r) return r.error();
        if (!*r) break;
        live[st->i32(0)] = st->i64(1);
      }
    }
    std::error_code ec;
    // Attempt files without their row go to quarantine; our own interrupted temp files are dropped.
    for (const auto &d : {originals(), attempts()}) {
      for (const auto &e : fs::directory_iterator(d, ec)) {
        const std::string n = e.path().filename().string();
        if (is_temp_name(n)) {
          fs::remove(e.path(), ec);
          recovery.push_back("removed temp file " + e.path().string());
          continue;
        }
        const auto id = attempt_id_of(n);
        if (!id || !attempt_ids.count(*id))
          if (auto s = quarantine(e.path()); !s) return s;
      }
    }
    // Photo files: exactly one per live number, holding that attempt's spec photo.
    for (const auto &e : fs::directory_iterator(photos(), ec)) {
      const std::string n = e.path().filename().string();
      if (is_temp_name(n)) {
        fs::remove(e.path(), ec);
        recovery.push_back("removed temp file " + e.path().string());
        continue;
      }
      const auto seq = photo_number_of(n);
      if (!seq || !live.count(*seq))
        if (auto s = quarantine(e.path()); !s) return s;
    }
    for (const auto &[seq, aid] : live) {
      const fs::path want = attempts() / attempt_file(aid);
      const fs::path have = photos() / SequenceNumber{seq}.file_name();
      struct stat a{}, b{};
      const bool have_ok = ::stat(have.c_str(), &b) == 0;
      if (::stat(want.c_str(), &a) != 0)
        return make_error("store.lost_photo", "spec photo of attempt " + std::to_string(aid) + " is missing",
                          "第 " + std::to_string(aid) + " 次拍摄的照片文件丢失");
      bool same = have_ok && a.st_ino == b.st_ino && a.st_dev == b.st_dev;
      if (!same && have_ok && a.st_size == b.st_size) {
        auto ha = sha256_file(want), hb = sha256_file(have);
        same = ha && hb && *ha == *hb;
      }
      if (!same) {
        if (auto s = place_file_durable(want, photos(), have.filename().string()); !s) return s;
        recovery.push_back("restored " + have.string());
      }
    }
    // Exports killed half-way leave their hidden staging folder; the final name never appears.
    for (const auto &e : fs::directory_iterator(dir / "exports", ec)) {
      const std::string n = e.path().filename().string();
      if (n.starts_with(".") && n.find(".partial-") != std::string::npos) {
        fs::remove_all(e.path(), ec);
        recovery.push_back("removed " + e.path().string());
      }
    }
    if (!recovery.empty()) {
      for (const auto &d : {originals(), attempts(), photos()}) (void)fsync_dir(d);
      (void)audit("system", "recover", dir.string(), join(recovery, '\n'));
    }
    return {};
  }
};

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store &&) noexcept = default;
Store &Store::operator=(Store &&) noexcept = default;
Store::~Store() = default;

const fs::path &Store::dir() const { return impl_->dir; }
const StoreOptions &Store::options() const { return impl_->opts; }
const std::vector<std::string> &Store::recovery_log() const { return impl_->recovery; }

Result<Store> Store::open(const StoreOptions &opts) {
  if (opts.sequence_first < 1 || opts.sequence_last > 9999 || opts.sequence_first > opts.sequence_last)
    return make_error("store.bad_range", "sequence range must lie within 0001–9999", "拍摄序号范围必须在 0001–9999 之内");
  auto d = batch_dir(opts.data_dir, opts.batch);
  if (!d) return d.error();
  auto impl = std::make_unique<Impl>();
  impl->opts = opts;
  impl->dir = *d;
  const fs::path dbfile = impl->dir / "session.sqlite";
  // Photos without a usable database: refused before anything is created (a fresh database would
  // make every photo a stray).
  const int files = photo_files_in(impl->dir);
  if (files > 0) {
    struct stat dbst{};
    if (::stat(dbfile.c_str(), &dbst) != 0)
      return unusable_database(impl->dir, files, "its database session.sqlite is missing", "数据库 session.sqlite 不存在",
                               "store.no_database");
    if (dbst.st_size == 0)
      return unusable_database(impl->dir, files, "its database session.sqlite is empty (0 bytes)",
                               "数据库 session.sqlite 是空文件（0 字节）", "store.no_database");
  }
  for (const auto &sub : {impl->dir, impl->originals(), impl->attempts(), impl->photos(), impl->dir / "exports"})
    if (auto s = make_private_dirs(sub); !s) return s.error();
  // Several processes may open one batch (daemon + admin). Whoever opens it alone repairs it.
  const fs::path lock = impl->dir / ".lock";
  impl->lock_fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (impl->lock_fd < 0)
    return make_error("store.lock", "cannot create " + lock.string() + ": " + std::strerror(errno),
                      "无法创建锁文件 " + lock.string());
  const bool alone = ::flock(impl->lock_fd, LOCK_EX | LOCK_NB) == 0;
  {
    // Created 0600 before SQLite touches it; SQLite gives -wal/-shm the same mode.
    const int fd = ::open(dbfile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
      return make_error("store.open", "cannot create " + dbfile.string() + ": " + std::strerror(errno),
                        "无法创建数据库文件 " + dbfile.string());
    ::close(fd);
  }
  auto db = Db::open(dbfile.string(), false);
  if (!db) return db.error();
  impl->db = std::move(*db);
  if (auto s = impl->check_database(files); !s) return s.error();
  for (const char *p : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"})
    if (auto s = impl->db.exec(p); !s) return s.error();
  if (auto s = impl->migrate(); !s) return s.error();
  {
    // The range this store was created with; a changed config must not silently re-split numbers.
    auto st = impl->db.prepare("INSERT OR REPLACE INTO meta(key,value) VALUES('booth_id',?),('batch',?),"
                               "('sequence_first',?),('sequence_last',?)");
    if (!st) return st.error();
    st->bind(1, opts.booth_id).bind(2, opts.batch).bind(3, std::to_string(opts.sequence_first))
        .bind(4, std::to_string(opts.sequence_last));
    if (auto s = st->run(); !s) return s.error();
  }
  if (alone) {
    if (auto s = impl->recover(); !s) return s.error();
  }
  ::flock(impl->lock_fd, LOCK_SH);
  return Store(std::move(impl));
}

Result<Store> Store::open_existing(const fs::path &data_dir, std::string_view batch, bool writable) {
  auto d = batch_dir(data_dir, batch);
  if (!d) return d.error();
  const fs::path dbfile = *d / "session.sqlite";
  const int files = photo_files_in(*d);
  if (!fs::exists(dbfile) && files > 0)
    return unusable_database(*d, files, "its database session.sqlite is missing", "数据库 session.sqlite 不存在",
                             "store.no_database");
  if (!fs::exists(dbfile))
    return make_error("store.no_batch", "no batch '" + std::string(batch) + "' under " + data_dir.string(),
                      "在 " + data_dir.string() + " 下找不到批次“" + std::string(batch) + "”");
  std::error_code ec;
  if (fs::file_size(dbfile, ec) == 0 && !ec)
    return unusable_database(*d, files, "its database session.sqlite is empty (0 bytes)", "数据库 session.sqlite 是空文件（0 字节）",
                             "store.no_database");
  auto impl = std::make_unique<Impl>();
  impl->opts.data_dir = data_dir;
  impl->opts.batch = std::string(batch);
  impl->dir = *d;
  impl->readonly = !writable;
  auto db = Db::open(dbfile.string(), !writable);
  if (!db) return db.error();
  impl->db = std::move(*db);
  if (auto s = impl->check_database(files); !s) return s.error();
  (void)impl->db.exec("PRAGMA foreign_keys=ON");
  auto st = impl->db.prepare("SELECT key, value FROM meta");
  if (!st) return st.error();
  while (true) {
    auto r = st->step();
    if (!r || !*r) break;
    const std::string k = st->text(0), v = st->text(1);
    if (k == "booth_id") impl->opts.booth_id = v;
    else if (k == "sequence_first") impl->opts.sequence_first = std::atoi(v.c_str());
    else if (k == "sequence_last") impl->opts.sequence_last = std::atoi(v.c_str());
  }
  return Store(std::move(impl));
}

Result<std::vector<QuarantinedFile>> Store::quarantined() const {
  std::vector<QuarantinedFile> out;
  const fs::path q = impl_->dir / "quarantine";
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
  if (ec)
    return make_error("store.io", "cannot list " + q.string() + ": " + ec.message(), "无法读取隔离目录 " + q.string());
  std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.entry < b.entry; });
  return out;
}

Result<bool> Store::restore_quarantined(std::string_view entry, std::string_view actor) {
  if (impl_->readonly)
    return make_error("store.readonly", "the batch is open read-only", "批次以只读方式打开");
  auto list = quarantined();
  if (!list) return list.error();
  const auto it = std::find_if(list->begin(), list->end(), [&](const auto &f) { return f.entry == entry; });
  if (it == list->end())
    return make_error("store.no_quarantined", "no quarantined file '" + std::string(entry) + "'",
                      "隔离目录中没有文件“" + std::string(entry) + "”");
  const fs::path from = impl_->dir / "quarantine" / it->entry;
  const fs::path to = impl_->dir / it->from;
  const std::string folder = fs::path(it->from).parent_path().generic_string();
  if (folder != "originals" && folder != "attempts" && folder != "photos")
    return make_error("store.no_quarantined", "'" + std::string(entry) + "' did not come from a photo folder",
                      "“" + std::string(entry) + "”不是从照片目录隔离的");
  // link + unlink: never replaces a file that is already there.
  if (::link(from.c_str(), to.c_str()) != 0) {
    if (errno == EEXIST)
      return make_error("store.restore_exists", to.string() + " already exists; nothing was changed",
                        to.string() + " 已存在，未做任何改动");
    return make_error("store.io", "cannot restore " + to.string() + ": " + std::strerror(errno),
                      "无法恢复 " + to.string() + "：" + std::strerror(errno));
  }
  if (auto s = fsync_dir(to.parent_path()); !s) return s.error();
  ::unlink(from.c_str());
  (void)fsync_dir(from.parent_path());
  if (auto s = impl_->audit(actor, "quarantine_restore", it->from, it->entry); !s) return s.error();
  return impl_->accounts_for(it->from);
}

Result<RosterImportSummary> Store::import_roster(const std::vector<RosterEntry> &entries, const ProgressFn &progress) {
  auto &db = impl_->db;
  RosterImportSummary sum;
  Transaction tx(db);
  if (auto s = tx.begin(); !s) return s.error();
  auto find = db.prepare("SELECT student_number,name,gender,level,raw_level FROM roster WHERE id_number=?");
  auto owner = db.prepare("SELECT id_number FROM roster WHERE student_number=?");
  auto ins = db.prepare(std::string("INSERT INTO roster(id_number,student_number,name,gender,level,raw_level,updated_at) "
                                    "VALUES(?,?,?,?,?,?,") + kNow + ")");
  auto upd = db.prepare(std::string("UPDATE roster SET student_number=?,name=?,gender=?,level=?,raw_level=?,updated_at=") +
                        kNow + " WHERE id_number=?");
  if (!find || !owner || !ins || !upd) return db.error("prepare");
  int done = 0;
  for (const auto &e : entries) {
    if (progress) progress(++done, static_cast<int>(entries.size()), e.student_number);
    const std::string g(gender_zh(e.gender));
    if (g.empty()) {
      sum.issues.push_back({e.row, "roster.bad_gender", "row " + std::to_string(e.row) + ": gender unknown",
                            "第 " + std::to_string(e.row) + " 行：性别不明"});
      continue;
    }
    owner->reset();
    owner->bind(1, e.student_number);
    auto o = owner->step();
    if (!o) return o.error();
    if (*o && owner->text(0) != e.id_number) {
      sum.issues.push_back({e.row, "roster.student_number_taken",
                            "row " + std::to_string(e.row) + ": student number " + e.student_number +
                                " already belongs to another ID number in this batch",
                            "第 " + std::to_string(e.row) + " 行：学号 " + e.student_number + " 在本批次已属于另一身份证号"});
      continue;
    }
    find->reset();
    find->bind(1, e.id_number);
    auto f = find->step();
    if (!f) return f.error();
    if (*f) {
      if (find->text(0) == e.student_number && find->text(1) == e.name && find->text(2) == g &&
          find->text(3) == e.level && find->text(4) == e.raw_level) {
        ++sum.unchanged;
        continue;
      }
      upd->reset();
      upd->bind(1, e.student_number).bind(2, e.name).bind(3, g).bind(4, e.level).bind(5, e.raw_level).bind(6, e.id_number);
      if (auto s = upd->run(); !s) return s.error();
      ++sum.updated;
    } else {
      ins->reset();
      ins->bind(1, e.id_number).bind(2, e.student_number).bind(3, e.name).bind(4, g).bind(5, e.level).bind(6, e.raw_level);
      if (auto s = ins->run(); !s) return s.error();
      ++sum.inserted;
    }
  }
  std::ostringstream detail;
  detail << "inserted=" << sum.inserted << " updated=" << sum.updated << " unchanged=" << sum.unchanged
         << " refused=" << sum.issues.size();
  if (auto s = impl_->audit("admin", "roster_import", impl_->opts.batch, detail.str()); !s) return s.error();
  if (auto s = tx.commit(); !s) return s.error();
  return sum;
}

namespace {
constexpr const char *kRosterCols = "SELECT student_number,name,gender,id_number,level,raw_level FROM roster ";
RosterEntry roster_row(const Stmt &st) {
  RosterEntry e;
  e.student_number = st.text(0);
  e.name = st.text(1);
  e.gender = gender_of(st.text(2));
  e.id_number = st.text(3);
  e.level = st.text(4);
  e.raw_level = st.text(5);
  return e;
}
} // namespace

Result<std::optional<RosterEntry>> Store::find_student(std::string_view id_number) {
  auto st = impl_->db.prepare(std::string(kRosterCols) + "WHERE id_number=?");
  if (!st) return st.error();
  st->bind(1, normalize_id_number(id_number));
  auto r = st->step();
  if (!r) return r.error();
  if (!*r) return std::optional<RosterEntry>{};
  return std::optional<RosterEntry>{roster_row(*st)};
}

Result<std::optional<RosterEntry>> Store::find_student_by_number(std::string_view student_number) {
  auto st = impl_->db.prepare(std::string(kRosterCols) + "WHERE student_number=?");
  if (!st) return st.error();
  st->bind(1, student_number);
  auto r = st->step();
  if (!r) return r.error();
  if (!*r) return std::optional<RosterEntry>{};
  return std::optional<RosterEntry>{roster_row(*st)};
}

Result<std::vector<RosterEntry>> Store::students_without_number() {
  auto st = impl_->db.prepare(std::string(kRosterCols) +
                              "WHERE id NOT IN (SELECT roster_id FROM photos WHERE voided_at IS NULL) ORDER BY student_number");
  if (!st) return st.error();
  std::vector<RosterEntry> out;
  while (true) {
    auto r = st->step();
    if (!r) return r.error();
    if (!*r) break;
    out.push_back(roster_row(*st));
  }
  return out;
}

Result<int> Store::roster_size() {
  auto st = impl_->db.prepare("SELECT COUNT(*) FROM roster");
  if (!st) return st.error();
  if (auto r = st->step(); !r) return r.error();
  return st->i32(0);
}

Status Store::record_card_read(const CardReadRecord &read) {
  auto st = impl_->db.prepare(std::string("INSERT INTO card_reads(at,id_number,name,gender,outcome) VALUES(") + kNow +
                              ",?,?,?,?)");
  if (!st) return st.error();
  st->bind(1, normalize_id_number(read.id_number)).bind(2, read.name).bind(3, gender_zh(read.gender)).bind(4, outcome_name(read.outcome));
  return st->run();
}

Result<std::vector<std::string>> Store::card_readers_without_number() {
  auto st = impl_->db.prepare(
      "SELECT DISTINCT c.id_number FROM card_reads c WHERE c.id_number NOT IN (SELECT r.id_number FROM roster r "
      "JOIN photos p ON p.roster_id=r.id WHERE p.voided_at IS NULL) ORDER BY c.id_number");
  if (!st) return st.error();
  std::vector<std::string> out;
  while (true) {
    auto r = st->step();
    if (!r) return r.error();
    if (!*r) break;
    out.push_back(st->text(0));
  }
  return out;
}

Result<std::optional<SequenceNumber>> Store::number_of(std::string_view id_number) {
  auto rid = impl_->roster_id(normalize_id_number(id_number));
  if (!rid) return rid.error();
  if (!*rid) return std::optional<SequenceNumber>{};
  return impl_->live_number(**rid);
}

Result<int> Store::numbers_left() {
  auto n = impl_->next_number();
  if (!n) return n.error();
  return *n == 0 ? 0 : impl_->opts.sequence_last - *n + 1;
}

Status Store::can_number(std::string_view id_number) {
  auto has = number_of(id_number);
  if (!has) return has.error();
  if (*has) return {};
  auto left = numbers_left();
  if (!left) return left.error();
  if (*left > 0) return {};
  const auto &o = impl_->opts;
  const std::string range = SequenceNumber{o.sequence_first}.text() + "–" + SequenceNumber{o.sequence_last}.text();
  return make_error("store.range_full", "all sequence numbers of this booth (" + range + ") are used",
                    "本机的拍摄序号（" + range + "）已全部用完，请联系管理员");
}

Result<AttemptId> Store::record_attempt(const AttemptInput &in) {
  auto &db = impl_->db;
  const std::string idn = normalize_id_number(in.id_number);
  Transaction tx(db);
  if (auto s = tx.begin(); !s) return s.error();
  auto rid = impl_->roster_id(idn);
  if (!rid) return rid.error();
  if (!*rid)
    return make_error("store.not_on_roster", "ID number " + mask_id_number(idn) + " is not on the roster",
                      "身份证号 " + mask_id_number(idn) + " 不在名单中");
  if (in.original_jpeg.empty())
    return make_error("store.no_original", "no camera original to store", "没有相机原片可保存");
  const std::string spec_sha = in.spec_jpeg.empty() ? std::string() : sha256_hex(in.spec_jpeg);
  auto st = db.prepare(std::string("INSERT INTO attempts(roster_id,at,original_file,spec_file,spec_sha256,measures_json,"
                                   "crop_json,pass,failed_checks,reason_zh,status) VALUES(?,") +
                       kNow + ",'',?,?,?,?,?,?,?,'pending')");
  if (!st) return st.error();
  st->bind(1, **rid);
  if (in.spec_jpeg.empty()) st->bind_null(2).bind_null(3);
  else st->bind(2, "").bind(3, spec_sha);
  st->bind(4, in.measures_json.empty() ? "{}" : in.measures_json)
      .bind(5, in.crop_json.empty() ? "{}" : in.crop_json)
      .bind(6, in.pass ? 1 : 0)
      .bind(7, join(in.failed_checks, ','))
      .bind(8, in.reason_zh);
  if (auto s = st->run(); !s) return s.error();
  const AttemptId id = db.last_id();
  const std::string name = attempt_file(id);
  // Files first (durable), then the row that names them commits.
  if (auto s = write_file_durable(impl_->originals(), name, in.original_jpeg); !s) return s.error();
  if (!in.spec_jpeg.empty())
    if (auto s = write_file_durable(impl_->attempts(), name, in.spec_jpeg); !s) {
      std::error_code ec;
      fs::remove(impl_->originals() / name, ec);
      return s.error();
    }
  auto up = db.prepare("UPDATE attempts SET original_file=?, spec_file=? WHERE id=?");
  if (!up) return up.error();
  up->bind(1, "originals/" + name);
  if (in.spec_jpeg.empty()) up->bind_null(2);
  else up->bind(2, "attempts/" + name);
  up->bind(3, id);
  if (auto s = up->run(); !s) return s.error();
  if (auto s = impl_->audit("booth", "attempt", idn, std::string(in.pass ? "pass" : "fail:") + join(in.failed_checks, ','));
      !s)
    return s.error();
  if (auto s = tx.commit(); !s) {
    std::error_code ec;
    fs::remove(impl_->originals() / name, ec);
    fs::remove(impl_->attempts() / name, ec);
    return s.error();
  }
  return id;
}

Result<SequenceNumber> Store::accept(AttemptId attempt, const Decision &d) {
  auto &db = impl_->db;
  Transaction tx(db);
  if (auto s = tx.begin(); !s) return s.error();
  auto st = db.prepare("SELECT a.roster_id, a.pass, a.status, a.spec_file, a.spec_sha256, r.id_number "
                       "FROM attempts a JOIN roster r ON r.id=a.roster_id WHERE a.id=?");
  if (!st) return st.error();
  st->bind(1, attempt);
  auto r = st->step();
  if (!r) return r.error();
  if (!*r)
    return make_error("store.no_attempt", "no attempt " + std::to_string(attempt), "找不到第 " + std::to_string(attempt) + " 次拍摄记录");
  const std::int64_t rid = st->i64(0);
  const bool pass = st->i32(1) != 0;
  const std::string status = st->text(2);
  const bool has_spec = !st->is_null(3);
  const std::string sha = st->text(4);
  const std::string idn = st->text(5);
  if (status != "pending")
    return make_error("store.not_pending", "attempt " + std::to_string(attempt) + " was already " + status,
                      "该次拍摄已处理（" + status + "）");
  if (!has_spec)
    return make_error("store.no_spec_photo", "this shot produced no cropped photo; take another",
                      "这张照片无法裁切成标准照片，请重拍");
  if (!pass && d.who.empty())
    return make_error("store.needs_override", "the photo failed a check; only the supervisor can accept it",
                      "照片未通过检查，需要工作人员确认后才能采用");
  auto existing = impl_->live_number(rid);
  if (!existing) return existing.error();
  SequenceNumber n;
  std::optional<std::int64_t> old_attempt;
  if (*existing) {
    n = **existing;  // a retake keeps the student's number
    auto q = db.prepare("SELECT attempt_id FROM photos WHERE seq=?");
    if (!q) return q.error();
    q->bind(1, n.value);
    if (auto rr = q->step(); rr && *rr) old_attempt = q->i64(0);
  } else {
    auto next = impl_->next_number();
    if (!next) return next.error();
    if (*next == 0) {
      const auto &o = impl_->opts;
      const std::string range = SequenceNumber{o.sequence_first}.text() + "–" + SequenceNumber{o.sequence_last}.text();
      return make_error("store.range_full", "all sequence numbers of this booth (" + range + ") are used",
                        "本机的拍摄序号（" + range + "）已全部用完，请联系管理员");
    }
    n = SequenceNumber{*next};
  }
  // photos/NNNN.jpg is a hard link of the attempt's spec file, which was made durable (fsync,
  // rename, dir fsync) before the attempt row committed. The link is in place before this row
  // commits; its directory entry is not fsynced here (one fsync fewer per accept) because open()
  // rebuilds any link a power cut loses from that durable source, and export reads the source.
  const fs::path spec = impl_->attempts() / attempt_file(attempt);
  if (auto s = place_file_durable(spec, impl_->photos(), n.file_name(), false); !s) return s.error();
  auto undo_file = [&] {
    std::error_code ec;
    if (old_attempt) (void)place_file_durable(impl_->attempts() / attempt_file(*old_attempt), impl_->photos(), n.file_name());
    else fs::remove(impl_->photos() / n.file_name(), ec);
  };
  Status s;
  if (old_attempt) {
    auto u = db.prepare(std::string("UPDATE photos SET attempt_id=?, sha256=?, accepted_at=") + kNow + " WHERE seq=?");
    if (!u) return u.error();
    u->bind(1, attempt).bind(2, sha).bind(3, n.value);
    s = u->run();
    if (s) {
      auto v = db.prepare("UPDATE attempts SET status='superseded' WHERE id=?");
      if (!v) return v.error();
      v->bind(1, *old_attempt);
      s = v->run();
    }
  } else {
    auto u = db.prepare(std::string("INSERT INTO photos(seq,roster_id,attempt_id,file,sha256,accepted_at) VALUES(?,?,?,?,?,") +
                        kNow + ")");
    if (!u) return u.error();
    u->bind(1, n.value).bind(2, rid).bind(3, attempt).bind(4, "photos/" + n.file_name()).bind(5, sha);
    s = u->run();
  }
  if (s) {
    auto u = db.prepare("UPDATE attempts SET status='accepted', seq=? WHERE id=?");
    if (!u) return u.error();
    u->bind(1, n.value).bind(2, attempt);
    s = u->run();
  }
  if (s && !pass) {
    auto u = db.prepare(std::string("INSERT INTO overrides(at,kind,roster_id,id_number,attempt_id,who,why) VALUES(") + kNow +
                        ",'accept_failed',?,?,?,?,?)");
    if (!u) return u.error();
    u->bind(1, rid).bind(2, idn).bind(3, attempt).bind(4, d.who).bind(5, d.why);
    s = u->run();
  }
  if (s) s = impl_->audit(d.who, old_attempt ? "retake_accept" : "accept", n.text(), "attempt=" + std::to_string(attempt));
  if (s) s = tx.commit();
  if (!s) {
    undo_file();
    return s.error();
  }
  return n;
}

Status Store::reject(AttemptId attempt, const Decision &d) {
  auto &db = impl_->db;
  Transaction tx(db);
  if (auto s = tx.begin(); !s) return s;
  auto u = db.prepare("UPDATE attempts SET status='rejected' WHERE id=? AND status='pending'");
  if (!u) return u.error();
  u->bind(1, attempt);
  if (auto s = u->run(); !s) return s;
  if (sqlite3_changes(db.get()) == 0)
    return make_error("store.not_pending", "attempt " + std::to_string(attempt) + " is not pending", "该次拍摄已处理");
  if (auto s = impl_->audit(d.who, "reject", std::to_string(attempt), d.why); !s) return s;
  return tx.commit();
}

Status Store::void_number(SequenceNumber n, const Decision &d) {
  if (d.who.empty())
    return make_error("store.needs_supervisor", "voiding a number needs the supervisor's name", "作废序号需要工作人员确认");
  auto &db = impl_->db;
  Transaction tx(db);
  if (auto s = tx.begin(); !s) return s;
  auto u = db.prepare(std::string("UPDATE photos SET voided_at=") + kNow + ", voided_by=?, void_reason=? WHERE seq=? AND voided_at IS NULL");
  if (!u) return u.error();
  u->bind(1, d.who).bind(2, d.why).bind(3, n.value);
  if (auto s = u->run(); !s) return s;
  if (sqlite3_changes(db.get()) == 0)
    return make_error("store.no_number", "number " + n.text() + " is not assigned", "序号 " + n.text() + " 未被使用或已作废");
  if (auto s = impl_->audit(d.who, "void", n.text(), d.why); !s) return s;
  if (auto s = tx.commit(); !s) return s;
  // After the commit: a crash here leaves a file without a live row, which open() removes.
  std::error_code ec;
  fs::remove(impl_->photos() / n.file_name(), ec);
  return fsync_dir(impl_->photos());
}

Status Store::record_override(std::string_view kind, std::string_view id_number, const Decision &d) {
  if (d.who.empty())
    return make_error("store.needs_supervisor", "an override needs the supervisor's name", "此操作需要工作人员确认");
  auto &db = impl_->db;
  const std::string idn = normalize_id_number(id_number);
  auto rid = impl_->roster_id(idn);
  if (!rid) return rid.error();
  auto u = db.prepare(std::string("INSERT INTO overrides(at,kind,roster_id,id_number,who,why) VALUES(") + kNow + ",?,?,?,?,?)");
  if (!u) return u.error();
  u->bind(1, kind);
  if (*rid) u->bind(2, **rid);
  else u->bind_null(2);
  u->bind(3, idn).bind(4, d.who).bind(5, d.why);
  Transaction tx(db);
  if (auto s = tx.begin(); !s) return s;
  if (auto s = u->run(); !s) return s;
  if (auto s = impl_->audit(d.who, std::string("override:") + std::string(kind), mask_id_number(idn), d.why); !s) return s;
  return tx.commit();
}

Status Store::skip_student(std::string_view id_number, const Decision &d) { return record_override("skip", id_number, d); }

fs::path Store::attempt_photo(AttemptId attempt) const { return impl_->attempts() / attempt_file(attempt); }

Result<std::vector<AttemptSummary>> Store::recent_attempts(int limit) {
  auto st = impl_->db.prepare(
      "SELECT a.id, r.id_number, r.name, r.student_number, a.at, a.pass, a.failed_checks, a.reason_zh, a.status, a.seq, "
      "a.spec_file FROM attempts a JOIN roster r ON r.id=a.roster_id ORDER BY a.id DESC LIMIT ?");
  if (!st) return st.error();
  st->bind(1, limit);
  std::vector<AttemptSummary> out;
  while (true) {
    auto r = st->step();
    if (!r) return r.error();
    if (!*r) break;
    AttemptSummary a;
    a.id = st->i64(0);
    a.id_number = st->text(1);
    a.name = st->text(2);
    a.student_number = st->text(3);
    a.at = st->text(4);
    a.pass = st->i32(5) != 0;
    a.failed_checks = split(st->text(6), ',');
    a.reason_zh = st->text(7);
    a.status = status_of(st->text(8));
    if (!st->is_null(9)) a.number = SequenceNumber{st->i32(9)};
    if (!st->is_null(10) && !st->text(10).empty()) a.spec_file = impl_->dir / st->text(10);
    out.push_back(std::move(a));
  }
  return out;
}

Result<std::vector<AcceptedPhoto>> Store::accepted_photos() {
  auto st = impl_->db.prepare(
      "SELECT p.seq, p.attempt_id, p.file, p.sha256, p.accepted_at, r.student_number, r.name, r.gender, r.id_number, "
      "r.level, r.raw_level FROM photos p JOIN roster r ON r.id=p.roster_id WHERE p.voided_at IS NULL ORDER BY p.seq");
  if (!st) return st.error();
  std::vector<AcceptedPhoto> out;
  while (true) {
    auto r = st->step();
    if (!r) return r.error();
    if (!*r) break;
    AcceptedPhoto p;
    p.number = SequenceNumber{st->i32(0)};
    p.attempt = st->i64(1);
    p.file = impl_->dir / st->text(2);
    p.sha256 = st->text(3);
    p.accepted_at = st->text(4);
    p.student.student_number = st->text(5);
    p.student.name = st->text(6);
    p.student.gender = gender_of(st->text(7));
    p.student.id_number = st->text(8);
    p.student.level = st->text(9);
    p.student.raw_level = st->text(10);
    out.push_back(std::move(p));
  }
  return out;
}

Result<StoreStats> Store::stats() {
  auto &db = impl_->db;
  StoreStats s;
  s.batch = impl_->opts.batch;
  auto scalar = [&](const char *sql) -> Result<int> {
    auto st = db.prepare(sql);
    if (!st) return st.error();
    auto r = st->step();
    if (!r) return r.error();
    return st->i32(0);
  };
  struct Q {
    int *out;
    const char *sql;
  } qs[] = {
      {&s.roster, "SELECT COUNT(*) FROM roster"},
      {&s.card_reads, "SELECT COUNT(*) FROM card_reads"},
      {&s.students_attempted, "SELECT COUNT(DISTINCT roster_id) FROM attempts"},
      {&s.attempts, "SELECT COUNT(*) FROM attempts"},
      {&s.accepted, "SELECT COUNT(*) FROM photos WHERE voided_at IS NULL"},
      {&s.voided, "SELECT COUNT(*) FROM photos WHERE voided_at IS NOT NULL"},
      {&s.overrides, "SELECT COUNT(*) FROM overrides WHERE kind<>'skip'"},
      {&s.skips, "SELECT COUNT(*) FROM overrides WHERE kind='skip'"},
      {&s.first_try_pass, "SELECT COUNT(*) FROM attempts a WHERE a.pass=1 AND a.id=(SELECT MIN(id) FROM attempts b WHERE b.roster_id=a.roster_id)"},
  };
  for (auto &q : qs) {
    auto v = scalar(q.sql);
    if (!v) return v.error();
    *q.out = *v;
  }
  s.first_try_pass_rate = s.students_attempted ? static_cast<double>(s.first_try_pass) / s.students_attempted : 0.0;
  if (auto left = numbers_left()) s.numbers_left = *left;
  auto st = db.prepare("SELECT failed_checks FROM attempts WHERE pass=0");
  if (!st) return st.error();
  std::map<std::string, int> counts;
  while (true) {
    auto r = st->step();
    if (!r) return r.error();
    if (!*r) break;
    for (const auto &c : split(st->text(0), ',')) if (!c.empty()) ++counts[c];
  }
  s.top_failures.assign(counts.begin(), counts.end());
  std::stable_sort(s.top_failures.begin(), s.top_failures.end(), [](auto &a, auto &b) { return a.second > b.second; });
  return s;
}

Status Store::audit(std::string_view actor, std::string_view action, std::string_view subject, std::string_view detail) {
  return impl_->audit(actor, action, subject, detail);
}

} // namespace gradbooth::core
