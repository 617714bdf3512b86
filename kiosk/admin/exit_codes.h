// Exit codes shared by every gradbooth-admin command (and printed by `gradbooth-admin --help`
// and the gradbooth-admin(1) man page), so a script can tell a typo from a failed photo from a
// broken disk. 78 is sysexits.h's EX_CONFIG, the daemon's too: systemd's
// RestartPreventExitStatus=78 stops a restart loop on a bad config file.
#pragma once

#include <core/cli_support.h>

namespace gradbooth::admin::exit_code {

inline constexpr int kOk = 0;          // everything done
inline constexpr int kSomeFailed = 1;  // done, but some items failed: photos that need a retake,
                                       // roster rows refused, a package that fails verify, a merge
                                       // refused, the camera or card reader answered with an error
inline constexpr int kUsage = 2;       // bad command line: unknown option, missing value or argument
inline constexpr int kRuntime = 3;     // could not do the work: unreadable input, store, disk, model
inline constexpr int kTimeout = 4;     // waited in vain (card: no card before --timeout)
inline constexpr int kConfig = 78;     // the config file is wrong (EX_CONFIG), names file, key, line
static_assert(kConfig == core::cli::kExitConfig);

// The table as --help and the man page show it.
inline constexpr const char *kTable = "exit status (every command):\n"
                                      "   0  done\n"
                                      "   1  done, but some items failed (photos to retake, rows refused, a package that fails verify,\n"
                                      "      a merge refused, the camera or card reader answered with an error)\n"
                                      "   2  usage error (unknown option, missing value or argument)\n"
                                      "   3  runtime error: nothing or not everything could be done (unreadable input, store, disk)\n"
                                      "   4  timeout (card: no card before --timeout)\n"
                                      "  78  the config file is wrong (EX_CONFIG): file, key and line are named\n";

}  // namespace gradbooth::admin::exit_code
