// gradbooth-admin merge EXPORT... --out DIR [--zip] [--gbk]: refuses overlapping numbers (exit 1),
// reports students present in more than one export (written, exit 4 so scripts notice).
#include "commands.h"

#include <core/cli_support.h>
#include <core/package.h>

#include <cstdio>

namespace gradbooth::admin {

int cmd_merge(const Args &args) {
  using namespace gradbooth::core;
  const auto f = cli::parse_flags(args);
  if (f.help || f.positional.size() < 2 || !f.out || !f.unknown.empty()) {
    std::fprintf(f.help ? stdout : stderr, "usage: gradbooth-admin merge EXPORT EXPORT... --out DIR [--zip] [--gbk]\n");
    return f.help ? 0 : 2;
  }
  auto cfg = cli::config_for(f);
  if (!cfg) {
    cli::say_error("merge", cfg.error());
    return 3;
  }
  std::vector<std::filesystem::path> in(f.positional.begin(), f.positional.end());
  PackageOptions o;
  o.out = *f.out;
  o.zip = f.zip;
  o.gbk = f.gbk;
  o.label = "merge";
  auto m = merge_packages(in, cfg->station, o);
  if (!m) {
    cli::say_error("merge", m.error());
    return m.error().code == "merge.overlap" ? 1 : 3;
  }
  std::printf("合并 %d 张照片到 %s / merged %d photos into %s\n", m->package.photos, m->package.dir.c_str(),
              m->package.photos, m->package.dir.c_str());
  for (const auto &w : m->package.warnings) std::printf("注意 / note: %s\n", w.c_str());
  for (const auto &d : m->duplicates) std::printf("重复学生 / student present twice: %s\n", d.c_str());
  return m->duplicates.empty() ? 0 : 4;
}

} // namespace gradbooth::admin
