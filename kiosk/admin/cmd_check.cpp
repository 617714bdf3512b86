// Placeholder until its issue lands: says so plainly instead of pretending to work.
#include "commands.h"

#include <cstdio>

namespace gradbooth::admin {

int cmd_check(const Args &) {
  std::fprintf(stderr, "gradbooth-admin check: not built yet\n");
  return 3;
}

} // namespace gradbooth::admin
