// gradbooth-admin roster import FILE [--batch B] [--config P] [--data-dir D]
// Parses the roster (CSV in UTF-8/GBK/GB18030, or XLSX), prints the validation report with row
// numbers, and upserts the valid rows into the batch's store. Exit 0 clean, 1 some rows refused,
// 2 usage, 3 nothing imported (unreadable file, store error).
#include "commands.h"

#include "exit_codes.h"
#include "options.h"

#include <core/cli_support.h>
#include <core/roster.h>
#include <core/store.h>

#include <cstdio>

namespace gradbooth::admin {

namespace {

const CommandSpec kSpec{"roster", "roster import FILE [--batch B] [--quiet] [--config PATH] [--data-dir DIR]",
                        "Reads the roster (CSV in UTF-8/GBK/GB18030, or XLSX), prints the validation report with row\n"
                        "numbers and upserts the valid rows into the batch (re-import updates, never duplicates).\n"
                        "Exit 1 when some rows were refused.",
                        batch_options({kQuietOption})};

int run(const Options &opt) {
  using namespace gradbooth::core;
  if (opt.positional().size() != 2 || opt.positional()[0] != "import") return usage_error(kSpec, "say roster import FILE");
  const auto f = opt.config_flags();
  const std::string &file = opt.positional()[1];
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("roster", cfg.error());
  auto roster = parse_roster_file(file, cfg->roster);
  if (!roster) return failed(kSpec, roster.error());
  auto store = Store::open(cli::store_options(*cfg));
  if (!store) return failed(kSpec, store.error());
  ProgressDisplay progress("roster", progress_mode(opt));
  auto sum = store->import_roster(roster->entries, progress.fn());
  progress.finish();
  if (!sum) return failed(kSpec, sum.error());
  auto issues = roster->issues;
  issues.insert(issues.end(), sum->issues.begin(), sum->issues.end());
  std::printf("名单 / roster: %s (%s)\n", file.c_str(), roster->encoding.c_str());
  std::printf("批次 / batch: %s  (%s)\n", cfg->booth.batch.c_str(), store->dir().c_str());
  std::printf("读取 %d 行，新增 %d，更新 %d，未变 %d，拒绝 %zu\n", roster->rows_read, sum->inserted, sum->updated, sum->unchanged,
              issues.size());
  std::printf("read %d rows: %d inserted, %d updated, %d unchanged, %zu refused\n", roster->rows_read, sum->inserted, sum->updated,
              sum->unchanged, issues.size());
  for (const auto &i : issues)
    std::printf("  第 %d 行 / row %d  [%s]  %s  |  %s\n", i.row, i.row, i.code.c_str(), i.message_zh.c_str(), i.message_en.c_str());
  return issues.empty() ? exit_code::kOk : exit_code::kSomeFailed;
}

}  // namespace

extern const Command kRosterCommand{kSpec, run, "roster import FILE: CSV/XLSX roster into the batch"};

}  // namespace gradbooth::admin
