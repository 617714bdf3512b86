// gradbooth-admin's commands. Each cmd_*.cpp defines one Command: its CommandSpec (the options,
// which also print its --help) and what it does with the parsed options. main.cpp parses the
// command line against the spec and calls run, so no command parses its own.
#pragma once

#include "options.h"

#include <string_view>

namespace gradbooth::admin {

struct Command {
  const CommandSpec &spec;
  int (*run)(const Options &opt);  // returns the exit code (exit_codes.h)
  std::string_view summary;        // its line in `gradbooth-admin --help`
};

extern const Command kCheckCommand;       // verdict + standard JPEG per photo
extern const Command kCardCommand;        // wait for one ID card and print it
extern const Command kCameraCommand;      // list | summary | capture | preview
extern const Command kRosterCommand;      // roster import
extern const Command kExportCommand;      // the batch as the agency's package
extern const Command kVerifyCommand;      // check a package
extern const Command kMergeCommand;       // join booths' exports
extern const Command kBatchCommand;       // method 2: roster + folder of photos → package
extern const Command kStatsCommand;       // counts and pass rates
extern const Command kQuarantineCommand;  // files recovery moved aside
extern const Command kReportCommand;      // the batch as one HTML file
extern const Command kPinCommand;         // supervisor PIN → salted hash in the config

}  // namespace gradbooth::admin
