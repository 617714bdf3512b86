// gradbooth-admin report [--batch B] [--out FILE.html]: one self-contained HTML file about a batch
// (summary, failure reasons and photos per hour as inline SVG, a contact sheet of every photo
// grouped by failure reason, the students still without a photo), to open on any office PC.
#include "commands.h"
#include "exit_codes.h"
#include "options.h"
#include "report_file.h"

#include <core/cli_support.h>

#include <cstdio>

namespace gradbooth::admin {

namespace {

const CommandSpec kSpec{"report", "report [--batch B] [--out FILE.html] [--config PATH] [--data-dir DIR]",
                        R"(Writes one self-contained HTML file about the batch (thumbnails embedded, no network, no
script): the summary (roster, photographed, passed first time, overridden, voided, missing),
a chart of failure reasons and one of photos per hour, a contact sheet of every photo with its
number, masked ID and verdict grouped by failure reason, and the students still without a photo.)",
                        batch_options({{"out", "FILE.html", "where to write it (default: BATCH-report.html)"}})};

int run(const Options &opt) {
  using namespace gradbooth::core;
  if (!opt.positional().empty()) return usage_error(kSpec, "unexpected argument " + opt.positional()[0]);
  auto cfg = cli::config_for(opt.config_flags());
  if (!cfg) return cli::config_failed("report", cfg.error());
  auto store = Store::open_existing(cfg->booth.data_dir, cfg->booth.batch);
  if (!store) return failed(kSpec, store.error());
  const std::string out = opt.value("out").value_or(cfg->booth.batch + "-report.html");
  auto data = write_report(*store, cfg->booth.batch, out);
  if (!data) return failed(kSpec, data.error());
  std::printf("报告 / report: %s (%zu 张照片 / photos, %zu 人尚未拍照 / without a photo)\n", out.c_str(), data->photos.size(),
              data->missing.size());
  return exit_code::kOk;
}

}  // namespace

extern const Command kReportCommand{kSpec, run, "the batch as one self-contained HTML file: charts, contact sheet"};

}  // namespace gradbooth::admin
