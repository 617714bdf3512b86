// Opening a batch: its folder, the lock, the database check, migrations, then recovery.
// Invariants (checked by tests/integration/core crash loop):
//  - a photos row that is live (voided_at IS NULL) has photos/NNNN.jpg with its attempt's bytes;
//  - no photos/NNNN.jpg exists without a live row, no attempts/originals file without its attempt;
//  - numbers are MAX(seq in range)+1: voided rows stay, so a number is never handed out twice.
#include "store_impl.h"

#include "durable_file.h"
#include "store_schema.h"

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>

namespace gradbooth::core {
namespace fs = std::filesystem;

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

namespace {

Error unusable_database(const fs::path &dir, int files, const std::string &why_en, const std::string &why_zh, const char *code) {
  const std::string d = dir.string(), n = std::to_string(files);
  return make_error(code,
                    d + " holds " + n + " photo files but " + why_en +
                        ". Nothing was changed. Put this batch's session.sqlite back (from a backup), or move the "
                        "folder away and start a new batch.",
                    d + " 中有 " + n + " 个照片文件，但" + why_zh +
                        "。未做任何改动。请放回本批次的 session.sqlite（从备份恢复），或把该目录移走后新建批次。");
}

Error database_missing(const fs::path &dir, int files) {
  return unusable_database(dir, files, "its database session.sqlite is missing", "数据库 session.sqlite 不存在", errc::store_no_database);
}

Error database_empty(const fs::path &dir, int files) {
  return unusable_database(dir, files, "its database session.sqlite is empty (0 bytes)", "数据库 session.sqlite 是空文件（0 字节）",
                           errc::store_no_database);
}

}  // namespace

// Before anything is written: is this a database of this batch that this program can read?
Status Store::Impl::check_database(int files) {
  const fs::path &dir = layout.dir;
  const fs::path dbfile = layout.database();
  auto not_ours = [&](const Error &e) -> Error {
    const std::string why = e.message_en;
    if (files > 0)
      return unusable_database(dir, files, "its database session.sqlite is not readable (" + why + ")",
                               "数据库 session.sqlite 无法读取（" + why + "）", errc::store_bad_database);
    return make_error(errc::store_bad_database,
                      dbfile.string() + " is not a gradbooth database (" + why +
                          "). Nothing was changed; move it away or put this batch's database back.",
                      dbfile.string() + " 不是本程序的数据库（" + why + "）。未做任何改动；请移走该文件或放回本批次的数据库。");
  };
  auto version = db.one<int>("PRAGMA user_version");
  if (!version) return not_ours(version.error());
  const int v = version->value_or(0);
  if (v > kSchemaVersion)
    return make_error(errc::store_newer_schema,
                      dbfile.string() + " was written by a newer gradbooth (schema " + std::to_string(v) + ", this program knows " +
                          std::to_string(kSchemaVersion) + "). Nothing was changed; install the newer gradbooth to open it.",
                      dbfile.string() + " 由更新版本的程序创建（数据库版本 " + std::to_string(v) + "），未做任何改动，请升级程序后再打开");
  if (v == 0 && files > 0)
    return unusable_database(dir, files, "its database session.sqlite holds no tables", "数据库 session.sqlite 是空的（没有任何表）",
                             errc::store_no_database);
  if (v >= 1) {
    auto batch = db.one<std::string>("SELECT value FROM meta WHERE key='batch'");
    if (!batch) return not_ours(batch.error());
    if (*batch && **batch != opts.batch) {
      const std::string other = **batch;
      return make_error(errc::store_other_batch,
                        "the database in " + dir.string() + " belongs to batch '" + other + "', not '" + opts.batch +
                            "' (a copied or renamed folder?). Nothing was changed; open it as batch '" + other +
                            "' or put this batch's session.sqlite back.",
                        dir.string() + " 中的数据库属于批次“" + other + "”，不是“" + opts.batch +
                            "”（复制或改名的目录？）。未做任何改动；请以批次“" + other + "”打开，或放回本批次的数据库。");
    }
  }
  return {};
}

Status Store::Impl::migrate() {
  TRY_ASSIGN(const auto version, db.one<int>("PRAGMA user_version"));
  const int v = version.value_or(0);
  if (v > kSchemaVersion)
    return make_error(errc::store_newer_schema, "the store was written by a newer gradbooth (schema " + std::to_string(v) + ")",
                      "数据库由更新版本的程序创建（版本 " + std::to_string(v) + "），请升级程序");
  for (int i = v; i < kSchemaVersion; ++i) {
    TRY_ASSIGN(auto tx, Transaction::begin(db));
    TRY(db.exec(kMigrations[i]));
    TRY(db.exec(("PRAGMA user_version=" + std::to_string(i + 1)).c_str()));
    TRY(tx.commit());
  }
  return {};
}

Store::Store(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Store::Store(Store &&) noexcept = default;
Store &Store::operator=(Store &&) noexcept = default;
Store::~Store() = default;

const fs::path &Store::dir() const { return impl_->layout.dir; }
const BatchLayout &Store::layout() const { return impl_->layout; }
const StoreOptions &Store::options() const { return impl_->opts; }
const std::vector<std::string> &Store::recovery_log() const { return impl_->recovery; }

Result<Store> Store::open(const StoreOptions &opts) {
  if (opts.sequence_first < 1 || opts.sequence_last > 9999 || opts.sequence_first > opts.sequence_last)
    return make_error(errc::store_bad_range, "sequence range must lie within 0001–9999", "拍摄序号范围必须在 0001–9999 之内");
  TRY_ASSIGN(const fs::path dir, batch_dir(opts.data_dir, opts.batch));
  auto impl = std::make_unique<Impl>();
  impl->opts = opts;
  impl->layout = BatchLayout{dir};
  const BatchLayout &at = impl->layout;
  const fs::path dbfile = at.database();
  // Photos without a usable database: refused before anything is created (a fresh database would
  // make every photo a stray).
  const int files = photo_files_in(at);
  if (files > 0) {
    struct stat dbst {};
    if (::stat(dbfile.c_str(), &dbst) != 0) return database_missing(dir, files);
    if (dbst.st_size == 0) return database_empty(dir, files);
  }
  for (const auto &sub : {at.dir, at.originals(), at.attempts(), at.photos(), at.exports()}) TRY(make_private_dirs(sub));
  // Several processes may open one batch (daemon + admin). Whoever opens it alone repairs it.
  const fs::path lock = at.lock_file();
  impl->lock_fd = ::open(lock.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
  if (impl->lock_fd < 0)
    return make_error(errc::store_lock, "cannot create " + lock.string() + ": " + std::strerror(errno), "无法创建锁文件 " + lock.string());
  const bool alone = ::flock(impl->lock_fd, LOCK_EX | LOCK_NB) == 0;
  {
    // Created 0600 before SQLite touches it; SQLite gives -wal/-shm the same mode.
    const int fd = ::open(dbfile.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (fd < 0)
      return make_error(errc::store_open, "cannot create " + dbfile.string() + ": " + std::strerror(errno),
                        "无法创建数据库文件 " + dbfile.string());
    ::close(fd);
  }
  TRY_ASSIGN(impl->db, Db::open(dbfile.string(), false));
  TRY(impl->check_database(files));
  for (const char *p : {"PRAGMA journal_mode=WAL", "PRAGMA foreign_keys=ON", "PRAGMA synchronous=FULL"}) TRY(impl->db.exec(p));
  TRY(impl->migrate());
  // The range this store was created with; a changed config must not silently re-split numbers.
  TRY(impl->db.run("INSERT OR REPLACE INTO meta(key,value) VALUES('booth_id',?),('batch',?),"
                   "('sequence_first',?),('sequence_last',?)",
                   opts.booth_id, opts.batch, std::to_string(opts.sequence_first), std::to_string(opts.sequence_last)));
  if (alone) TRY(impl->recover());
  ::flock(impl->lock_fd, LOCK_SH);
  return Store(std::move(impl));
}

Result<Store> Store::open_existing(const fs::path &data_dir, std::string_view batch, bool writable) {
  TRY_ASSIGN(const fs::path dir, batch_dir(data_dir, batch));
  const BatchLayout at{dir};
  const fs::path dbfile = at.database();
  const int files = photo_files_in(at);
  if (!fs::exists(dbfile) && files > 0) return database_missing(dir, files);
  if (!fs::exists(dbfile))
    return make_error(errc::store_no_batch, "no batch '" + std::string(batch) + "' under " + data_dir.string(),
                      "在 " + data_dir.string() + " 下找不到批次“" + std::string(batch) + "”");
  std::error_code ec;
  if (fs::file_size(dbfile, ec) == 0 && !ec) return database_empty(dir, files);
  auto impl = std::make_unique<Impl>();
  impl->opts.data_dir = data_dir;
  impl->opts.batch = std::string(batch);
  impl->layout = at;
  impl->readonly = !writable;
  TRY_ASSIGN(impl->db, Db::open(dbfile.string(), !writable));
  TRY(impl->check_database(files));
  (void)impl->db.exec("PRAGMA foreign_keys=ON");
  auto &o = impl->opts;
  TRY_ASSIGN(Stmt meta, impl->db.query("SELECT key, value FROM meta"));
  // A row that cannot be read leaves the defaults.
  (void)meta.each_row([&](const Stmt &st) {
    const std::string k = st.text(0), v = st.text(1);
    if (k == "booth_id") o.booth_id = v;
    else if (k == "sequence_first") o.sequence_first = std::atoi(v.c_str());
    else if (k == "sequence_last") o.sequence_last = std::atoi(v.c_str());
  });
  return Store(std::move(impl));
}

Status Store::audit(std::string_view actor, std::string_view action, std::string_view subject, std::string_view detail) {
  return impl_->audit(actor, action, subject, detail);
}

}  // namespace gradbooth::core
