// The first item of a report (a roster issue, a package problem, …) with a given code.
#pragma once

#include <string>

namespace gradbooth::test {

template <typename Items> auto by_code(const Items &items, const std::string &code) -> decltype(&*items.begin()) {
  for (const auto &i : items)
    if (i.code == code) return &i;
  return nullptr;
}

}  // namespace gradbooth::test
