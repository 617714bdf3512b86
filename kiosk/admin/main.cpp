// gradbooth-admin: the photographer's and admin's command line. main parses every command's options
// against its spec (options.h: --opt=value and --opt value, --help, --version); the commands
// (commands.h) exit with the codes of exit_codes.h.
#include "commands.h"
#include "exit_codes.h"
#include "options.h"

#include <sys/stat.h>

#include <cstdio>
#include <cstring>
#include <string_view>

namespace {

namespace admin = gradbooth::admin;
using admin::Command;

// In the order `gradbooth-admin --help` lists them.
constexpr const Command *kCommands[] = {
    &admin::kCheckCommand,  &admin::kCardCommand,       &admin::kCameraCommand, &admin::kRosterCommand,
    &admin::kExportCommand, &admin::kVerifyCommand,     &admin::kMergeCommand,  &admin::kBatchCommand,
    &admin::kStatsCommand,  &admin::kQuarantineCommand, &admin::kReportCommand, &admin::kPinCommand,
};

void usage(std::FILE *to) {
  std::fprintf(to,
               "usage: gradbooth-admin COMMAND [OPTIONS] [ARGS...]\n"
               "       gradbooth-admin COMMAND --help\n"
               "       gradbooth-admin --help | --version\n\ncommands:\n");
  for (const Command *c : kCommands)
    std::fprintf(to, "  %-11.*s %.*s\n", static_cast<int>(c->spec.name.size()), c->spec.name.data(), static_cast<int>(c->summary.size()),
                 c->summary.data());
  std::fprintf(to,
               "\nEvery command takes --opt VALUE or --opt=VALUE, --help and --version; `--` ends the\n"
               "options. The config file is --config PATH, else $GRADBOOTH_CONFIG, else\n"
               "/etc/gradbooth/gradbooth.toml, else the installed example. See gradbooth-admin(1).\n\n%s",
               admin::exit_code::kTable);
}

}  // namespace

int main(int argc, char **argv) {
  namespace exit_code = admin::exit_code;
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
    admin::print_version(stdout);
    return exit_code::kOk;
  }
  for (const Command *c : kCommands) {
    if (c->spec.name != name) continue;
    // --help, --version and usage errors are answered here, the same way for every command.
    auto parsed = admin::parse_options(c->spec, admin::Args(argv + 2, argv + argc));
    if (const int *rc = std::get_if<int>(&parsed)) return *rc;
    return c->run(std::get<admin::Options>(parsed));
  }
  std::fprintf(stderr, "gradbooth-admin: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return exit_code::kUsage;
}
