// The booth as an explicit state machine (DESIGN.md): a table of states and events a test can drive.
// It never calls a device, the analyzer or the store: the host (ui/daemon) feeds results in as events
// and carries out the returned actions. Time only moves through Tick{now}.
//
//   Idle ─CardPlaced→ CardRead ─RosterLookup(ok)→ LiveView ─StartCountdown→ Countdown ─(tick)→
//   Capturing ─CaptureDone→ Review ─StudentAccept→ (AcceptDone) Done ─(tick / CardRemoved)→ Idle
//   Review ─StudentRetake→ LiveView (until the retake limit, then the supervisor decides)
//   CardRead / LiveView ─IdentityRejected ("not me")→ Idle
//   any ─DeviceFault→ Fault ─DeviceRecovered→ Idle;  any ─SupervisorPause→ Paused ─SupervisorResume→ Idle
#pragma once

#include "id_number.h"
#include "roster.h"
#include "store.h"

#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

namespace gradbooth::core {

using Clock = std::chrono::steady_clock;

enum class State { Idle, CardRead, LiveView, Countdown, Capturing, Review, Done, Fault, Paused };
const char *state_name(State s);
// Whether the name read from the card is the roster's name (see workflow.cpp for permit cards).
bool card_name_matches_roster(std::string_view roster_name, std::string_view card_name);

// Why the supervisor is being asked to decide (shown on the supervisor panel).
enum class SupervisorReason {
  None,
  NotOnRoster,          // card's ID number is not on the roster
  NameMismatch,         // card name ≠ roster name
  GenderMismatch,       // card gender ≠ roster gender
  AlreadyPhotographed,  // student already has a number: retake keeps it
  RetakeLimit,          // retake_limit attempts without an accepted photo
  FailedChecks,         // student wants to accept a photo that failed hard checks
  RangeFull,            // no number left for this booth
  CaptureFailed,        // the camera/analysis gave no usable photo
};
const char *supervisor_reason_name(SupervisorReason r);

// ---- events ----------------------------------------------------------------------------------
struct CardPlaced { std::string name; Gender gender = Gender::Unknown; std::string id_number; };
struct CardRemoved {};
// Host's answer to LookupStudent: the roster row (if any), the live number (if any), numbers left.
struct RosterLookup {
  std::optional<RosterEntry> entry;
  std::optional<SequenceNumber> existing_number;
  int numbers_left = 0;
};
struct Frame { bool guidance_ok = false; };  // a live-view frame was shown (resets the idle timer)
struct StartCountdown {};                     // student pressed "take photo" (or guidance held steady)
// Host's result of TriggerCapture → analysis → store.record_attempt.
struct CaptureDone {
  bool ok = false;                 // false: camera error / no photo
  AttemptId attempt = 0;
  bool pass = false;               // all hard checks passed
  std::vector<std::string> reasons_zh;  // failing reasons for the review screen
  std::vector<std::string> reasons_en;
  std::string error_zh, error_en;  // when !ok
};
struct StudentAccept {};
struct StudentRetake {};
struct AcceptDone { SequenceNumber number; };           // host's result of AcceptAttempt
struct AcceptFailed { std::string error_zh, error_en; std::string code; };
// Supervisor: allow what stopped the flow (mismatch, failed checks, retake limit, a retake of an
// already-photographed student); carries who/why into the audit log.
struct SupervisorOverride { Decision decision; };
struct SupervisorSkip { Decision decision; };           // send the student away without a photo
struct SupervisorVoid { SequenceNumber number; Decision decision; };
// "Not me": the card holder says the details read from the card and the roster are not theirs.
// Only before the first countdown (CardRead / LiveView); ends the visit like a skip, but on file
// as the card holder's own decision, never as a supervisor's.
struct IdentityRejected {};
struct SupervisorPause {};
struct SupervisorResume {};
struct DeviceFault { std::string device; std::string message_zh, message_en; };
struct DeviceRecovered { std::string device; };
struct Tick { Clock::time_point now; };

using Event = std::variant<CardPlaced, CardRemoved, RosterLookup, Frame, StartCountdown, CaptureDone,
                           StudentAccept, StudentRetake, AcceptDone, AcceptFailed, SupervisorOverride,
                           SupervisorSkip, SupervisorVoid, SupervisorPause, SupervisorResume,
                           DeviceFault, DeviceRecovered, Tick, IdentityRejected>;

// ---- actions (the host carries these out) -----------------------------------------------------
struct LookupStudent { std::string id_number; };   // → store.find_student/number_of/numbers_left → RosterLookup
struct RecordCardRead { CardReadRecord read; };
struct StartLiveView {};
struct StopLiveView {};
struct TriggerCapture {};                          // → camera → analyzer → store.record_attempt → CaptureDone
struct AcceptAttempt { AttemptId attempt; Decision decision; };  // → store.accept → AcceptDone/AcceptFailed
struct RejectAttempt { AttemptId attempt; Decision decision; };  // → store.reject
struct RecordOverride { std::string kind; std::string id_number; Decision decision; };
struct SkipStudent { std::string id_number; Decision decision; };
struct VoidNumber { SequenceNumber number; Decision decision; };
struct CallSupervisor { SupervisorReason reason; };
struct ClearScreen {};                              // forget everything shown about the student

using Action = std::variant<LookupStudent, RecordCardRead, StartLiveView, StopLiveView, TriggerCapture,
                            AcceptAttempt, RejectAttempt, RecordOverride, SkipStudent, VoidNumber,
                            CallSupervisor, ClearScreen>;

struct Transition {
  State from = State::Idle;
  State to = State::Idle;
  std::vector<Action> actions;
  bool ignored = false;  // the event means nothing in this state
};

// Who and why on file when the card holder rejects the identity shown ("not me").
inline constexpr const char *kCardHolder = "card holder";
inline constexpr const char *kIdentityRejected = "identity rejected by the card holder";

struct WorkflowOptions {
  int retake_limit = 3;                        // [booth].retake_limit
  std::chrono::seconds idle_timeout{90};       // [booth].idle_timeout_s
  std::chrono::seconds countdown{3};           // [ui].countdown_s
  std::chrono::seconds done_display{8};        // Done screen, then back to Idle
};

// What the screens show; everything about the student is cleared on Idle.
struct ScreenModel {
  State state = State::Idle;
  std::string student_name;
  std::string masked_id;          // 370303********123X
  std::string student_number;
  std::string level;
  int attempts = 0;               // attempts in this visit
  int retake_limit = 0;
  std::optional<bool> last_pass;  // verdict of the last capture
  std::vector<std::string> last_reasons_zh, last_reasons_en;
  std::optional<SequenceNumber> number;  // assigned (or existing) number
  bool already_photographed = false;
  SupervisorReason supervisor = SupervisorReason::None;  // != None: waiting for the supervisor
  std::string fault_zh, fault_en;
  int countdown_left_s = 0;
  int numbers_left = 0;
  State paused_from = State::Idle;
};

class Workflow {
public:
  explicit Workflow(WorkflowOptions opts = {});

  Transition handle(const Event &e);

  State state() const { return view_.state; }
  const ScreenModel &view() const { return view_; }
  const WorkflowOptions &options() const { return opts_; }
  // The card's ID number of the student in front of the booth (full, for the host; never shown).
  const std::string &current_id_number() const { return id_number_; }
  std::optional<AttemptId> pending_attempt() const { return attempt_; }

private:
  Transition on_idle(const Event &e, Transition t);
  void go(Transition &t, State to);
  void forget();

  WorkflowOptions opts_;
  ScreenModel view_;
  std::string id_number_;
  std::string card_name_;
  Gender card_gender_ = Gender::Unknown;
  std::optional<AttemptId> attempt_;
  bool attempt_pass_ = false;
  Decision override_;                 // the supervisor's decision that unblocked this visit
  bool retake_granted_ = false;       // supervisor allowed more attempts / a retake of a numbered student
  Clock::time_point now_{};
  Clock::time_point last_activity_{};
  Clock::time_point state_since_{};
};

} // namespace gradbooth::core
