// gradbooth-admin: the photographer's and admin's command line.
#include "commands.h"

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
    {"check", gradbooth::admin::cmd_check, "check PHOTO... [--out DIR] [--all] [--json] [--config PATH]   verdict and spec JPEG per photo"},
    {"card", gradbooth::admin::cmd_card, "card [--config FILE] [--transport pcsc|usb|serial] [--device PATH|--reader NAME] [--show-full] [--timeout S]"},
    {"camera", gradbooth::admin::cmd_camera, "camera [--port PORT] [--model M] [--replay VIDEO|DIR] list|summary|capture --out FILE|preview --frames N --out DIR"},
    {"roster", gradbooth::admin::cmd_roster, "roster import FILE [--batch B] [--config PATH] [--data-dir DIR]"},
    {"export", gradbooth::admin::cmd_export, "export --batch B --out DIR [--zip] [--gbk] [--originals]"},
    {"verify", gradbooth::admin::cmd_verify, "verify DIR|ZIP"},
    {"merge", gradbooth::admin::cmd_merge, "merge EXPORT... --out DIR [--zip] [--keep NUMBER]... [--prefer newest]"},
    {"batch", gradbooth::admin::cmd_batch, "batch --roster R --photos DIR --out DIR"},
    {"stats", gradbooth::admin::cmd_stats, "stats [--batch B] [--json]"},
    {"quarantine", gradbooth::admin::cmd_quarantine, "quarantine list|restore ENTRY...|restore --all [--batch B]"},
    {"pin", gradbooth::admin::cmd_pin, "pin set [--config PATH] [--print]   supervisor PIN from stdin → [booth] supervisor_pin_hash"},
};

void usage(std::FILE *to) {
  std::fprintf(to, "usage: gradbooth-admin COMMAND [ARGS...]\n\n");
  for (const auto &c : kCommands)
    std::fprintf(to, "  %.*s\n", static_cast<int>(c.summary.size()), c.summary.data());
}

} // namespace

int main(int argc, char **argv) {
  // Photos, rosters and packages are personal data: whatever any command writes (check's JPEGs,
  // camera captures, libzip's and libxlsxwriter's files) is 0600, folders 0700.
  ::umask(077);
  if (argc < 2 || std::strcmp(argv[1], "--help") == 0 || std::strcmp(argv[1], "-h") == 0) {
    usage(argc < 2 ? stderr : stdout);
    return argc < 2 ? 2 : 0;
  }
  const std::string_view name = argv[1];
  for (const auto &c : kCommands) {
    if (c.name == name) return c.run(gradbooth::admin::Args(argv + 2, argv + argc));
  }
  std::fprintf(stderr, "gradbooth-admin: unknown command '%s'\n\n", argv[1]);
  usage(stderr);
  return 2;
}
