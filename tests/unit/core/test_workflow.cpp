// The booth's state machine, driven by events alone (no GTK, no devices, no store).
#include <core/workflow.h>

#include <doctest/doctest.h>

#include <functional>

using namespace gradbooth::core;
using namespace std::chrono_literals;

namespace {

const std::string kId = std::string("37030320000315121") + id_number_check_char("37030320000315121");

RosterEntry student() {
  RosterEntry e;
  e.student_number = "2024001";
  e.name = "张伟";
  e.gender = Gender::Male;
  e.id_number = kId;
  e.level = "成人专科";
  return e;
}

template <class A> bool has(const Transition &t) {
  for (const auto &a : t.actions)
    if (std::holds_alternative<A>(a)) return true;
  return false;
}
template <class A> const A *get(const Transition &t) {
  for (const auto &a : t.actions)
    if (const auto *p = std::get_if<A>(&a)) return p;
  return nullptr;
}

struct Booth {
  Workflow wf;
  Clock::time_point now = Clock::time_point{} + 1000s;
  explicit Booth(WorkflowOptions o = {}) : wf(o) { tick(0s); }
  Transition tick(std::chrono::milliseconds d) {
    now += d;
    return wf.handle(Tick{now});
  }
  Transition on(const Event &e) { return wf.handle(e); }
  // Card → roster match → live view.
  // The student confirms who they are unless `confirm` is false (the identity screen stays).
  void to_live_view(std::optional<SequenceNumber> existing = std::nullopt, bool confirm = true) {
    auto t = on(CardPlaced{{"张伟"}, Gender::Male, kId});
    REQUIRE(wf.state() == State::CardRead);
    REQUIRE(get<LookupStudent>(t));
    CHECK(get<LookupStudent>(t)->id_number == kId);
    on(RosterLookup{student(), existing, 100});
    if (confirm && wf.state() == State::LiveView) on(IdentityConfirmed{});
  }
  // A card whose name differs from the roster's ("张 伟"), allowed by the supervisor.
  void mismatch_allowed() {
    on(CardPlaced{{"张 伟"}, Gender::Male, kId});
    on(RosterLookup{student(), std::nullopt, 100});
    on(SupervisorOverride{{"王老师", "checked"}});
    on(StoreDone{});
  }
  // Countdown run out: the camera is capturing.
  void to_capturing() {
    on(StartCountdown{});
    tick(3s);
    REQUIRE(wf.state() == State::Capturing);
  }
  // Countdown → capture → review with the given verdict.
  Transition shoot(bool pass, AttemptId id) {
    on(StartCountdown{});
    REQUIRE(wf.state() == State::Countdown);
    tick(1s);
    CHECK(wf.view().countdown_left_s == 2);
    auto t = tick(2s);
    REQUIRE(wf.state() == State::Capturing);
    REQUIRE(has<TriggerCapture>(t));
    return on(CaptureDone{true, id, pass, pass ? std::vector<std::string>{} : std::vector<std::string>{"请摆正头部"}, {}, {}});
  }
};

WorkflowOptions retake_limit(int attempts) {
  WorkflowOptions o;
  o.retake_limit = attempts;
  return o;
}

// A booth whose student's attempt `id` (passing or not) is under review.
struct InReview : Booth {
  InReview(bool pass, AttemptId id, WorkflowOptions o = {}) : Booth(o) {
    to_live_view();
    shoot(pass, id);
  }
};

// A booth allowing one attempt, whose failing attempt `id` is under review and the student's
// retake called the supervisor.
struct AtRetakeLimit : Booth {
  explicit AtRetakeLimit(AttemptId id) : Booth(retake_limit(1)) {
    to_live_view();
    shoot(false, id);
    on(StudentRetake{});
    REQUIRE(wf.view().supervisor == SupervisorReason::RetakeLimit);
  }
};

}  // namespace

TEST_CASE("happy path: card, roster match, countdown, capture, accept, number, back to idle") {
  Booth b;
  b.to_live_view();
  CHECK(b.wf.state() == State::LiveView);
  CHECK(b.wf.view().student_name == "张伟");
  CHECK(b.wf.view().student_number == "2024001");
  CHECK(b.wf.view().level == "成人专科");
  CHECK(b.wf.view().masked_id.find("********") != std::string::npos);
  auto t = b.shoot(true, 11);
  CHECK(b.wf.state() == State::Review);
  CHECK(b.wf.view().attempts == 1);
  CHECK(b.wf.view().last_pass == true);
  t = b.on(StudentAccept{});
  REQUIRE(get<AcceptAttempt>(t));
  CHECK(get<AcceptAttempt>(t)->attempt == 11);
  b.on(AcceptDone{SequenceNumber{42}});
  CHECK(b.wf.state() == State::Done);
  REQUIRE(b.wf.view().number);
  CHECK(b.wf.view().number->text() == "0042");
  t = b.tick(10s);
  CHECK(b.wf.state() == State::Idle);
  CHECK(has<ClearScreen>(t));
  CHECK(b.wf.view().student_name.empty());
  CHECK_FALSE(b.wf.view().number);
}

TEST_CASE("card not on the roster: the supervisor decides; override cannot number them, skip sends them away") {
  Booth b;
  b.on(CardPlaced{{"路人"}, Gender::Female, kId});
  auto t = b.on(RosterLookup{std::nullopt, std::nullopt, 100});
  CHECK(b.wf.state() == State::CardRead);
  CHECK(b.wf.view().supervisor == SupervisorReason::NotOnRoster);
  REQUIRE(get<CallSupervisor>(t));
  REQUIRE(get<RecordCardRead>(t));
  CHECK(get<RecordCardRead>(t)->read.outcome == CardReadOutcome::NotOnRoster);
  CHECK(b.on(StartCountdown{}).ignored);
  CHECK(b.on(SupervisorOverride{{"王老师", "looks fine"}}).ignored);
  t = b.on(SupervisorSkip{{"王老师", "not our student"}});
  CHECK(b.wf.state() == State::Idle);
  REQUIRE(get<SkipStudent>(t));
}

TEST_CASE("'not me' ends the visit before the countdown, on file as the card holder's decision") {
  // From the identity screen (live view already warming up).
  Booth b;
  b.to_live_view(std::nullopt, false);
  REQUIRE(b.wf.state() == State::LiveView);
  auto t = b.on(IdentityRejected{});
  CHECK(b.wf.state() == State::Idle);
  CHECK(has<StopLiveView>(t));
  CHECK(has<ClearScreen>(t));
  REQUIRE(get<SkipStudent>(t));
  CHECK(get<SkipStudent>(t)->id_number == kId);
  CHECK(get<SkipStudent>(t)->decision.who == kCardHolder);  // not a supervisor, not empty
  CHECK(get<SkipStudent>(t)->decision.why == kIdentityRejected);
  CHECK(b.wf.view().student_name.empty());
  CHECK(b.wf.current_id_number().empty());

  // While the roster lookup is still pending: no live view to stop.
  b.on(CardPlaced{{"张伟"}, Gender::Male, kId});
  REQUIRE(b.wf.state() == State::CardRead);
  t = b.on(IdentityRejected{});
  CHECK(b.wf.state() == State::Idle);
  CHECK_FALSE(has<StopLiveView>(t));
  REQUIRE(get<SkipStudent>(t));

  // Once the countdown ran, only the supervisor can send the student away.
  b.to_live_view(std::nullopt, false);
  b.on(IdentityConfirmed{});
  b.on(StartCountdown{});
  REQUIRE(b.wf.state() == State::Countdown);
  t = b.on(IdentityRejected{});
  CHECK(t.ignored);
  CHECK(b.wf.state() == State::Countdown);
  CHECK_FALSE(has<SkipStudent>(t));
  // Nothing to reject with no student.
  Booth idle;
  CHECK(idle.on(IdentityRejected{}).ignored);
}

TEST_CASE("name or gender mismatch stops the flow until the supervisor overrides (recorded)") {
  Booth b;
  b.on(CardPlaced{{"张 伟"}, Gender::Male, kId});
  b.on(RosterLookup{student(), std::nullopt, 100});
  CHECK(b.wf.view().supervisor == SupervisorReason::NameMismatch);
  CHECK(b.wf.state() == State::CardRead);
  auto t = b.on(SupervisorOverride{{"王老师", "space in the roster name"}});
  REQUIRE(get<RecordOverride>(t));
  CHECK(get<RecordOverride>(t)->decision.who == "王老师");
  CHECK(b.wf.state() == State::LiveView);
  CHECK(has<StartLiveView>(t));

  Booth g;
  g.on(CardPlaced{{"张伟"}, Gender::Female, kId});
  g.on(RosterLookup{student(), std::nullopt, 100});
  CHECK(g.wf.view().supervisor == SupervisorReason::GenderMismatch);
}

TEST_CASE("retake limit: then the supervisor decides, and may grant more attempts") {
  InReview b(false, 1, retake_limit(2));
  auto t = b.on(StudentRetake{});
  REQUIRE(get<RejectAttempt>(t));
  CHECK(b.wf.state() == State::LiveView);
  b.shoot(false, 2);
  CHECK(b.wf.view().attempts == 2);
  t = b.on(StudentRetake{});
  CHECK(b.wf.state() == State::Review);
  CHECK(b.wf.view().supervisor == SupervisorReason::RetakeLimit);
  REQUIRE(get<CallSupervisor>(t));
  CHECK(b.on(StudentRetake{}).ignored);
  t = b.on(SupervisorRetake{{"王老师", "one more"}});
  CHECK(b.wf.state() == State::LiveView);
  REQUIRE(get<RecordOverride>(t));
  CHECK(get<RecordOverride>(t)->kind == "retake_limit");
}

TEST_CASE("a failing photo cannot be accepted by the student, only by a supervisor override") {
  InReview b(false, 7);
  CHECK(b.wf.view().last_reasons_zh.size() == 1);
  auto t = b.on(StudentAccept{});
  CHECK_FALSE(get<AcceptAttempt>(t));
  CHECK(b.wf.view().supervisor == SupervisorReason::FailedChecks);
  t = b.on(SupervisorOverride{{"王老师", "glasses glare is acceptable"}});
  REQUIRE(get<AcceptAttempt>(t));
  CHECK(get<AcceptAttempt>(t)->decision.who == "王老师");
  b.on(AcceptDone{SequenceNumber{3}});
  CHECK(b.wf.state() == State::Done);
}

TEST_CASE("already photographed: the number is shown; a supervisor retake keeps it") {
  Booth b;
  b.on(CardPlaced{{"张伟"}, Gender::Male, kId});
  auto t = b.on(RosterLookup{student(), SequenceNumber{17}, 0});
  CHECK(b.wf.view().supervisor == SupervisorReason::AlreadyPhotographed);
  REQUIRE(b.wf.view().number);
  CHECK(b.wf.view().number->value == 17);
  CHECK(get<RecordCardRead>(t)->read.outcome == CardReadOutcome::AlreadyPhotographed);
  t = b.on(SupervisorOverride{{"王老师", "blurred"}});
  CHECK(b.wf.state() == State::LiveView);  // numbers_left = 0 does not matter: they keep 0017
  CHECK(get<RecordOverride>(t)->kind == "retake_numbered");
  b.shoot(true, 5);
  t = b.on(StudentAccept{});
  REQUIRE(get<AcceptAttempt>(t));
  CHECK(get<AcceptAttempt>(t)->decision.who == "王老师");
}

TEST_CASE("range full is caught at the card, before any capture") {
  Booth b;
  b.on(CardPlaced{{"张伟"}, Gender::Male, kId});
  b.on(RosterLookup{student(), std::nullopt, 0});
  CHECK(b.wf.state() == State::CardRead);
  CHECK(b.wf.view().supervisor == SupervisorReason::RangeFull);
  CHECK(b.on(StartCountdown{}).ignored);
}

TEST_CASE("idle timeout returns to start and forgets the student") {
  WorkflowOptions o;
  o.idle_timeout = 30s;
  Booth b(o);
  b.to_live_view();
  b.tick(10s);
  b.on(Frame{true});  // activity resets the timer
  b.tick(25s);
  CHECK(b.wf.state() == State::LiveView);
  auto t = b.tick(6s);
  CHECK(b.wf.state() == State::Idle);
  CHECK(has<StopLiveView>(t));
  CHECK(has<ClearScreen>(t));
  CHECK(b.wf.view().student_name.empty());
  CHECK(b.wf.current_id_number().empty());

  Booth r(o);
  r.to_live_view();
  r.shoot(true, 9);
  t = r.tick(31s);
  CHECK(r.wf.state() == State::Idle);
  REQUIRE(get<RejectAttempt>(t));
  CHECK(get<RejectAttempt>(t)->attempt == 9);
}

TEST_CASE("device fault and pause work from any state; resume returns to idle") {
  Booth b;
  auto t = b.on(DeviceFault{"camera", gradbooth::make_error("camera.gone", "camera disconnected", "相机已断开")});
  CHECK(b.wf.state() == State::Fault);
  CHECK(b.wf.view().fault.zh == "相机已断开");
  CHECK(b.on(CardPlaced{{"张伟"}, Gender::Male, kId}).ignored);
  b.on(DeviceRecovered{"camera"});
  CHECK(b.wf.state() == State::Idle);

  b.to_live_view();
  t = b.on(SupervisorPause{});
  CHECK(has<StopLiveView>(t));
  CHECK(b.wf.state() == State::Paused);
  CHECK(b.on(CardPlaced{{"张伟"}, Gender::Male, kId}).ignored);
  b.on(SupervisorResume{});
  CHECK(b.wf.state() == State::Idle);
}

TEST_CASE("a failed capture is not counted as an attempt") {
  Booth b;
  b.to_live_view();
  b.to_capturing();
  CaptureDone fail;
  fail.ok = false;
  fail.error.message_zh = "对焦失败";
  b.on(fail);
  CHECK(b.wf.state() == State::LiveView);
  CHECK(b.wf.view().attempts == 0);
  CHECK(b.wf.view().fault.zh == "对焦失败");
}

TEST_CASE("accept failing in the store (range full) calls the supervisor") {
  InReview b(true, 4);
  b.on(StudentAccept{});
  auto t = b.on(AcceptFailed{gradbooth::make_error("store.range_full", "range full", "序号已用完")});
  CHECK(b.wf.state() == State::Review);
  CHECK(b.wf.view().supervisor == SupervisorReason::RangeFull);
  CHECK(get<CallSupervisor>(t));
}

TEST_CASE("supervisor void emits the action and clears the shown number") {
  InReview b(true, 4);
  b.on(StudentAccept{});
  b.on(AcceptDone{SequenceNumber{8}});
  auto t = b.on(SupervisorVoid{SequenceNumber{8}, {"王老师", "wrong student"}});
  REQUIRE(get<VoidNumber>(t));
  CHECK(get<VoidNumber>(t)->number.value == 8);
  CHECK_FALSE(b.wf.view().number);
}

TEST_CASE("a permit card's Chinese or English name matches the roster; anything else does not") {
  const gradbooth::idcard::CardName permit{"李安娜", "ANNA LI"};
  CHECK(card_name_matches_roster("张伟", {"张伟"}));
  CHECK(card_name_matches_roster("李安娜", permit));
  CHECK(card_name_matches_roster("Anna  li", permit));
  CHECK(card_name_matches_roster("ANNA LI", {"", "ANNA LI"}));
  CHECK_FALSE(card_name_matches_roster("张 伟", {"张伟"}));
  CHECK_FALSE(card_name_matches_roster("李安", permit));
  CHECK_FALSE(card_name_matches_roster("ANNA", permit));
  CHECK_FALSE(card_name_matches_roster("李安娜 (ANNA LI)", permit));  // the shown form is not a name
  CHECK_FALSE(card_name_matches_roster("", {"李安娜"}));

  Booth b;
  b.on(CardPlaced{{"张伟", "ZHANG WEI"}, Gender::Male, kId});
  b.on(RosterLookup{student(), std::nullopt, 100});
  CHECK(b.wf.view().supervisor != SupervisorReason::NameMismatch);
}

// ---- the visit's one owner: identity confirmation ---------------------------------------------

TEST_CASE("identity: no countdown before 'this is me'; live frames are no activity until then") {
  WorkflowOptions o;
  o.idle_timeout = 30s;
  Booth b(o);
  b.on(CardPlaced{{"张伟"}, Gender::Male, kId});
  b.on(RosterLookup{student(), std::nullopt, 100});
  REQUIRE(b.wf.state() == State::LiveView);
  CHECK_FALSE(b.wf.view().identity_confirmed);
  CHECK(b.on(StartCountdown{}).ignored);
  // Frames keep coming while the student walks away from the identity screen.
  for (int i = 0; i < 29; ++i) {
    b.on(Frame{true});
    b.tick(1s);
  }
  b.on(Frame{true});
  auto t = b.tick(1s);
  CHECK(b.wf.state() == State::Idle);
  CHECK(has<ClearScreen>(t));

  b.on(CardPlaced{{"张伟"}, Gender::Male, kId});
  b.on(RosterLookup{student(), std::nullopt, 100});
  CHECK_FALSE(b.on(IdentityConfirmed{}).ignored);
  CHECK(b.wf.view().identity_confirmed);
  CHECK(b.on(IdentityConfirmed{}).ignored);
  // Confirmed: "not me" is no longer the student's to say.
  CHECK(b.on(IdentityRejected{}).ignored);
  CHECK(b.wf.state() == State::LiveView);
  CHECK_FALSE(b.on(StartCountdown{}).ignored);
}

TEST_CASE("identity: 'not me' leaves a notice on the welcome screen until the next card") {
  Booth b;
  b.on(CardPlaced{{"张伟"}, Gender::Male, kId});
  b.on(RosterLookup{student(), std::nullopt, 100});
  b.on(IdentityRejected{});
  CHECK(b.wf.view().rejected_notice);
  b.on(CardPlaced{{"张伟"}, Gender::Male, kId});
  CHECK_FALSE(b.wf.view().rejected_notice);
}

TEST_CASE("identity: the supervisor's override of a mismatch vouches for the student") {
  Booth b;
  b.mismatch_allowed();
  CHECK(b.wf.view().identity_confirmed);
  CHECK_FALSE(b.on(StartCountdown{}).ignored);
}

// ---- supervisor decisions: applied, refused by the state, refused by the store ----------------

namespace {
void check_refused_by_state(const Transition &t, const Workflow &wf, const char *decision, const char *code) {
  CAPTURE(decision);
  REQUIRE(t.outcome);
  CHECK(t.outcome->decision == decision);
  CHECK(t.outcome->status == DecisionStatus::RefusedByState);
  CHECK(t.outcome->code == code);
  CHECK_FALSE(t.outcome->text_zh.empty());
  CHECK_FALSE(t.outcome->text_en.empty());
  CHECK(t.actions.empty());
  CHECK_FALSE(t.awaits_store);
  REQUIRE(wf.last_outcome());
  CHECK(wf.last_outcome()->status == DecisionStatus::RefusedByState);
}
int count_rejects(const Transition &t) {
  int n = 0;
  for (const auto &a : t.actions) n += std::holds_alternative<RejectAttempt>(a);
  return n;
}
}  // namespace

TEST_CASE("decisions refused by the state, one row each") {
  const Decision ok{"王老师", "a reason"};
  struct Row {
    const char *what;
    std::function<void(Booth &)> setup;
    Event decision;
    const char *name;
    const char *code;
  };
  auto idle = [](Booth &) {};
  auto live = [](Booth &b) { b.to_live_view(); };
  auto review_pass = [](Booth &b) {
    b.to_live_view();
    b.shoot(true, 3);
  };
  auto review_fail = [](Booth &b) {
    b.to_live_view();
    b.shoot(false, 3);
  };
  auto not_on_roster = [](Booth &b) {
    b.on(CardPlaced{{"路人"}, Gender::Female, kId});
    b.on(RosterLookup{std::nullopt, std::nullopt, 100});
  };
  auto range_full = [](Booth &b) {
    b.on(CardPlaced{{"张伟"}, Gender::Male, kId});
    b.on(RosterLookup{student(), std::nullopt, 0});
  };
  auto done = [](Booth &b) {
    b.to_live_view();
    b.shoot(true, 3);
    b.on(StudentAccept{});
    b.on(AcceptDone{SequenceNumber{5}});
  };
  auto paused = [](Booth &b) { b.on(SupervisorPause{}); };
  auto fault = [](Booth &b) {
    b.to_live_view();
    b.on(DeviceFault{"camera", gradbooth::make_error("camera.gone", "camera disconnected", "相机已断开")});
  };
  const std::vector<Row> rows = {
      {"override without a reason", review_fail, SupervisorOverride{{"王老师", ""}}, "override", "workflow.reason_required"},
      {"override without a reason, nothing waiting", live, SupervisorOverride{{"王老师", ""}}, "override", "workflow.nothing_to_override"},
      {"void with no number and no reason", done, SupervisorVoid{std::nullopt, {"王老师", ""}}, "void", "workflow.no_number"},
      {"override with nothing waiting", live, SupervisorOverride{ok}, "override", "workflow.nothing_to_override"},
      {"override at the welcome screen", idle, SupervisorOverride{ok}, "override", "workflow.nothing_to_override"},
      {"override of a passing photo", review_pass, SupervisorOverride{ok}, "override", "workflow.photo_passed"},
      {"override of a card not on the roster", not_on_roster, SupervisorOverride{ok}, "override", "workflow.not_on_roster"},
      {"override with no numbers left", range_full, SupervisorOverride{ok}, "override", "workflow.range_full"},
      {"override during a device fault", fault, SupervisorOverride{ok}, "override", "workflow.fault"},
      {"force retake outside the review", live, SupervisorRetake{ok}, "force_retake", "workflow.not_in_review"},
      {"force retake with nobody there", idle, SupervisorRetake{ok}, "force_retake", "workflow.not_in_review"},
      {"force retake without a reason", review_pass, SupervisorRetake{{"王老师", ""}}, "force_retake", "workflow.reason_required"},
      {"skip with nobody there", idle, SupervisorSkip{ok}, "skip", "workflow.no_student"},
      {"skip of a student already done", done, SupervisorSkip{ok}, "skip", "workflow.done"},
      {"skip while paused", paused, SupervisorSkip{ok}, "skip", "workflow.no_student"},
      {"void with no number", done, SupervisorVoid{std::nullopt, ok}, "void", "workflow.no_number"},
      {"void without a reason", done, SupervisorVoid{SequenceNumber{5}, {"王老师", ""}}, "void", "workflow.reason_required"},
      {"pause while paused", paused, SupervisorPause{}, "pause", "workflow.paused"},
      {"pause during a device fault", fault, SupervisorPause{}, "pause", "workflow.fault"},
      {"resume when not paused", live, SupervisorResume{}, "resume", "workflow.not_paused"},
      {"resume during a device fault", fault, SupervisorResume{}, "resume", "workflow.not_paused"},
  };
  for (const auto &row : rows) {
    CAPTURE(row.what);
    Booth b;
    row.setup(b);
    const State before = b.wf.state();
    const ScreenModel view = b.wf.view();
    const auto t = b.on(row.decision);
    check_refused_by_state(t, b.wf, row.name, row.code);
    CHECK(b.wf.state() == before);
    CHECK(b.wf.view().supervisor == view.supervisor);
    CHECK(b.wf.view().number == view.number);
    CHECK(b.wf.current_id_number().size() == (before == State::Idle || before == State::Paused ? 0u : kId.size()));
  }
}

TEST_CASE("override of a mismatch: applied once the store took it; refused by the store, nothing changes") {
  Booth b;
  b.on(CardPlaced{{"张 伟"}, Gender::Male, kId});
  b.on(RosterLookup{student(), std::nullopt, 100});
  auto t = b.on(SupervisorOverride{{"王老师", "space in the roster name"}});
  CHECK(t.awaits_store);
  CHECK(std::holds_alternative<RecordOverride>(t.actions.front()));  // the store write comes first
  REQUIRE(t.outcome);
  CHECK(t.outcome->status == DecisionStatus::Pending);
  t = b.on(StoreRefused{gradbooth::make_error("store.io", "database busy", "数据库忙")});
  REQUIRE(t.outcome);
  CHECK(t.outcome->status == DecisionStatus::RefusedByStore);
  CHECK(t.outcome->code == "store.io");
  CHECK(t.outcome->text_en.find("database busy") != std::string::npos);
  CHECK(t.outcome->text_zh.find("数据库忙") != std::string::npos);
  CHECK(b.wf.state() == State::CardRead);
  CHECK(b.wf.view().supervisor == SupervisorReason::NameMismatch);
  CHECK_FALSE(b.wf.view().identity_confirmed);
  // Tried again, the store takes it.
  b.on(SupervisorOverride{{"王老师", "space in the roster name"}});
  t = b.on(StoreDone{});
  REQUIRE(t.outcome);
  CHECK(t.outcome->status == DecisionStatus::Applied);
  CHECK(b.wf.state() == State::LiveView);
  // An answer nobody waits for means nothing.
  CHECK(b.on(StoreDone{}).ignored);
}

TEST_CASE("override of a failing photo: the supervisor's accept, final with the store's number or refusal") {
  InReview b(false, 7);
  // No student accept is needed first: the override is the photographer's own decision.
  auto t = b.on(SupervisorOverride{{"王老师", "glare is acceptable"}});
  REQUIRE(get<AcceptAttempt>(t));
  CHECK(get<AcceptAttempt>(t)->attempt == 7);
  CHECK(get<AcceptAttempt>(t)->decision.who == "王老师");
  CHECK_FALSE(t.awaits_store);  // AcceptAttempt is answered by AcceptDone / AcceptFailed
  t = b.on(AcceptFailed{
      gradbooth::make_error("store.no_spec_photo", "this shot produced no cropped photo", "这张照片无法裁切成标准照片，请重拍")});
  REQUIRE(t.outcome);
  CHECK(t.outcome->status == DecisionStatus::RefusedByStore);
  CHECK(t.outcome->code == "store.no_spec_photo");
  CHECK(b.wf.state() == State::Review);
  CHECK(b.wf.pending_attempt() == 7);
  b.on(SupervisorOverride{{"王老师", "glare is acceptable"}});
  t = b.on(AcceptDone{SequenceNumber{42}});
  REQUIRE(t.outcome);
  CHECK(t.outcome->status == DecisionStatus::Applied);
  CHECK(t.outcome->text_en.find("0042") != std::string::npos);
  CHECK(b.wf.state() == State::Done);
}

TEST_CASE("force retake below the limit rejects the attempt exactly once") {
  InReview b(false, 1);
  auto t = b.on(SupervisorRetake{{"王老师", "eyes closed"}});
  CHECK(count_rejects(t) == 1);
  CHECK(get<RejectAttempt>(t)->decision.who == "王老师");
  CHECK_FALSE(get<RecordOverride>(t));
  CHECK(t.awaits_store);
  CHECK(b.wf.state() == State::LiveView);
  CHECK(has<StartLiveView>(t));
  CHECK_FALSE(b.wf.pending_attempt());
  t = b.on(StoreDone{});
  CHECK(t.outcome->status == DecisionStatus::Applied);
  CHECK(b.wf.view().identity_confirmed);  // no second identity check on a retake
}

TEST_CASE("force retake at the retake limit: one reject, the grant on file, and a new round of attempts") {
  InReview b(false, 1, retake_limit(2));
  b.on(StudentRetake{});
  b.shoot(false, 2);
  b.on(StudentRetake{});
  REQUIRE(b.wf.view().supervisor == SupervisorReason::RetakeLimit);
  REQUIRE(b.wf.state() == State::Review);
  auto t = b.on(SupervisorRetake{{"王老师", "one more round"}});
  CHECK(count_rejects(t) == 1);
  REQUIRE(get<RecordOverride>(t));
  CHECK(get<RecordOverride>(t)->kind == "retake_limit");
  CHECK(b.wf.state() == State::LiveView);
  CHECK(b.wf.view().supervisor == SupervisorReason::None);
  b.on(StoreDone{});
  CHECK(b.wf.last_outcome()->text_en.find("2 more") != std::string::npos);
  // Two more attempts (the limit again) before the supervisor is called once more.
  b.shoot(false, 3);
  t = b.on(StudentRetake{});
  CHECK(count_rejects(t) == 1);
  b.shoot(false, 4);
  t = b.on(StudentRetake{});
  CHECK(count_rejects(t) == 0);
  CHECK(b.wf.view().supervisor == SupervisorReason::RetakeLimit);
  CHECK(b.wf.view().attempts == 4);
}

TEST_CASE("force retake refused by the store: the photo stays under review, still pending") {
  AtRetakeLimit b(9);
  b.on(SupervisorRetake{{"王老师", "again"}});
  auto t = b.on(StoreRefused{gradbooth::make_error("store.sqlite", "database is locked", "数据库已锁定")});
  CHECK(t.outcome->status == DecisionStatus::RefusedByStore);
  CHECK(b.wf.state() == State::Review);
  CHECK(b.wf.pending_attempt() == 9);
  CHECK(b.wf.view().supervisor == SupervisorReason::RetakeLimit);
  CHECK(b.wf.view().attempts == 1);
}

TEST_CASE("override at the retake limit accepts the photo under review") {
  AtRetakeLimit b(5);
  auto t = b.on(SupervisorOverride{{"王老师", "best we will get"}});
  REQUIRE(get<AcceptAttempt>(t));
  CHECK(get<AcceptAttempt>(t)->attempt == 5);
  CHECK(count_rejects(t) == 0);
}

TEST_CASE("skip: the store's write first; refused by the store, the student stays") {
  InReview b(true, 6);
  auto t = b.on(SupervisorSkip{{"王老师", "left the queue"}});
  REQUIRE(t.actions.size() >= 2);
  CHECK(std::holds_alternative<SkipStudent>(t.actions[0]));
  CHECK(std::holds_alternative<RejectAttempt>(t.actions[1]));
  CHECK(b.wf.state() == State::Idle);
  t = b.on(StoreRefused{gradbooth::make_error("store.sqlite", "database busy", "数据库忙")});
  CHECK(t.outcome->status == DecisionStatus::RefusedByStore);
  CHECK(b.wf.state() == State::Review);
  CHECK(b.wf.pending_attempt() == 6);
  CHECK(b.wf.current_id_number() == kId);
  CHECK(b.wf.view().student_name == "张伟");
}

TEST_CASE("void: applied clears the shown number; refused by the store keeps it") {
  InReview b(true, 4);
  b.on(StudentAccept{});
  b.on(AcceptDone{SequenceNumber{8}});
  auto t = b.on(SupervisorVoid{SequenceNumber{8}, {"王老师", "wrong student"}});
  CHECK(t.awaits_store);
  CHECK_FALSE(b.wf.view().number);
  t = b.on(StoreRefused{gradbooth::make_error("store.no_number", "number 0008 is not assigned", "序号 0008 未被使用或已作废")});
  CHECK(t.outcome->status == DecisionStatus::RefusedByStore);
  CHECK(t.outcome->code == "store.no_number");
  REQUIRE(b.wf.view().number);
  CHECK(b.wf.view().number->value == 8);
  b.on(SupervisorVoid{SequenceNumber{8}, {"王老师", "wrong student"}});
  t = b.on(StoreDone{});
  CHECK(t.outcome->status == DecisionStatus::Applied);
  CHECK(t.outcome->text_en == "Voided 0008");
  CHECK(t.outcome->text_zh == "已作废 0008");
  CHECK_FALSE(b.wf.view().number);
}

TEST_CASE("void of the waiting student's old number: they carry on as a student without a photo") {
  Booth b;
  b.on(CardPlaced{{"张伟"}, Gender::Male, kId});
  b.on(RosterLookup{student(), SequenceNumber{17}, 5});
  REQUIRE(b.wf.view().supervisor == SupervisorReason::AlreadyPhotographed);
  auto t = b.on(SupervisorVoid{SequenceNumber{17}, {"王老师", "photo of someone else"}});
  b.on(StoreDone{});
  CHECK(b.wf.state() == State::LiveView);
  CHECK(has<StartLiveView>(t));
  CHECK(b.wf.view().supervisor == SupervisorReason::None);
  CHECK_FALSE(b.wf.view().already_photographed);
}

TEST_CASE("pause in review rejects the attempt once; resume is applied without the store") {
  InReview b(true, 2);
  auto t = b.on(SupervisorPause{});
  CHECK(count_rejects(t) == 1);
  CHECK(t.awaits_store);
  b.on(StoreDone{});
  CHECK(b.wf.last_outcome()->status == DecisionStatus::Applied);
  t = b.on(SupervisorResume{});
  CHECK_FALSE(t.awaits_store);
  CHECK(t.outcome->status == DecisionStatus::Applied);
  CHECK(b.wf.state() == State::Idle);
}

// ---- a device fault keeps the visit -------------------------------------------------------------

TEST_CASE("camera back after a fault: the student carries on where they were, decisions kept") {
  // Live view after the supervisor allowed a mismatch.
  Booth b;
  b.mismatch_allowed();
  REQUIRE(b.wf.state() == State::LiveView);
  auto t = b.on(DeviceFault{"camera", gradbooth::make_error("camera.gone", "camera disconnected", "相机已断开")});
  CHECK(b.wf.state() == State::Fault);
  CHECK(has<StopLiveView>(t));
  CHECK(b.wf.current_id_number() == kId);
  CHECK(b.on(CardRemoved{}).ignored);
  CHECK(b.on(CardPlaced{{"张 伟"}, Gender::Male, kId}).ignored);
  t = b.on(DeviceRecovered{"camera"});
  CHECK(b.wf.state() == State::LiveView);
  CHECK(has<StartLiveView>(t));
  CHECK(b.wf.view().identity_confirmed);
  CHECK(b.wf.view().supervisor == SupervisorReason::None);  // not asked again
  CHECK(b.wf.view().fault.en.empty());
  b.shoot(true, 12);
  t = b.on(StudentAccept{});
  REQUIRE(get<AcceptAttempt>(t));
  CHECK(get<AcceptAttempt>(t)->decision.who == "王老师");  // the mismatch override still on the accept
}

TEST_CASE("a fault mid-capture loses only the capture; one under review keeps the photo") {
  Booth b;
  b.to_live_view();
  b.to_capturing();
  b.on(DeviceFault{"camera", gradbooth::make_error("camera.gone", "camera disconnected", "相机已断开")});
  b.on(DeviceRecovered{"camera"});
  CHECK(b.wf.state() == State::LiveView);
  CHECK(b.wf.view().attempts == 0);
  b.shoot(false, 3);
  auto t = b.on(DeviceFault{"camera", gradbooth::make_error("camera.gone", "camera disconnected", "相机已断开")});
  CHECK(count_rejects(t) == 0);
  b.on(DeviceRecovered{"camera"});
  CHECK(b.wf.state() == State::Review);
  CHECK(b.wf.pending_attempt() == 3);
}

TEST_CASE("skip during a fault ends the visit; the booth comes back to the welcome screen") {
  InReview b(false, 3);
  b.on(DeviceFault{"camera", gradbooth::make_error("camera.gone", "camera disconnected", "相机已断开")});
  auto t = b.on(SupervisorSkip{{"王老师", "camera broken, come back later"}});
  REQUIRE(get<SkipStudent>(t));
  CHECK(count_rejects(t) == 1);
  CHECK(b.wf.state() == State::Fault);
  CHECK(b.wf.view().fault.en == "camera disconnected");
  CHECK(b.wf.current_id_number().empty());
  b.on(StoreDone{});
  b.on(DeviceRecovered{"camera"});
  CHECK(b.wf.state() == State::Idle);
}

TEST_CASE("a fault on the done screen ends the finished visit") {
  InReview b(true, 3);
  b.on(StudentAccept{});
  b.on(AcceptDone{SequenceNumber{1}});
  b.on(DeviceFault{"camera", gradbooth::make_error("camera.gone", "camera disconnected", "相机已断开")});
  CHECK(b.wf.current_id_number().empty());
  b.on(DeviceRecovered{"camera"});
  CHECK(b.wf.state() == State::Idle);
}
