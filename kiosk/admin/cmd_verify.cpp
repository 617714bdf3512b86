// gradbooth-admin verify DIR|ZIP: non-zero exit with the list of problems.
#include "commands.h"

#include <core/cli_support.h>
#include <core/package.h>

#include <cstdio>

namespace gradbooth::admin {

int cmd_verify(const Args &args) {
  using namespace gradbooth::core;
  const auto f = cli::parse_flags(args);
  if (f.help || f.positional.size() != 1 || !f.unknown.empty()) {
    std::fprintf(f.help ? stdout : stderr, "usage: gradbooth-admin verify DIR|ZIP\n");
    return f.help ? 0 : 2;
  }
  auto rep = verify_package(f.positional[0]);
  if (!rep) {
    cli::say_error("verify", rep.error());
    return 3;
  }
  int errors = 0, warnings = 0;
  for (const auto &p : rep->problems) {
    (p.warning ? warnings : errors)++;
    std::printf("%s %s [%s] %s | %s\n", p.warning ? "注意/WARN " : "错误/ERROR", p.where.c_str(), p.code.c_str(),
                p.message_zh.c_str(), p.message_en.c_str());
  }
  std::printf("%d 行, %d 张照片, %d 个错误, %d 个提醒 / %d rows, %d photos, %d errors, %d warnings\n", rep->rows,
              rep->photos, errors, warnings, rep->rows, rep->photos, errors, warnings);
  return rep->ok() ? 0 : 1;
}

} // namespace gradbooth::admin
