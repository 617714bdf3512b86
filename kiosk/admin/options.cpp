#include "options.h"

#include "exit_codes.h"
#include "gradbooth_version.h"

#include <algorithm>

namespace gradbooth::admin {

namespace {

const OptionSpec *find_option(const CommandSpec &spec, std::string_view name) {
  for (const auto &o : spec.options)
    if (o.name == name) return &o;
  return nullptr;
}

void print_usage_line(const CommandSpec &spec, std::FILE *to) {
  // Every line of the synopsis gets the program name.
  std::string_view s = spec.synopsis;
  const char *lead = "usage:";
  while (!s.empty()) {
    const auto nl = s.find('\n');
    const std::string_view line = s.substr(0, nl);
    std::fprintf(to, "%s gradbooth-admin %.*s\n", lead, static_cast<int>(line.size()), line.data());
    lead = "      ";
    if (nl == std::string_view::npos) break;
    s.remove_prefix(nl + 1);
  }
}

}  // namespace

bool Options::has(std::string_view name) const {
  return std::any_of(given_.begin(), given_.end(), [&](const auto &g) { return g.first == name; });
}

std::optional<std::string> Options::value(std::string_view name) const {
  for (auto it = given_.rbegin(); it != given_.rend(); ++it)
    if (it->first == name) return it->second;
  return std::nullopt;
}

std::vector<std::string> Options::values(std::string_view name) const {
  std::vector<std::string> out;
  for (const auto &g : given_)
    if (g.first == name) out.push_back(g.second);
  return out;
}

core::cli::Flags Options::config_flags() const {
  core::cli::Flags f;
  f.config = value("config");
  f.batch = value("batch");
  f.data_dir = value("data-dir");
  return f;
}

std::vector<OptionSpec> batch_options(std::initializer_list<OptionSpec> own) {
  std::vector<OptionSpec> all(own);
  all.insert(all.end(), {kBatchOption, kConfigOption, kDataDirOption});
  return all;
}

std::vector<OptionSpec> package_options(std::initializer_list<OptionSpec> first, OptionSpec extra) {
  std::vector<OptionSpec> all(first);
  all.insert(all.end(), {{"out", "DIR", "the package folder to create"}, kZipOption, kGbkOption, extra, kQuietOption});
  all.insert(all.end(), {kBatchOption, kConfigOption, kDataDirOption});
  return all;
}

std::variant<Options, int> parse_options(const CommandSpec &spec, const Args &args) {
  Options o;
  bool options_done = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    if (options_done || a == "-" || !a.starts_with("-")) {
      o.positional_.push_back(a);
      continue;
    }
    if (a == "--") {
      options_done = true;
      continue;
    }
    if (a == "--help" || a == "-h") {
      print_help(spec, stdout);
      return exit_code::kOk;
    }
    if (a == "--version") {
      print_version(stdout);
      return exit_code::kOk;
    }
    if (!a.starts_with("--")) return usage_error(spec, "unknown option " + a);
    const auto eq = a.find('=');
    const std::string name = a.substr(2, eq == std::string::npos ? std::string::npos : eq - 2);
    const OptionSpec *opt = find_option(spec, name);
    if (!opt) return usage_error(spec, "unknown option --" + name);
    std::string value;
    if (opt->value.empty()) {
      if (eq != std::string::npos) return usage_error(spec, "--" + name + " takes no value");
    } else if (eq != std::string::npos) {
      value = a.substr(eq + 1);
    } else if (i + 1 < args.size()) {
      value = args[++i];
    } else {
      return usage_error(spec, "--" + name + " needs a value (" + std::string(opt->value) + ")");
    }
    if (!opt->repeatable && !opt->value.empty() && o.has(name)) return usage_error(spec, "--" + name + " given twice");
    o.given_.emplace_back(name, std::move(value));
  }
  return o;
}

int usage_error(const CommandSpec &spec, std::string_view why) {
  std::fprintf(stderr, "gradbooth-admin %.*s: %.*s\n", static_cast<int>(spec.name.size()), spec.name.data(), static_cast<int>(why.size()),
               why.data());
  print_usage_line(spec, stderr);
  std::fprintf(stderr, "(gradbooth-admin %.*s --help for more)\n", static_cast<int>(spec.name.size()), spec.name.data());
  return exit_code::kUsage;
}

void print_help(const CommandSpec &spec, std::FILE *to) {
  print_usage_line(spec, to);
  if (!spec.description.empty()) std::fprintf(to, "%.*s\n", static_cast<int>(spec.description.size()), spec.description.data());
  std::fprintf(to, "\noptions (--opt VALUE or --opt=VALUE):\n");
  auto row = [&](std::string_view name, std::string_view value, std::string_view help) {
    std::string left = "--" + std::string(name);
    if (!value.empty()) left += " " + std::string(value);
    // A help text's own line breaks are indented under the first line.
    std::fprintf(to, "  %-18s ", left.c_str());
    for (char c : help) c == '\n' ? (void)std::fprintf(to, "\n%21s", "") : (void)std::fputc(c, to);
    std::fputc('\n', to);
  };
  for (const auto &o : spec.options) row(o.name, o.value, o.repeatable ? std::string(o.help) + " (repeatable)" : std::string(o.help));
  row("help", "", "show this help and exit");
  row("version", "", "print the version and exit");
  std::fprintf(to, "\n%s", exit_code::kTable);
}

void print_version(std::FILE *to) { std::fprintf(to, "gradbooth-admin %s\n", GRADBOOTH_VERSION); }

int failed(const CommandSpec &spec, const Error &e) {
  core::cli::say_error(std::string(spec.name).c_str(), e);
  return exit_code::kRuntime;
}

}  // namespace gradbooth::admin
