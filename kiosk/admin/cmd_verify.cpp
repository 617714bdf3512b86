// gradbooth-admin verify DIR|ZIP: non-zero exit with the list of problems.
#include "commands.h"

#include "exit_codes.h"
#include "options.h"

#include <core/cli_support.h>
#include <core/package.h>

#include <cstdio>

namespace gradbooth::admin {

namespace {

const CommandSpec kSpec{"verify",
                        "verify DIR|ZIP [--quiet]",
                        "Checks an exported package (folder or zip) as the agency will: every photo's size, pixels, dpi\n"
                        "and format, the database's 9 fields and numbering, the manifest's hashes, the cover's ranges.\n"
                        "Lists every problem; exit 1 when any is an error (warnings alone exit 0).",
                        {kQuietOption}};

int run(const Options &opt) {
  using namespace gradbooth::core;
  if (opt.positional().size() != 1) return usage_error(kSpec, "give one package folder or zip");
  ProgressDisplay progress("verify", progress_mode(opt));
  auto rep = verify_package(opt.positional()[0], progress.fn());
  progress.finish();
  if (!rep) return failed(kSpec, rep.error());
  int errors = 0, warnings = 0;
  for (const auto &p : rep->problems) {
    (p.warning ? warnings : errors)++;
    std::printf("%s %s [%s] %s | %s\n", p.warning ? "注意/WARN " : "错误/ERROR", p.where.c_str(), p.code.c_str(), p.message_zh.c_str(),
                p.message_en.c_str());
  }
  std::printf("%d 行, %d 张照片, %d 个错误, %d 个提醒 / %d rows, %d photos, %d errors, %d warnings\n", rep->rows, rep->photos, errors,
              warnings, rep->rows, rep->photos, errors, warnings);
  return rep->ok() ? exit_code::kOk : exit_code::kSomeFailed;
}

}  // namespace

extern const Command kVerifyCommand{kSpec, run, "check an exported package (folder or zip)"};

}  // namespace gradbooth::admin
