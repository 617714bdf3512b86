// gradbooth-admin merge EXPORT EXPORT... --out DIR [--zip] [--gbk] [--keep NUMBER]... [--prefer newest]
// Joins booths' exports (folders or zips, mixed). Refused, nothing written (exit 1): overlapping
// booth ranges or numbers, a student present in two exports without --keep/--prefer, a student
// number held by two students. Exit 0 merged (passes verify), 2 usage, 3 error, 78 config.
#include "commands.h"

#include "exit_codes.h"
#include "options.h"

#include <core/cli_support.h>
#include <core/package.h>

#include <cstdio>
#include <cstdlib>

namespace gradbooth::admin {

namespace {

const CommandSpec kSpec{"merge",
                        "merge EXPORT EXPORT... --out DIR [--zip] [--gbk] [--keep NUMBER]... [--prefer newest] [--quiet] [--config PATH]",
                        "Joins booths' exports (folders or zips, mixed) into one package that passes verify. Refused,\n"
                        "nothing written (exit 1): overlapping booth ranges or numbers, a student present in two exports\n"
                        "without --keep/--prefer, a student number held by two students.",
                        {{"out", "DIR", "the merged package folder to create"},
                         kZipOption,
                         kGbkOption,
                         {"keep", "NUMBER", "a student present twice keeps this number, the others go", true},
                         {"prefer", "newest", "a student present twice keeps the row of the export made last"},
                         kQuietOption,
                         kConfigOption}};

int run(const Options &opt) {
  using namespace gradbooth::core;
  MergeChoice choice;
  const auto prefer = opt.value("prefer");
  if (prefer && *prefer != "newest") return usage_error(kSpec, "--prefer takes only 'newest'");
  choice.prefer_newest = prefer.has_value();
  for (const auto &k : opt.values("keep")) {
    const bool digits = !k.empty() && k.size() <= 4 && k.find_first_not_of("0123456789") == std::string::npos;
    const int n = digits ? std::atoi(k.c_str()) : 0;
    if (n < 1) return usage_error(kSpec, "--keep takes a sequence number 1–9999, not '" + k + "'");
    choice.keep.push_back(n);
  }
  if (opt.positional().size() < 2) return usage_error(kSpec, "give at least two exports");
  if (!opt.value("out")) return usage_error(kSpec, "--out DIR is required");
  const auto f = opt.config_flags();
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("merge", cfg.error());
  std::vector<std::filesystem::path> in(opt.positional().begin(), opt.positional().end());
  PackageOptions o;
  o.out = *opt.value("out");
  o.zip = opt.has("zip");
  o.gbk = opt.has("gbk");
  o.label = "merge";
  ProgressDisplay progress("merge", progress_mode(opt));
  o.progress = progress.fn();
  auto m = merge_packages(in, cfg->station, o, choice);
  progress.finish();
  if (!m) {
    cli::say_error("merge", m.error());
    const auto &c = m.error().code;
    return c == "merge.overlap" || c == "merge.duplicate_student" || c == "merge.duplicate_student_number" ? exit_code::kSomeFailed
                                                                                                           : exit_code::kRuntime;
  }
  std::printf("合并 %d 张照片到 %s / merged %d photos into %s\n", m->package.photos, m->package.dir.c_str(), m->package.photos,
              m->package.dir.c_str());
  if (!m->package.zip.empty()) std::printf("压缩包 / zip: %s\n", m->package.zip.c_str());
  for (const auto &w : m->package.warnings) std::printf("注意 / note: %s\n", w.c_str());
  for (const auto &d : m->duplicates) std::printf("重复学生已处理 / student present twice, resolved: %s\n", d.c_str());
  return exit_code::kOk;
}

}  // namespace

extern const Command kMergeCommand{kSpec, run, "join booths' exports into one package"};

}  // namespace gradbooth::admin
