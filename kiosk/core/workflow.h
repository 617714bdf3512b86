// The booth as an explicit state machine (DESIGN.md): a table of states and events a test can drive.
// It never calls a device, the analyzer or the store: the host (ui/daemon) feeds results in as events
// and carries out the returned actions. Time only moves through Tick{now}.
//
//   Idle ─CardPlaced→ CardRead ─RosterLookup(ok)→ LiveView ─IdentityConfirmed→ (live) ─StartCountdown→
//   Countdown ─(tick)→ Capturing ─CaptureDone→ Review ─StudentAccept→ (AcceptDone) Done ─(tick / CardRemoved)→ Idle
//   Review ─StudentRetake→ LiveView (until the retake limit, then the supervisor decides)
//   CardRead / LiveView (identity not yet confirmed) ─IdentityRejected ("not me")→ Idle
//   any ─DeviceFault→ Fault ─DeviceRecovered→ where the visit was (the visit survives a device fault)
//   any but Fault ─SupervisorPause→ Paused ─SupervisorResume→ Idle
//
// The workflow owns the whole visit, the student's identity confirmation included: the host never
// keeps a gate of its own. Supervisor decisions (override, force retake, skip, void, pause, resume)
// are events whose outcome comes back as a DecisionOutcome: applied, refused by the state, or
// refused by the store. A decision that writes to the store is applied at once and its writes come
// first in the action list; the host carries them out in order, stops at the first refusal and
// answers StoreDone / StoreRefused, on which the workflow keeps the decision or puts everything
// back as it was before it.
#pragma once

#include "id_number.h"
#include "idcard/card_identity.h"
#include "roster.h"
#include "store.h"

#include <gradbooth/bilingual.h>
#include <gradbooth/result.h>

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
// The camera's live view runs in these states (it is stopped when the visit leaves them).
inline bool live_view_running(State s) { return s == State::LiveView || s == State::Countdown; }
// Whether the name read from the card is the roster's name (see workflow.cpp for permit cards).
bool card_name_matches_roster(std::string_view roster_name, const idcard::CardName &card_name);

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
struct CardPlaced {
  idcard::CardName name;
  Gender gender = Gender::Unknown;
  std::string id_number;
};
struct CardRemoved {};
// Host's answer to LookupStudent: the roster row (if any), the live number (if any), numbers left.
struct RosterLookup {
  std::optional<RosterEntry> entry;
  std::optional<SequenceNumber> existing_number;
  int numbers_left = 0;
};
// A live-view frame was shown (resets the idle timer)
struct Frame {
  bool guidance_ok = false;
};
struct StartCountdown {};  // student pressed "take photo" (or guidance held steady)
// Host's result of TriggerCapture → analysis → store.record_attempt.
struct CaptureDone {
  bool ok = false;  // false: camera error / no photo
  AttemptId attempt = 0;
  bool pass = false;                    // all hard checks passed
  std::vector<std::string> reasons_zh;  // failing reasons for the review screen
  std::vector<std::string> reasons_en;
  Error error;  // when !ok
};
struct StudentAccept {};
struct StudentRetake {};
// Host's result of AcceptAttempt
struct AcceptDone {
  SequenceNumber number;
};
struct AcceptFailed {
  Error error;
};
// Supervisor: allow what stopped the flow (mismatch, failed checks, retake limit, a retake of an
// already-photographed student); carries who/why into the audit log.
struct SupervisorOverride {
  Decision decision;
};
// Send the student away without a photo
struct SupervisorSkip {
  Decision decision;
};
// Supervisor: send the student under review back to the camera (beyond the retake limit too).
struct SupervisorRetake {
  Decision decision;
};
// No number (nothing accepted yet) is refused by the workflow; a number that is not live, by the store.
struct SupervisorVoid {
  std::optional<SequenceNumber> number;
  Decision decision;
};
// The student tapped "this is me" on the identity screen.
struct IdentityConfirmed {};
// "Not me": the card holder says the details read from the card and the roster are not theirs.
// Only before the first countdown (CardRead / LiveView); ends the visit like a skip, but on file
// as the card holder's own decision, never as a supervisor's.
struct IdentityRejected {};
struct SupervisorPause {};
struct SupervisorResume {};
struct DeviceFault {
  std::string device;
  Error error;
};
struct DeviceRecovered {
  std::string device;
};
struct Tick {
  Clock::time_point now;
};
// The host's answer to a decision's store writes (Transition::awaits_store).
struct StoreDone {};
struct StoreRefused {
  Error error;
};

using Event =
    std::variant<CardPlaced, CardRemoved, RosterLookup, Frame, StartCountdown, CaptureDone, StudentAccept, StudentRetake, AcceptDone,
                 AcceptFailed, SupervisorOverride, SupervisorSkip, SupervisorVoid, SupervisorPause, SupervisorResume, DeviceFault,
                 DeviceRecovered, Tick, IdentityRejected, IdentityConfirmed, SupervisorRetake, StoreDone, StoreRefused>;

// ---- actions (the host carries these out) -----------------------------------------------------
// → store.find_student/number_of/numbers_left → RosterLookup
struct LookupStudent {
  std::string id_number;
};
struct RecordCardRead {
  CardReadRecord read;
};
struct StartLiveView {};
struct StopLiveView {};
struct TriggerCapture {};  // → camera → analyzer → store.record_attempt → CaptureDone
// → store.accept → AcceptDone/AcceptFailed
struct AcceptAttempt {
  AttemptId attempt;
  Decision decision;
};
// → store.reject
struct RejectAttempt {
  AttemptId attempt;
  Decision decision;
};
struct RecordOverride {
  std::string kind;
  std::string id_number;
  Decision decision;
};
struct SkipStudent {
  std::string id_number;
  Decision decision;
};
struct VoidNumber {
  SequenceNumber number;
  Decision decision;
};
struct CallSupervisor {
  SupervisorReason reason;
};
struct ClearScreen {};  // forget everything shown about the student

using Action = std::variant<LookupStudent, RecordCardRead, StartLiveView, StopLiveView, TriggerCapture, AcceptAttempt, RejectAttempt,
                            RecordOverride, SkipStudent, VoidNumber, CallSupervisor, ClearScreen>;

// What became of a supervisor decision, in both languages: the panel shows exactly this.
enum class DecisionStatus { Applied, RefusedByState, RefusedByStore, Pending };
const char *decision_status_name(DecisionStatus s);  // applied, refused_state, refused_store, pending
struct DecisionOutcome {
  std::string decision;  // override, force_retake, skip, void, pause, resume
  DecisionStatus status = DecisionStatus::Pending;
  std::string text_zh, text_en;
  std::string code;  // why it was refused: "workflow.*" or the store's error code
  bool applied() const { return status == DecisionStatus::Applied; }
};

struct Transition {
  State from = State::Idle;
  State to = State::Idle;
  std::vector<Action> actions;
  bool ignored = false;  // the event means nothing in this state
  // The actions start with a decision's store writes: answer StoreDone, or StoreRefused at the
  // first refusal (and skip the actions after it).
  bool awaits_store = false;
  std::optional<DecisionOutcome> outcome;  // set for supervisor decisions and the store's answers
};

// Who and why on file when the card holder rejects the identity shown ("not me").
inline constexpr const char *kCardHolder = "card holder";
inline constexpr const char *kIdentityRejected = "identity rejected by the card holder";

struct WorkflowOptions {
  int retake_limit = 3;                   // [booth].retake_limit
  std::chrono::seconds idle_timeout{90};  // [booth].idle_timeout_s
  std::chrono::seconds countdown{3};      // [ui].countdown_s
  std::chrono::seconds done_display{8};   // Done screen, then back to Idle
};

// What the screens show; everything about the student is cleared on Idle.
struct ScreenModel {
  State state = State::Idle;
  std::string student_name;
  std::string masked_id;  // 370303********123X
  std::string student_number;
  std::string level;
  int attempts = 0;  // attempts in this visit
  int retake_limit = 0;
  std::optional<bool> last_pass;  // verdict of the last capture
  std::vector<std::string> last_reasons_zh, last_reasons_en;
  std::optional<SequenceNumber> number;  // assigned (or existing) number
  bool already_photographed = false;
  SupervisorReason supervisor = SupervisorReason::None;  // != None: waiting for the supervisor
  Bilingual fault;                                       // what the fault screen says
  int countdown_left_s = 0;
  int numbers_left = 0;
  State paused_from = State::Idle;
  bool identity_confirmed = false;  // the student said "this is me" (or the supervisor vouched)
  bool rejected_notice = false;     // "not me" ended the last visit: the welcome screen says what to do
};

class Workflow {
public:
  explicit Workflow(WorkflowOptions opts = {});
  Workflow(const Workflow &) = delete;
  Workflow &operator=(const Workflow &) = delete;

  Transition handle(const Event &e);

  State state() const { return v_.view.state; }
  const ScreenModel &view() const { return v_.view; }
  const WorkflowOptions &options() const { return opts_; }
  // The card's ID number of the student in front of the booth (full, for the host; never shown).
  const std::string &current_id_number() const { return v_.id_number; }
  std::optional<AttemptId> pending_attempt() const { return v_.attempt; }
  // The last supervisor decision's outcome (final once the host answered the store writes).
  const std::optional<DecisionOutcome> &last_outcome() const { return outcome_; }

private:
  // Everything a decision may change, so a store refusal puts it back.
  struct Visit {
    ScreenModel view;
    std::string id_number;
    idcard::CardName card_name;
    Gender card_gender = Gender::Unknown;
    std::optional<AttemptId> attempt;
    bool attempt_pass = false;
    Decision override_decision;     // the supervisor's decision that unblocked this visit
    int allowed_attempts = 0;       // attempts before the supervisor decides (grows when they grant more)
    State resume_to = State::Idle;  // where a device fault's recovery returns
  };

  Transition on_idle(const Event &e, Transition t);
  Transition on_decision(const Event &e, Transition t);
  Transition on_answer(const Event &e, Transition t);
  Transition on_fault(const Event &e, Transition t);
  void go(Transition &t, State to);
  void forget();
  // A decision refused by the state: nothing changes.
  Transition refuse(Transition t, const char *decision, const char *code, std::string zh, std::string en);
  // A decision applied; with store writes the host must answer before it is final.
  Transition apply(Transition t, const char *decision, std::string zh, std::string en);
  // The store refused the pending decision's writes: everything goes back as it was before it.
  void undo_decision(Transition &t, const Error &why);
  // What the booth shows while a device or the store is in the way.
  void show_fault(const Error &e);

  WorkflowOptions opts_;
  Visit v_;
  std::optional<Visit> before_decision_;    // put back when the store refuses the decision
  std::optional<DecisionOutcome> pending_;  // reported once the store took the decision's writes
  std::optional<DecisionOutcome> outcome_;
  Clock::time_point now_{};
  Clock::time_point last_activity_{};
  Clock::time_point state_since_{};
};

}  // namespace gradbooth::core
