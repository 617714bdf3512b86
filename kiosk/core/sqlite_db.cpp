#include "sqlite_db.h"

namespace gradbooth::core {

Result<bool> Stmt::step() {
  const int rc = sqlite3_step(s_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3 *db = sqlite3_db_handle(s_.get());
  const std::string msg = sqlite3_errmsg(db);
  const bool constraint = (rc & 0xff) == SQLITE_CONSTRAINT;
  const bool full = (rc & 0xff) == SQLITE_FULL;
  return make_error(constraint ? "db.constraint"
                        : full ? "io.disk_full"
                               : "db.error",
                    "database: " + msg, full ? "磁盘已满，数据库无法写入" : "数据库错误：" + msg);
}

Status Stmt::run() {
  while (true) {
    auto r = step();
    if (!r) return r.error();
    if (!*r) return {};
  }
}

Result<Db> Db::open(const std::string &path, bool readonly) {
  sqlite3 *raw = nullptr;
  const int flags = readonly ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  const int rc = sqlite3_open_v2(path.c_str(), &raw, flags | SQLITE_OPEN_NOMUTEX, nullptr);
  Db db;
  db.db_.reset(raw);
  if (rc != SQLITE_OK) {
    const std::string msg = raw ? sqlite3_errmsg(raw) : "out of memory";
    return make_error("db.open", "cannot open database " + path + ": " + msg, "无法打开数据库 " + path + "：" + msg);
  }
  sqlite3_busy_timeout(raw, 5000);
  sqlite3_extended_result_codes(raw, 1);
  if (!readonly) {
    // A booth writes all day without closing the database: checkpoint the WAL every 1 MiB
    // (about 20 students; SQLite's default is 4 MiB) and truncate it back to 1 MiB after each
    // checkpoint, so neither the WAL file nor a crash's recovery grows with the day.
    sqlite3_wal_autocheckpoint(raw, 256);
    sqlite3_exec(raw, "PRAGMA journal_size_limit=1048576", nullptr, nullptr, nullptr);
  }
  return db;
}

Result<Stmt> Db::prepare(std::string_view sql) {
  sqlite3_stmt *s = nullptr;
  if (sqlite3_prepare_v2(db_.get(), sql.data(), static_cast<int>(sql.size()), &s, nullptr) != SQLITE_OK) return error("prepare");
  return Stmt(s);
}

Status Db::exec(const char *sql) {
  char *err = nullptr;
  const int rc = sqlite3_exec(db_.get(), sql, nullptr, nullptr, &err);
  if (rc == SQLITE_OK) return {};
  const std::string msg = err ? err : sqlite3_errmsg(db_.get());
  sqlite3_free(err);
  const bool full = (rc & 0xff) == SQLITE_FULL;
  return make_error(full ? "io.disk_full" : "db.error", "database: " + msg, full ? "磁盘已满，数据库无法写入" : "数据库错误：" + msg);
}

Error Db::error(std::string_view what) const {
  const std::string msg = sqlite3_errmsg(db_.get());
  return make_error("db.error", "database " + std::string(what) + ": " + msg, "数据库错误：" + msg);
}

}  // namespace gradbooth::core
