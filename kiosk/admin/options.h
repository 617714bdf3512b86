// The one option parser of every gradbooth-admin command. Each command declares its options in a
// CommandSpec; the parser accepts `--opt=value` and `--opt value`, flags, repeatable options,
// `--` (everything after is positional), and answers `--help`/`-h` (stdout, exit 0) and
// `--version` (exit 0) itself. An unknown option or a missing value is a usage error (exit 2,
// message and usage on stderr). The same spec prints the --help text, so it cannot drift.
#pragma once

#include <core/cli_support.h>
#include <core/progress.h>

#include <cstdio>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gradbooth::admin {

using Args = std::vector<std::string>;  // after the command name

struct OptionSpec {
  std::string_view name;   // "out" for --out
  std::string_view value;  // "DIR": the option takes a value; empty: a flag
  std::string_view help;
  bool repeatable = false;
};

// Options several commands share, spelt once.
inline constexpr OptionSpec kConfigOption{"config", "PATH",
                                          "gradbooth.toml (default: $GRADBOOTH_CONFIG,\n"
                                          "/etc/gradbooth/gradbooth.toml, the installed example)"};
inline constexpr OptionSpec kBatchOption{"batch", "B", "the batch (default: [booth].batch)"};
inline constexpr OptionSpec kDataDirOption{"data-dir", "DIR", "where batches live (default: [booth].data_dir)"};
inline constexpr OptionSpec kQuietOption{"quiet", "", "no progress bar or progress lines"};
inline constexpr OptionSpec kZipOption{"zip", "", "also write DIR.zip"};
inline constexpr OptionSpec kGbkOption{"gbk", "", "database.csv in GB18030 instead of UTF-8 with BOM"};

// A command that works on one batch's store: its own options, then --batch, --config, --data-dir.
std::vector<OptionSpec> batch_options(std::initializer_list<OptionSpec> own);
// A command that writes the agency's package (export, batch): `first`, then --out DIR, --zip,
// --gbk, `extra`, --quiet and the batch options.
std::vector<OptionSpec> package_options(std::initializer_list<OptionSpec> first, OptionSpec extra);

struct CommandSpec {
  std::string_view name;         // "export"
  std::string_view synopsis;     // after "usage: gradbooth-admin "; may hold several lines
  std::string_view description;  // what it does (may be several lines)
  std::vector<OptionSpec> options;
};

class Options {
public:
  bool has(std::string_view name) const;
  std::optional<std::string> value(std::string_view name) const;  // the last one given
  std::vector<std::string> values(std::string_view name) const;   // every one, in order
  const std::vector<std::string> &positional() const { return positional_; }
  // --config, --batch, --data-dir as core's config lookup takes them.
  core::cli::Flags config_flags() const;

private:
  friend std::variant<Options, int> parse_options(const CommandSpec &spec, const Args &args);
  std::vector<std::pair<std::string, std::string>> given_;  // (name, value) in order
  std::vector<std::string> positional_;
};

// Options, or the exit code to return now (0 after --help/--version, 2 after a usage error).
std::variant<Options, int> parse_options(const CommandSpec &spec, const Args &args);

// Prints "gradbooth-admin NAME: WHY" and the usage on stderr; returns exit_code::kUsage.
int usage_error(const CommandSpec &spec, std::string_view why);

void print_help(const CommandSpec &spec, std::FILE *to);

// Says why on stderr ("gradbooth-admin NAME: 中文 / English [code]") and returns
// exit_code::kRuntime: the command could not do its work (input, store, disk).
int failed(const CommandSpec &spec, const Error &e);

// --quiet: no progress; else a bar on a terminal, one line per step otherwise (on stderr).
inline core::ProgressDisplay::Mode progress_mode(const Options &o) {
  return o.has("quiet") ? core::ProgressDisplay::Mode::Quiet : core::ProgressDisplay::Mode::Auto;
}
void print_version(std::FILE *to);

}  // namespace gradbooth::admin
