// gradbooth-admin merge EXPORT EXPORT... --out DIR [--zip] [--gbk] [--keep NUMBER]... [--prefer newest]
// Joins booths' exports (folders or zips, mixed). Refused, nothing written (exit 1): overlapping
// booth ranges or numbers, a student present in two exports without --keep/--prefer, a student
// number held by two students. Exit 0 merged (passes verify), 2 usage, 3 error, 78 config.
#include "commands.h"

#include <core/cli_support.h>
#include <core/package.h>

#include <cstdio>
#include <cstdlib>

namespace gradbooth::admin {

int cmd_merge(const Args &args) {
  using namespace gradbooth::core;
  const auto f = cli::parse_flags(args);
  MergeChoice choice;
  bool bad_choice = f.prefer && *f.prefer != "newest";
  choice.prefer_newest = f.prefer && *f.prefer == "newest";
  for (const auto &k : f.keep) {
    const bool digits = !k.empty() && k.size() <= 4 && k.find_first_not_of("0123456789") == std::string::npos;
    const int n = digits ? std::atoi(k.c_str()) : 0;
    if (n < 1) bad_choice = true;
    else choice.keep.push_back(n);
  }
  if (f.help || f.positional.size() < 2 || !f.out || !f.unknown.empty() || bad_choice) {
    std::fprintf(f.help ? stdout : stderr,
                 "usage: gradbooth-admin merge EXPORT EXPORT... --out DIR [--zip] [--gbk] [--keep NUMBER]... "
                 "[--prefer newest]\n"
                 "  a student present in two exports is refused unless --keep names the number to keep\n"
                 "  or --prefer newest keeps the one from the export made last\n");
    if (!f.unknown.empty()) std::fprintf(stderr, "unknown option: %s\n", f.unknown.c_str());
    return f.help ? 0 : 2;
  }
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("merge", cfg.error());
  std::vector<std::filesystem::path> in(f.positional.begin(), f.positional.end());
  PackageOptions o;
  o.out = *f.out;
  o.zip = f.zip;
  o.gbk = f.gbk;
  o.label = "merge";
  auto m = merge_packages(in, cfg->station, o, choice);
  if (!m) {
    cli::say_error("merge", m.error());
    const auto &c = m.error().code;
    return c == "merge.overlap" || c == "merge.duplicate_student" || c == "merge.duplicate_student_number" ? 1 : 3;
  }
  std::printf("合并 %d 张照片到 %s / merged %d photos into %s\n", m->package.photos, m->package.dir.c_str(),
              m->package.photos, m->package.dir.c_str());
  if (!m->package.zip.empty()) std::printf("压缩包 / zip: %s\n", m->package.zip.c_str());
  for (const auto &w : m->package.warnings) std::printf("注意 / note: %s\n", w.c_str());
  for (const auto &d : m->duplicates) std::printf("重复学生已处理 / student present twice, resolved: %s\n", d.c_str());
  return 0;
}

} // namespace gradbooth::admin
