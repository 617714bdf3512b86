// gradbooth-admin quarantine list|restore ENTRY...|restore --all [--batch B] [--config P] [--data-dir D]
// Files the store's recovery could not account for are moved to <batch>/quarantine/, never
// deleted. `list` shows them; `restore` moves them back where they lay (after the right
// session.sqlite was put back, say), with an audit row each. Exit 0 done, 1 some restored file is
// still unknown to the database (the next start quarantines it again), 2 usage, 3 error, 78 config.
#include "commands.h"

#include "exit_codes.h"
#include "options.h"

#include <core/cli_support.h>
#include <core/store.h>

#include <cstdio>

namespace gradbooth::admin {

namespace {

const CommandSpec kSpec{"quarantine",
                        "quarantine list [--batch B] [--config PATH] [--data-dir DIR]\n"
                        "quarantine restore ENTRY...|--all [--batch B] [--config PATH] [--data-dir DIR]",
                        R"(Files the store's recovery could not account for are moved to <batch>/quarantine/, never
deleted. `list` shows them; `restore` moves them back where they lay, with an audit row each.
Exit 1 when a restored file is still unknown to the database (the next start moves it again).)",
                        batch_options({{"all", "", "restore: every quarantined file"}})};

int run(const Options &opt) {
  using namespace gradbooth::core;
  const bool all = opt.has("all");
  const std::vector<std::string> &rest = opt.positional();
  const bool list = !rest.empty() && rest[0] == "list" && rest.size() == 1 && !all;
  const bool restore = !rest.empty() && rest[0] == "restore" && (all ? rest.size() == 1 : rest.size() >= 2);
  if (!(list || restore)) return usage_error(kSpec, "say list, restore ENTRY... or restore --all");
  const auto f = opt.config_flags();
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("quarantine", cfg.error());
  auto store = Store::open_existing(cfg->booth.data_dir, cfg->booth.batch, restore);
  if (!store) return failed(kSpec, store.error());
  auto files = store->quarantined();
  if (!files) return failed(kSpec, files.error());
  if (list) {
    std::printf("批次 / batch %s: %zu 个隔离文件 / quarantined files (%s/quarantine)\n", cfg->booth.batch.c_str(), files->size(),
                store->dir().c_str());
    for (const auto &q : *files)
      std::printf("  %s  ← %s  (%llu bytes)\n", q.entry.c_str(), q.from.c_str(), static_cast<unsigned long long>(q.bytes));
    return exit_code::kOk;
  }
  std::vector<std::string> entries;
  if (all)
    for (const auto &q : *files) entries.push_back(q.entry);
  else entries.assign(rest.begin() + 1, rest.end());
  int rc = exit_code::kOk;
  for (const auto &e : entries) {
    auto known = store->restore_quarantined(e, "admin");
    if (!known) {
      cli::say_error("quarantine", known.error());
      rc = exit_code::kRuntime;
      continue;
    }
    if (*known) {
      std::printf("恢复 / restored %s\n", e.c_str());
    } else {
      std::printf("恢复 / restored %s — 但数据库中没有它的记录，下次启动会再次隔离 / but the database has no row for "
                  "it: the next start quarantines it again\n",
                  e.c_str());
      if (rc == exit_code::kOk) rc = exit_code::kSomeFailed;
    }
  }
  return rc;
}

}  // namespace

extern const Command kQuarantineCommand{kSpec, run, "list or restore files recovery moved aside"};

}  // namespace gradbooth::admin
