// gradbooth-admin export --batch B --out DIR [--zip] [--gbk] [--originals] [--config P] [--data-dir D]
#include "commands.h"

#include "exit_codes.h"
#include "options.h"

#include <core/cli_support.h>
#include <core/journal.h>
#include <core/package.h>

#include <cstdio>

namespace gradbooth::admin {

namespace {

const CommandSpec kSpec{"export", "export [--batch B] --out DIR [--zip] [--gbk] [--originals] [--quiet] [--config PATH] [--data-dir DIR]",
                        "Writes the batch's numbered photos as the agency's package: photos/NNNN.jpg, database.xlsx and\n"
                        "database.csv (9 fields), cover.txt, manifest.sha256. The folder must not exist or be empty.",
                        package_options({}, {"originals", "", "also copy the camera originals (originals/NNNN.jpg)"})};

int run(const Options &opt) {
  using namespace gradbooth::core;
  if (!opt.value("out")) return usage_error(kSpec, "--out DIR is required");
  if (!opt.positional().empty()) return usage_error(kSpec, "unexpected argument " + opt.positional()[0]);
  const auto f = opt.config_flags();
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("export", cfg.error());
  // Read-write: the export leaves its audit row in the batch.
  auto store = Store::open_existing(cfg->booth.data_dir, cfg->booth.batch, true);
  if (!store) return failed(kSpec, store.error());
  PackageOptions o;
  o.out = *opt.value("out");
  o.zip = opt.has("zip");
  o.gbk = opt.has("gbk");
  o.originals = opt.has("originals");
  ProgressDisplay progress("export", progress_mode(opt));
  o.progress = progress.fn();
  auto sum = export_batch(*store, cfg->station, o);
  progress.finish();
  // The day's story: every export (and a failed one) in the journal.
  journal::send({.event = "export",
                 .priority = sum ? journal::Priority::Notice : journal::Priority::Err,
                 .message = sum ? "exported " + std::to_string(sum->photos) + " photos to " + sum->dir.string()
                                : "export failed: " + sum.error().message_en,
                 .batch = cfg->booth.batch,
                 .masked_id = {},
                 .number = {},
                 .reason = sum ? "" : sum.error().code,
                 .fields = {{"out", o.out.string()}, {"photos", sum ? std::to_string(sum->photos) : "0"}}});
  if (!sum) return failed(kSpec, sum.error());
  std::printf("导出 %d 张照片到 %s / exported %d photos to %s\n", sum->photos, sum->dir.c_str(), sum->photos, sum->dir.c_str());
  if (!sum->zip.empty()) std::printf("压缩包 / zip: %s\n", sum->zip.c_str());
  for (const auto &w : sum->warnings) std::printf("注意 / note: %s\n", w.c_str());
  return exit_code::kOk;
}

}  // namespace

extern const Command kExportCommand{kSpec, run, "the batch's numbered photos as the agency's package"};

}  // namespace gradbooth::admin
