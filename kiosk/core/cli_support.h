// Shared glue for gradbooth-admin's core commands: config lookup with --config/--batch/--data-dir,
// store options, bilingual messages. The command line itself is parsed by kiosk/admin/options.h.
#pragma once

#include "config.h"
#include "store.h"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace gradbooth::core::cli {

// What config_for() takes from the command line (kiosk/admin's Options::config_flags()).
struct Flags {
  std::optional<std::string> config, batch, data_dir;
};

// "中文 / English" on stderr.
inline void say_error(const char *cmd, const Error &e) {
  std::fprintf(stderr, "gradbooth-admin %s: %s\n  %s [%s]\n", cmd, e.message_zh.c_str(), e.message_en.c_str(), e.code.c_str());
}

// EX_CONFIG (sysexits.h): the config file is wrong; systemd's RestartPreventExitStatus=78 stops a
// restart loop, and scripts can tell a typo from a failed operation.
inline constexpr int kExitConfig = 78;

// Prints a config error (file, key and line are in the message) and returns the exit code.
inline int config_failed(const char *cmd, const Error &e) {
  say_error(cmd, e);
  return kExitConfig;
}

inline Result<Config> config_for(const Flags &f) {
  std::optional<std::filesystem::path> p;
  if (f.config) p = *f.config;
  auto c = load_config_auto(p);
  if (!c) return c;
  if (f.batch) c->booth.batch = *f.batch;
  if (f.data_dir) c->booth.data_dir = *f.data_dir;
  return c;
}

inline StoreOptions store_options(const Config &c) {
  StoreOptions o;
  o.data_dir = c.booth.data_dir;
  o.batch = c.booth.batch;
  o.booth_id = c.booth.id;
  o.sequence_first = c.booth.sequence_first;
  o.sequence_last = c.booth.sequence_last;
  return o;
}

}  // namespace gradbooth::core::cli
