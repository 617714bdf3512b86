// The bottom layer: errors cross every boundary as values, never as exceptions.
// C++20 has no std::expected, so this is the small subset we use.
#pragma once

#include <gradbooth/bilingual.h>

#include <string>
#include <utility>
#include <variant>

namespace gradbooth {

// What went wrong, in the user's two languages. `code` is stable and
// machine-readable ("card.sw3.41", "camera.busy", …) so callers can branch on it.
struct Error {
  std::string code;
  std::string message_en;
  std::string message_zh;

  const std::string &message() const { return message_en; }
  // The two messages as the sentence a screen or a status line shows.
  Bilingual text() const { return {message_zh, message_en}; }
};

inline Error make_error(std::string code, std::string en, std::string zh = {}) {
  if (zh.empty()) zh = en;
  return Error{std::move(code), std::move(en), std::move(zh)};
}

template <typename T> class [[nodiscard]] Result {
public:
  Result(T value) : v_(std::in_place_index<0>, std::move(value)) {}
  Result(Error error) : v_(std::in_place_index<1>, std::move(error)) {}

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }

  T &value() & { return std::get<0>(v_); }
  const T &value() const & { return std::get<0>(v_); }
  T &&value() && { return std::get<0>(std::move(v_)); }
  T *operator->() { return &value(); }
  const T *operator->() const { return &value(); }
  T &operator*() & { return value(); }
  const T &operator*() const & { return value(); }

  const Error &error() const { return std::get<1>(v_); }

private:
  std::variant<T, Error> v_;
};

template <> class [[nodiscard]] Result<void> {
public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}
  bool ok() const { return ok_; }
  explicit operator bool() const { return ok_; }
  const Error &error() const { return error_; }

private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;

}  // namespace gradbooth
