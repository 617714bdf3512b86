// gradbooth-admin quarantine list|restore ENTRY...|restore --all [--batch B] [--config P] [--data-dir D]
// Files the store's recovery could not account for are moved to <batch>/quarantine/, never
// deleted. `list` shows them; `restore` moves them back where they lay (after the right
// session.sqlite was put back, say), with an audit row each. Exit 0 done, 1 some restored file is
// still unknown to the database (the next start quarantines it again), 2 usage, 3 error, 78 config.
#include "commands.h"

#include <core/cli_support.h>
#include <core/store.h>

#include <cstdio>

namespace gradbooth::admin {

int cmd_quarantine(const Args &args) {
  using namespace gradbooth::core;
  const auto f = cli::parse_flags(args);
  const bool all = f.all;
  const std::vector<std::string> &rest = f.positional;
  const bool list = !rest.empty() && rest[0] == "list" && rest.size() == 1;
  const bool restore = !rest.empty() && rest[0] == "restore" && (all ? rest.size() == 1 : rest.size() >= 2);
  if (f.help || !f.unknown.empty() || !(list || restore)) {
    std::fprintf(f.help ? stdout : stderr,
                 "usage: gradbooth-admin quarantine list [--batch B] [--config PATH] [--data-dir DIR]\n"
                 "       gradbooth-admin quarantine restore ENTRY...|--all [--batch B] [--config PATH] [--data-dir DIR]\n");
    if (!f.unknown.empty()) std::fprintf(stderr, "unknown option: %s\n", f.unknown.c_str());
    return f.help ? 0 : 2;
  }
  auto cfg = cli::config_for(f);
  if (!cfg) return cli::config_failed("quarantine", cfg.error());
  auto store = Store::open_existing(cfg->booth.data_dir, cfg->booth.batch, restore);
  if (!store) {
    cli::say_error("quarantine", store.error());
    return 3;
  }
  auto files = store->quarantined();
  if (!files) {
    cli::say_error("quarantine", files.error());
    return 3;
  }
  if (list) {
    std::printf("批次 / batch %s: %zu 个隔离文件 / quarantined files (%s/quarantine)\n", cfg->booth.batch.c_str(),
                files->size(), store->dir().c_str());
    for (const auto &q : *files)
      std::printf("  %s  ← %s  (%llu bytes)\n", q.entry.c_str(), q.from.c_str(), static_cast<unsigned long long>(q.bytes));
    return 0;
  }
  std::vector<std::string> entries;
  if (all)
    for (const auto &q : *files) entries.push_back(q.entry);
  else
    entries.assign(rest.begin() + 1, rest.end());
  int rc = 0;
  for (const auto &e : entries) {
    auto known = store->restore_quarantined(e, "admin");
    if (!known) {
      cli::say_error("quarantine", known.error());
      rc = 3;
      continue;
    }
    if (*known) {
      std::printf("恢复 / restored %s\n", e.c_str());
    } else {
      std::printf("恢复 / restored %s — 但数据库中没有它的记录，下次启动会再次隔离 / but the database has no row for "
                  "it: the next start quarantines it again\n",
                  e.c_str());
      if (rc == 0) rc = 1;
    }
  }
  return rc;
}

} // namespace gradbooth::admin
