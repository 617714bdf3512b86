// Placeholder until its issue lands: says so plainly instead of pretending to work.
#include "commands.h"

#include <cstdio>

namespace gradbooth::admin {

int cmd_stats(const Args &) {
  std::fprintf(stderr, "gradbooth-admin stats: not built yet\n");
  return 3;
}

} // namespace gradbooth::admin
