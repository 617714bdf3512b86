// gradbooth-admin: the photographer's and admin's command line. Every command parses its
// options with options.h (--opt=value and --opt value, --help, --version) and exits with the
// codes of exit_codes.h.
#include "commands.h"
#include "exit_codes.h"
#include "options.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <string_view>

namespace {

struct Command {
  std::string_view name;
  int (*run)(const gradbooth::admin::Args &);
  std::string_view summary;
};

constexpr Command kCommands[] = {
    {"check", gradbooth::admin::cmd_check, "verdict and standard JPEG of camera originals"},
    {"card", gradbooth::admin::cmd_card, "wait for one ID card and print its holder"},
    {"camera", gradbooth::admin::cmd_camera, "list, summary, capture, preview: the camera before a session"},
    {"roster", gradbooth::admin::cmd_roster, "roster import FILE: CSV/XLSX roster into the batch"},
    {"export", gradbooth::admin::cmd_export, "the batch's numbered photos as the agency's package"},
    {"verify", gradbooth::admin::cmd_verify, "check an exported package (folder or zip)"},
    {"merge", gradbooth::admin::cmd_merge, "join booths' exports into one package"},
    {"batch", gradbooth::admin::cmd_batch, "roster + folder of collected photos → checked, numbered package"},
    {"stats", gradbooth::admin::cmd_stats, "counts, first-try pass rate, top failure reasons"},
    {"quarantine", gradbooth::admin::cmd_quarantine, "list or restore files recovery moved aside"},
    {"report", gradbooth::admin::cmd_report, "the batch as one self-contained HTML file: charts, contact sheet"},
    {"pin", gradbooth::admin::cmd_pin, "pin set: the supervisor PIN from stdin → [booth] supervisor_pin_hash"},
};

void usage(std::FILE *to) {
  std::fprintf(to, "usage: gradbooth-admin COMMAND [OPTIONS] [ARGS...]\n"
                   "       gradbooth-admin COMMAND --help\n"
                   "       gradbooth-admin --help | --version\n\ncommands:\n");
  for (const auto &c : kCommands)
    std::fprintf(to, "  %-11.*s %.*s\n", static_cast<int>(c.name.size()), c.name.data(),
                 static_cast<int>(c.summary.size()), c.summary.data());
  std::fprintf(to, "\nEvery command takes --opt VALUE or --opt=VALUE, --help and --version; `--` ends the\n"
                   "options. The config file is --config PATH, else $GRADBOOTH_CONFIG, else\n"
                   "/etc/gradbooth/gradbooth.toml, else the installed example. See gradbooth-admin(1).\n\n%s",
               gradbooth::admin::exit_code::kTable);
}

} // namespace

int main(int argc, char **argv) {
  namespace exit_code = gradbooth::admin::exit_code;
  // Photos, rosters and packages are personal data: whatever any command writes (check's JPEGs,
  // camera captures, libzip's and libxlsxwriter's files) is 0600, folders 0700.
  ::umask(077);
  if (argc < 2) {
    usage(stderr);
    return exit_code::kUsage;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    usage(stdout);
    return exit_code::kOk;
  }
  if (name == "--version") {
    gradbooth::admin::print_version(stdout);
    return exit_code::kOk;
  }
  for (const auto &c : kCommands) {
    if (c.name == name) return c.run(gradbooth::admin::Args(argv + 2, argv + argc));
  }
  std::fprintf(stderr, "gradbooth-admin: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return exit_code::kUsage;
}
