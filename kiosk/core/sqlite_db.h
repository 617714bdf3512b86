// sqlite3 handles wrapped once: a connection and prepared statements with RAII, errors as values.
#pragma once

#include <gradbooth/result.h>

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

namespace gradbooth::core {

class Stmt {
public:
  Stmt() = default;
  Stmt(sqlite3_stmt *s) : s_(s) {}
  Stmt &bind(int i, std::string_view v) {
    sqlite3_bind_text(s_.get(), i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
    return *this;
  }
  Stmt &bind(int i, const char *v) { return bind(i, std::string_view(v)); }
  Stmt &bind(int i, const std::string &v) { return bind(i, std::string_view(v)); }
  Stmt &bind(int i, std::int64_t v) {
    sqlite3_bind_int64(s_.get(), i, v);
    return *this;
  }
  Stmt &bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt &bind_null(int i) {
    sqlite3_bind_null(s_.get(), i);
    return *this;
  }
  // SQLITE_ROW → true, SQLITE_DONE → false, else error.
  Result<bool> step();
  Status run();  // step until done
  void reset() {
    sqlite3_reset(s_.get());
    sqlite3_clear_bindings(s_.get());
  }
  std::int64_t i64(int col) const { return sqlite3_column_int64(s_.get(), col); }
  int i32(int col) const { return sqlite3_column_int(s_.get(), col); }
  bool is_null(int col) const { return sqlite3_column_type(s_.get(), col) == SQLITE_NULL; }
  std::string text(int col) const {
    const auto *p = sqlite3_column_text(s_.get(), col);
    return p ? std::string(reinterpret_cast<const char *>(p), static_cast<size_t>(sqlite3_column_bytes(s_.get(), col)))
             : std::string();
  }
  sqlite3_stmt *get() const { return s_.get(); }

private:
  struct Finalize {
    void operator()(sqlite3_stmt *s) const { sqlite3_finalize(s); }
  };
  std::unique_ptr<sqlite3_stmt, Finalize> s_;
};

class Db {
public:
  static Result<Db> open(const std::string &path, bool readonly);
  Result<Stmt> prepare(std::string_view sql);
  Status exec(const char *sql);
  std::int64_t last_id() const { return sqlite3_last_insert_rowid(db_.get()); }
  Error error(std::string_view what) const;
  sqlite3 *get() const { return db_.get(); }

private:
  struct Close {
    void operator()(sqlite3 *d) const { sqlite3_close_v2(d); }
  };
  std::unique_ptr<sqlite3, Close> db_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back when it goes out of scope uncommitted.
class Transaction {
public:
  explicit Transaction(Db &db) : db_(db) {}
  Status begin() {
    auto s = db_.exec("BEGIN IMMEDIATE");
    active_ = s.ok();
    return s;
  }
  Status commit() {
    auto s = db_.exec("COMMIT");
    if (s) active_ = false;
    return s;
  }
  ~Transaction() {
    if (active_) (void)db_.exec("ROLLBACK");
  }
  Transaction(const Transaction &) = delete;
  Transaction &operator=(const Transaction &) = delete;

private:
  Db &db_;
  bool active_ = false;
};

} // namespace gradbooth::core
