// Stable names of the workflow's enums (logs, journal, tests) and the card-name rule.
#include "workflow.h"

#include "enum_names.h"

#include <iterator>

namespace gradbooth::core {

const char *state_name(State s) {
  constexpr const char *kNames[] = {"Idle", "CardRead", "LiveView", "Countdown", "Capturing", "Review", "Done", "Fault", "Paused"};
  static_assert(std::size(kNames) == count_of(State::Paused));
  return enum_name(s, kNames);
}

const char *supervisor_reason_name(SupervisorReason r) {
  constexpr const char *kNames[] = {"none",         "not_on_roster", "name_mismatch", "gender_mismatch", "already_photographed",
                                    "retake_limit", "failed_checks", "range_full",    "capture_failed"};
  static_assert(std::size(kNames) == count_of(SupervisorReason::CaptureFailed));
  return enum_name(r, kNames);
}

const char *decision_status_name(DecisionStatus s) {
  constexpr const char *kNames[] = {"applied", "refused_state", "refused_store", "pending"};
  static_assert(std::size(kNames) == count_of(DecisionStatus::Pending));
  return enum_name(s, kNames);
}

namespace {
std::string collapse_spaces_upper(std::string_view s) {
  std::string out;
  for (char c : s) {
    if (c == ' ' || c == '\t') {
      if (!out.empty() && out.back() != ' ') out += ' ';
    } else {
      out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
    }
  }
  while (!out.empty() && out.back() == ' ') out.pop_back();
  return out;
}
}  // namespace

// A foreigner's permanent residence card carries a Chinese and an English name; a roster holds
// one of them. Either one matches; English is compared without regard to case or repeated
// spaces. The Chinese name must match exactly.
bool card_name_matches_roster(std::string_view roster_name, const idcard::CardName &card_name) {
  if (!card_name.chinese.empty() && roster_name == card_name.chinese) return true;
  return !card_name.english.empty() && collapse_spaces_upper(roster_name) == collapse_spaces_upper(card_name.english);
}

}  // namespace gradbooth::core
