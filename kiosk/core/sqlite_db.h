// sqlite3 handles wrapped once: a connection and prepared statements with RAII, errors as values.
// Statements take their arguments in order (`db.run("UPDATE t SET a=? WHERE id=?", a, id)`); a
// std::optional argument binds NULL when empty.
#pragma once

#include "try.h"

#include <gradbooth/c_free.h>
#include <gradbooth/result.h>

#include <sqlite3.h>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>

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
  Stmt &bind(int i, bool v) { return bind(i, v ? 1 : 0); }
  Stmt &bind(int i, std::nullopt_t) { return bind_null(i); }
  template <typename T> Stmt &bind(int i, const std::optional<T> &v) { return v ? bind(i, *v) : bind_null(i); }
  Stmt &bind_null(int i) {
    sqlite3_bind_null(s_.get(), i);
    return *this;
  }
  // Binds the arguments to ?1, ?2, … in order.
  template <typename... A> Stmt &bind_all(const A &...args) {
    int i = 0;
    (bind(++i, args), ...);
    return *this;
  }
  // SQLITE_ROW → true, SQLITE_DONE → false, else error.
  Result<bool> step();
  Status run();  // step until done
  // Calls fn(*this) for each row; fn may return void or a Status that stops the walk.
  template <typename Fn> Status each_row(Fn &&fn) {
    while (true) {
      TRY_ASSIGN(const bool row, step());
      if (!row) return {};
      if constexpr (std::is_void_v<std::invoke_result_t<Fn &, const Stmt &>>) {
        fn(std::as_const(*this));
      } else {
        TRY(fn(std::as_const(*this)));
      }
    }
  }
  void reset() {
    sqlite3_reset(s_.get());
    sqlite3_clear_bindings(s_.get());
  }
  std::int64_t i64(int col) const { return sqlite3_column_int64(s_.get(), col); }
  int i32(int col) const { return sqlite3_column_int(s_.get(), col); }
  bool is_null(int col) const { return sqlite3_column_type(s_.get(), col) == SQLITE_NULL; }
  std::string text(int col) const {
    const auto *p = sqlite3_column_text(s_.get(), col);
    return p ? std::string(reinterpret_cast<const char *>(p), static_cast<size_t>(sqlite3_column_bytes(s_.get(), col))) : std::string();
  }
  // Column `col` as T (int, std::int64_t or std::string).
  template <typename T> T get(int col) const {
    if constexpr (std::is_same_v<T, int>) return i32(col);
    else if constexpr (std::is_same_v<T, std::int64_t>) return i64(col);
    else return text(col);
  }
  sqlite3_stmt *get() const { return s_.get(); }

private:
  CHandle<sqlite3_stmt, &sqlite3_finalize> s_;
};

class Db {
public:
  static Result<Db> open(const std::string &path, bool readonly);
  Result<Stmt> prepare(std::string_view sql);
  Status exec(const char *sql);
  std::int64_t last_id() const { return sqlite3_last_insert_rowid(db_.get()); }
  int changes() const { return sqlite3_changes(db_.get()); }
  Error error(std::string_view what) const;
  sqlite3 *get() const { return db_.get(); }

  // Prepared and bound, ready to step.
  template <typename... A> Result<Stmt> query(std::string_view sql, const A &...args) {
    TRY_ASSIGN(Stmt st, prepare(sql));
    st.bind_all(args...);
    return st;
  }
  // A statement that returns no rows.
  template <typename... A> Status run(std::string_view sql, const A &...args) {
    TRY_ASSIGN(Stmt st, query(sql, args...));
    return st.run();
  }
  // The first column of the first row, nullopt when there is no row.
  template <typename T, typename... A> Result<std::optional<T>> one(std::string_view sql, const A &...args) {
    TRY_ASSIGN(Stmt st, query(sql, args...));
    TRY_ASSIGN(const bool row, st.step());
    if (!row) return std::optional<T>{};
    return std::optional<T>{st.get<T>(0)};
  }
  // each_row(sql, args…, fn): fn(const Stmt &) for every row (see Stmt::each_row).
  template <typename... A> Status each_row(std::string_view sql, A &&...args_then_fn) {
    static_assert(sizeof...(A) >= 1, "each_row needs a row function");
    auto all = std::forward_as_tuple(std::forward<A>(args_then_fn)...);
    constexpr std::size_t n = sizeof...(A) - 1;
    TRY_ASSIGN(Stmt st, prepare(sql));
    [&]<std::size_t... I>(std::index_sequence<I...>) { st.bind_all(std::get<I>(all)...); }
    (std::make_index_sequence<n>{});
    return st.each_row(std::get<n>(all));
  }

private:
  CHandle<sqlite3, &sqlite3_close_v2> db_;
};

// BEGIN IMMEDIATE … COMMIT, rolled back when it goes out of scope uncommitted:
//   TRY_ASSIGN(auto tx, Transaction::begin(db)); … TRY(tx.commit());
class Transaction {
public:
  static Result<Transaction> begin(Db &db) {
    TRY(db.exec("BEGIN IMMEDIATE"));
    return Transaction(db);
  }
  Status commit() {
    auto s = db_->exec("COMMIT");
    if (s) db_ = nullptr;
    return s;
  }
  ~Transaction() {
    if (db_) (void)db_->exec("ROLLBACK");
  }
  Transaction(Transaction &&o) noexcept : db_(std::exchange(o.db_, nullptr)) {}
  Transaction &operator=(Transaction &&) = delete;
  Transaction(const Transaction &) = delete;
  Transaction &operator=(const Transaction &) = delete;

private:
  explicit Transaction(Db &db) : db_(&db) {}
  Db *db_;  // null once committed (or moved from)
};

}  // namespace gradbooth::core
