// gradbooth-admin roster import FILE [--batch B] [--config P] [--data-dir D]
// Parses the roster (CSV in UTF-8/GBK/GB18030, or XLSX), prints the validation report with row
// numbers, and upserts the valid rows into the batch's store. Exit 0 clean, 1 some rows refused,
// 2 usage, 3 nothing imported (unreadable file, store error).
#include "commands.h"

#include <core/cli_support.h>
#include <core/roster.h>
#include <core/store.h>

#include <cstdio>

namespace gradbooth::admin {

int cmd_roster(const Args &args) {
  using namespace gradbooth::core;
  const auto f = cli::parse_flags(args);
  if (f.help || f.positional.size() != 2 || f.positional[0] != "import" || !f.unknown.empty()) {
    std::fprintf(f.help ? stdout : stderr,
                 "usage: gradbooth-admin roster import FILE [--batch B] [--config PATH] [--data-dir DIR]\n");
    if (!f.unknown.empty()) std::fprintf(stderr, "unknown option: %s\n", f.unknown.c_str());
    return f.help ? 0 : 2;
  }
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("roster", cfg.error());
  auto parsed = parse_roster_file(f.positional[1], cfg->roster);
  if (!parsed) {
    cli::say_error("roster", parsed.error());
    return 3;
  }
  auto store = Store::open(cli::store_options(*cfg));
  if (!store) {
    cli::say_error("roster", store.error());
    return 3;
  }
  auto sum = store->import_roster(parsed->entries);
  if (!sum) {
    cli::say_error("roster", sum.error());
    return 3;
  }
  auto issues = parsed->issues;
  issues.insert(issues.end(), sum->issues.begin(), sum->issues.end());
  std::printf("名单 / roster: %s (%s)\n", f.positional[1].c_str(), parsed->encoding.c_str());
  std::printf("批次 / batch: %s  (%s)\n", cfg->booth.batch.c_str(), store->dir().c_str());
  std::printf("读取 %d 行，新增 %d，更新 %d，未变 %d，拒绝 %zu\n", parsed->rows_read, sum->inserted, sum->updated,
              sum->unchanged, issues.size());
  std::printf("read %d rows: %d inserted, %d updated, %d unchanged, %zu refused\n", parsed->rows_read, sum->inserted,
              sum->updated, sum->unchanged, issues.size());
  for (const auto &i : issues)
    std::printf("  第 %d 行 / row %d  [%s]  %s  |  %s\n", i.row, i.row, i.code.c_str(), i.message_zh.c_str(),
                i.message_en.c_str());
  return issues.empty() ? 0 : 1;
}

} // namespace gradbooth::admin
