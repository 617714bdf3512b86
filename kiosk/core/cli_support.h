// Shared glue for gradbooth-admin's core commands (header-only so kiosk/admin/meson.build, which
// lists only cmd_*.cpp, needs no change): flags, config, opening the batch, bilingual messages.
#pragma once

#include "config.h"
#include "store.h"

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace gradbooth::core::cli {

struct Flags {
  std::vector<std::string> positional;
  std::optional<std::string> config, batch, data_dir, out, roster, photos;
  bool zip = false, gbk = false, originals = false, json = false, help = false, all = false;
  std::vector<std::string> keep;        // merge --keep NUMBER (repeatable)
  std::optional<std::string> prefer;    // merge --prefer newest
  std::string unknown;  // first unknown flag
};

inline Flags parse_flags(const std::vector<std::string> &args) {
  Flags f;
  for (size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    auto value = [&](std::optional<std::string> &into) {
      if (i + 1 < args.size()) into = args[++i];
      else f.unknown = a + " (needs a value)";
    };
    if (a == "--config") value(f.config);
    else if (a == "--batch") value(f.batch);
    else if (a == "--data-dir") value(f.data_dir);
    else if (a == "--out") value(f.out);
    else if (a == "--roster") value(f.roster);
    else if (a == "--photos") value(f.photos);
    else if (a == "--keep") {
      std::optional<std::string> k;
      value(k);
      if (k) f.keep.push_back(*k);
    } else if (a == "--prefer") value(f.prefer);
    else if (a == "--all") f.all = true;
    else if (a == "--zip") f.zip = true;
    else if (a == "--gbk") f.gbk = true;
    else if (a == "--originals") f.originals = true;
    else if (a == "--json") f.json = true;
    else if (a == "--help" || a == "-h") f.help = true;
    else if (a.size() > 1 && a[0] == '-' && f.unknown.empty()) f.unknown = a;
    else f.positional.push_back(a);
  }
  return f;
}

// "中文 / English" on stderr.
inline void say_error(const char *cmd, const Error &e) {
  std::fprintf(stderr, "gradbooth-admin %s: %s\n  %s [%s]\n", cmd, e.message_zh.c_str(), e.message_en.c_str(),
               e.code.c_str());
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

} // namespace gradbooth::core::cli
