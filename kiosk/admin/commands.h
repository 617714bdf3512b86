// gradbooth-admin subcommands. Each lives in its own cmd_*.cpp and returns the exit code.
#pragma once

#include <string>
#include <vector>

namespace gradbooth::admin {

using Args = std::vector<std::string>;

int cmd_check(const Args &args);   // issue 2: verdict + spec JPEG per photo
int cmd_card(const Args &args);    // issue 3: wait for one ID card and print it
int cmd_camera(const Args &args);  // issue 4: list|summary|capture|preview
int cmd_roster(const Args &args);  // issue 5: roster import
int cmd_export(const Args &args);  // issue 5
int cmd_verify(const Args &args);  // issue 5
int cmd_merge(const Args &args);   // issue 5
int cmd_batch(const Args &args);   // issue 5
int cmd_stats(const Args &args);   // issue 5
int cmd_quarantine(const Args &args);  // files recovery moved aside
int cmd_pin(const Args &args);         // supervisor PIN → salted hash in the config
int cmd_report(const Args &args);      // the batch as one HTML file

} // namespace gradbooth::admin
