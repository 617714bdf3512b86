// Placeholder until its issue lands: says so plainly instead of pretending to work.
#include "commands.h"

#include <cstdio>

namespace gradbooth::admin {

int cmd_merge(const Args &) {
  std::fprintf(stderr, "gradbooth-admin merge: not built yet\n");
  return 3;
}

} // namespace gradbooth::admin
