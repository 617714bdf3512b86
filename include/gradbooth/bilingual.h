// A sentence in the user's two languages. Text meant for a student, a photographer or an admin
// travels as this pair and is joined only where it is shown; never flatten it to "中文 / English"
// and parse it back.
#pragma once

#include <string>

namespace gradbooth {

struct Bilingual {
  std::string zh;
  std::string en;

  bool empty() const { return zh.empty() && en.empty(); }
  bool operator==(const Bilingual &) const = default;
};

}  // namespace gradbooth
