// An enum's stable names as one table in declaration order, instead of a switch per enum:
//   constexpr const char *kNames[] = {"idle", "busy"};
//   static_assert(std::size(kNames) == count_of(Mode::Busy));
//   return enum_name(m, kNames);
#pragma once

#include <cstddef>
#include <type_traits>

namespace gradbooth::core {

// How many values an enum has, given its last one.
template <typename E> constexpr std::size_t count_of(E last) {
  return static_cast<std::size_t>(static_cast<std::underlying_type_t<E>>(last)) + 1;
}

// names[e]; `fallback` for a value outside the table (a cast from a bad number).
template <typename E, std::size_t N> constexpr const char *enum_name(E e, const char *const (&names)[N], const char *fallback = "?") {
  const auto i = static_cast<std::size_t>(static_cast<std::underlying_type_t<E>>(e));
  return i < N ? names[i] : fallback;
}

}  // namespace gradbooth::core
