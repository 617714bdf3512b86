// The day's story in the system journal: one structured entry per card read, capture verdict,
// accept, supervisor decision, fault and export, sent with libsystemd's sd_journal_send so
// `journalctl GRADBOOTH_EVENT=override` finds them. Fields: PRIORITY, MESSAGE, GRADBOOTH_EVENT,
// GRADBOOTH_BATCH, GRADBOOTH_ID (masked, never the full ID number), GRADBOOTH_NUMBER,
// GRADBOOTH_REASON, plus any extra GRADBOOTH_* fields. Without a journal (a terminal, a test)
// the entry is one readable line on stderr instead.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace gradbooth::core::journal {

// syslog priorities.
enum class Priority { Err = 3, Warning = 4, Notice = 5, Info = 6 };

struct Entry {
  std::string event;  // card_read, capture, accept, override, force_retake, skip, void, pause, fault, export…
  Priority priority = Priority::Info;
  std::string message;  // one sentence for a human reading journalctl
  std::string batch;
  std::string masked_id;  // core::mask_id_number(…)
  std::string number;     // "0042"
  std::string reason;
  std::vector<std::pair<std::string, std::string>> fields;  // more, named without the GRADBOOTH_ prefix
};

// Sends the entry; false when it went to stderr because no journal answered.
bool send(const Entry &e);

}  // namespace gradbooth::core::journal
