// Error propagation for Result/Status chains: a statement that fails returns its error from the
// enclosing function (which returns a Status or any Result<T>).
//   TRY(db.run("DELETE …"));                    // Status or Result<T>, value dropped
//   TRY_ASSIGN(auto st, db.query("SELECT …"));  // declares st from a Result<T>'s value
#pragma once

#include <utility>

#define GB_TRY_CAT2(a, b) a##b
#define GB_TRY_CAT(a, b) GB_TRY_CAT2(a, b)

#define TRY(expr)                                                                                                                          \
  do {                                                                                                                                     \
    if (auto gb_try_status_ = (expr); !gb_try_status_) return gb_try_status_.error();                                                      \
  } while (0)

#define GB_TRY_ASSIGN_IMPL(tmp, decl, expr)                                                                                                \
  auto tmp = (expr);                                                                                                                       \
  if (!tmp) return tmp.error();                                                                                                            \
  decl = std::move(*tmp)

#define TRY_ASSIGN(decl, expr) GB_TRY_ASSIGN_IMPL(GB_TRY_CAT(gb_try_result_, __COUNTER__), decl, expr)
