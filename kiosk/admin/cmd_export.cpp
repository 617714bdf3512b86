// gradbooth-admin export --batch B --out DIR [--zip] [--gbk] [--originals] [--config P] [--data-dir D]
#include "commands.h"

#include <core/cli_support.h>
#include <core/journal.h>
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
  // The day's story: every export (and a failed one) in the journal.
  journal::send({.event = "export", .priority = sum ? journal::Priority::Notice : journal::Priority::Err,
                 .message = sum ? "exported " + std::to_string(sum->photos) + " photos to " + sum->dir.string()
                                : "export failed: " + sum.error().message_en,
                 .batch = cfg->booth.batch, .masked_id = {}, .number = {}, .reason = sum ? "" : sum.error().code,
                 .fields = {{"out", o.out.string()}, {"photos", sum ? std::to_string(sum->photos) : "0"}}});
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
