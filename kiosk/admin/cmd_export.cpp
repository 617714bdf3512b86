// gradbooth-admin export --batch B --out DIR [--zip] [--gbk] [--originals] [--config P] [--data-dir D]
#include "commands.h"

#include <core/cli_support.h>
#include <core/package.h>

#include <cstdio>

namespace gradbooth::admin {

int cmd_export(const Args &args) {
  using namespace gradbooth::core;
  const auto f = cli::parse_flags(args);
  if (f.help || !f.out || !f.unknown.empty() || !f.positional.empty()) {
    std::fprintf(f.help ? stdout : stderr,
                 "usage: gradbooth-admin export [--batch B] --out DIR [--zip] [--gbk] [--originals] "
                 "[--config PATH] [--data-dir DIR]\n");
    if (!f.unknown.empty()) std::fprintf(stderr, "unknown option: %s\n", f.unknown.c_str());
    return f.help ? 0 : 2;
  }
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("export", cfg.error());
  // Read-write: the export leaves its audit row in the batch.
  auto store = Store::open_existing(cfg->booth.data_dir, cfg->booth.batch, true);
  if (!store) {
    cli::say_error("export", store.error());
    return 3;
  }
  PackageOptions o;
  o.out = *f.out;
  o.zip = f.zip;
  o.gbk = f.gbk;
  o.originals = f.originals;
  auto sum = export_batch(*store, cfg->station, o);
  if (!sum) {
    cli::say_error("export", sum.error());
    return 3;
  }
  std::printf("导出 %d 张照片到 %s / exported %d photos to %s\n", sum->photos, sum->dir.c_str(), sum->photos,
              sum->dir.c_str());
  if (!sum->zip.empty()) std::printf("压缩包 / zip: %s\n", sum->zip.c_str());
  for (const auto &w : sum->warnings) std::printf("注意 / note: %s\n", w.c_str());
  return 0;
}

} // namespace gradbooth::admin
