// gradbooth-admin stats [--batch B] [--json]: counts, first-try pass rate, top failure reasons.
#include "commands.h"

#include "exit_codes.h"
#include "options.h"

#include <core/cli_support.h>
#include <core/store_layout.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace gradbooth::admin {

namespace {

const CommandSpec kSpec{"stats", "stats [--batch B] [--json] [--config PATH] [--data-dir DIR]",
                        "Counts of a batch (every batch under data_dir without --batch): roster, card reads, attempts,\n"
                        "numbered, voided, overrides, first-try pass rate, numbers left, top failure reasons.",
                        batch_options({{"json", "", "JSON instead of the table"}})};

int print_batch(const core::Config &cfg, const std::string &batch, bool json, nlohmann::json &all) {
  using namespace gradbooth::core;
  auto store = Store::open_existing(cfg.booth.data_dir, batch);
  if (!store) return failed(kSpec, store.error());
  auto s = store->stats();
  if (!s) return failed(kSpec, s.error());
  // Files recovery could not account for: someone should look (gradbooth-admin quarantine list).
  auto q = store->quarantined();
  const int quarantined = q ? static_cast<int>(q->size()) : 0;
  if (json) {
    nlohmann::json j = {{"batch", s->batch},
                        {"roster", s->roster},
                        {"card_reads", s->card_reads},
                        {"students_attempted", s->students_attempted},
                        {"attempts", s->attempts},
                        {"accepted", s->accepted},
                        {"voided", s->voided},
                        {"overrides", s->overrides},
                        {"skips", s->skips},
                        {"first_try_pass", s->first_try_pass},
                        {"first_try_pass_rate", s->first_try_pass_rate},
                        {"numbers_left", s->numbers_left},
                        {"quarantined", quarantined}};
    nlohmann::json top = nlohmann::json::array();
    for (const auto &[id, n] : s->top_failures) top.push_back({{"check", id}, {"count", n}});
    j["top_failures"] = top;
    all.push_back(j);
    return 0;
  }
  std::printf("批次 / batch %s\n", s->batch.c_str());
  std::printf("  名单人数 / roster            %d\n", s->roster);
  std::printf("  刷卡次数 / card reads        %d\n", s->card_reads);
  std::printf("  拍摄人数 / students attempted %d\n", s->students_attempted);
  std::printf("  拍摄次数 / attempts          %d\n", s->attempts);
  std::printf("  已编号 / numbered            %d\n", s->accepted);
  std::printf("  作废 / voided                %d\n", s->voided);
  std::printf("  人工放行 / overrides         %d\n", s->overrides);
  std::printf("  跳过 / skipped               %d\n", s->skips);
  std::printf("  一次通过率 / first-try pass  %.1f%% (%d/%d)\n", 100.0 * s->first_try_pass_rate, s->first_try_pass, s->students_attempted);
  std::printf("  剩余序号 / numbers left      %d\n", s->numbers_left);
  if (quarantined > 0) std::printf("  隔离文件 / quarantined files %d  (gradbooth-admin quarantine list)\n", quarantined);
  std::printf("  主要不合格原因 / top failure reasons:\n");
  int k = 0;
  for (const auto &[id, n] : s->top_failures) {
    if (++k > 10) break;
    std::printf("    %-24s %d\n", id.c_str(), n);
  }
  return 0;
}

int run(const Options &opt) {
  using namespace gradbooth::core;
  if (!opt.positional().empty()) return usage_error(kSpec, "unexpected argument " + opt.positional()[0]);
  const auto f = opt.config_flags();
  const bool json = opt.has("json");
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("stats", cfg.error());
  // Without --batch: every batch under data_dir (the configured one included).
  std::vector<std::string> batches;
  if (f.batch) {
    batches.push_back(*f.batch);
  } else {
    std::error_code ec;
    for (const auto &e : std::filesystem::directory_iterator(cfg->booth.data_dir, ec))
      if (std::filesystem::exists(core::BatchLayout{e.path()}.database(), ec)) batches.push_back(e.path().filename().string());
    std::sort(batches.begin(), batches.end());
    if (batches.empty()) batches.push_back(cfg->booth.batch);
  }
  nlohmann::json all = nlohmann::json::array();
  int rc = 0;
  for (const auto &b : batches) {
    const int r = print_batch(*cfg, b, json, all);
    if (r) rc = r;
  }
  if (json && !all.empty()) std::printf("%s\n", (f.batch ? all.at(0) : all).dump(2).c_str());
  return rc;
}

}  // namespace

extern const Command kStatsCommand{kSpec, run, "counts, first-try pass rate, top failure reasons"};

}  // namespace gradbooth::admin
