// The hand-written option loops of the daemon and the emulators walk argv with this: the
// argument at hand, and the value after it. A missing value is a usage error (exit 2), said the
// same way everywhere. (gradbooth-admin has a declared parser of its own: kiosk/admin/options.h.)
#pragma once

#include <cstdio>
#include <cstdlib>
#include <string>

namespace gradbooth {

class ArgCursor {
public:
  ArgCursor(int argc, char **argv, const char *program) : argc_(argc), argv_(argv), program_(program) {}

  // Moves to the next argument; false after the last.
  bool next() {
    if (++i_ >= argc_) return false;
    arg_ = argv_[i_];
    return true;
  }
  const std::string &arg() const { return arg_; }
  // The argument after the option at hand, or exit 2 with "PROGRAM: --opt needs a value".
  std::string value() {
    if (i_ + 1 >= argc_) {
      std::fprintf(stderr, "%s: %s needs a value\n", program_, arg_.c_str());
      std::exit(2);
    }
    return argv_[++i_];
  }

private:
  int argc_;
  char **argv_;
  const char *program_;
  int i_ = 0;
  std::string arg_;
};

}  // namespace gradbooth
