// The booth's state machine, driven by events alone (no GTK, no devices, no store).
#include <core/workflow.h>

#include <doctest/doctest.h>

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
  void to_live_view(std::optional<SequenceNumber> existing = std::nullopt) {
    auto t = on(CardPlaced{"张伟", Gender::Male, kId});
    REQUIRE(wf.state() == State::CardRead);
    REQUIRE(get<LookupStudent>(t));
    CHECK(get<LookupStudent>(t)->id_number == kId);
    on(RosterLookup{student(), existing, 100});
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
    return on(CaptureDone{true, id, pass, pass ? std::vector<std::string>{} : std::vector<std::string>{"请摆正头部"}, {}, {}, {}});
  }
};

} // namespace

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
  b.on(CardPlaced{"路人", Gender::Female, kId});
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
  b.to_live_view();
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
  b.on(CardPlaced{"张伟", Gender::Male, kId});
  REQUIRE(b.wf.state() == State::CardRead);
  t = b.on(IdentityRejected{});
  CHECK(b.wf.state() == State::Idle);
  CHECK_FALSE(has<StopLiveView>(t));
  REQUIRE(get<SkipStudent>(t));

  // Once the countdown ran, only the supervisor can send the student away.
  b.to_live_view();
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
  b.on(CardPlaced{"张 伟", Gender::Male, kId});
  b.on(RosterLookup{student(), std::nullopt, 100});
  CHECK(b.wf.view().supervisor == SupervisorReason::NameMismatch);
  CHECK(b.wf.state() == State::CardRead);
  auto t = b.on(SupervisorOverride{{"王老师", "space in the roster name"}});
  REQUIRE(get<RecordOverride>(t));
  CHECK(get<RecordOverride>(t)->decision.who == "王老师");
  CHECK(b.wf.state() == State::LiveView);
  CHECK(has<StartLiveView>(t));

  Booth g;
  g.on(CardPlaced{"张伟", Gender::Female, kId});
  g.on(RosterLookup{student(), std::nullopt, 100});
  CHECK(g.wf.view().supervisor == SupervisorReason::GenderMismatch);
}

TEST_CASE("retake limit: then the supervisor decides, and may grant more attempts") {
  WorkflowOptions o;
  o.retake_limit = 2;
  Booth b(o);
  b.to_live_view();
  b.shoot(false, 1);
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
  t = b.on(SupervisorOverride{{"王老师", "one more"}});
  CHECK(b.wf.state() == State::LiveView);
  REQUIRE(get<RecordOverride>(t));
  CHECK(get<RecordOverride>(t)->kind == "retake_limit");
}

TEST_CASE("a failing photo cannot be accepted by the student, only by a supervisor override") {
  Booth b;
  b.to_live_view();
  b.shoot(false, 7);
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
  b.on(CardPlaced{"张伟", Gender::Male, kId});
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
  b.on(CardPlaced{"张伟", Gender::Male, kId});
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

TEST_CASE("device fault and pause work from any state; recovery/resume return to idle") {
  Booth b;
  b.to_live_view();
  auto t = b.on(DeviceFault{"camera", "相机已断开", "camera disconnected"});
  CHECK(b.wf.state() == State::Fault);
  CHECK(b.wf.view().fault_zh == "相机已断开");
  CHECK(has<StopLiveView>(t));
  CHECK(b.on(CardPlaced{"张伟", Gender::Male, kId}).ignored);
  b.on(DeviceRecovered{"camera"});
  CHECK(b.wf.state() == State::Idle);

  b.to_live_view();
  b.on(SupervisorPause{});
  CHECK(b.wf.state() == State::Paused);
  CHECK(b.on(CardPlaced{"张伟", Gender::Male, kId}).ignored);
  b.on(SupervisorResume{});
  CHECK(b.wf.state() == State::Idle);
}

TEST_CASE("a failed capture is not counted as an attempt") {
  Booth b;
  b.to_live_view();
  b.on(StartCountdown{});
  b.tick(3s);
  REQUIRE(b.wf.state() == State::Capturing);
  CaptureDone fail;
  fail.ok = false;
  fail.error_zh = "对焦失败";
  b.on(fail);
  CHECK(b.wf.state() == State::LiveView);
  CHECK(b.wf.view().attempts == 0);
  CHECK(b.wf.view().fault_zh == "对焦失败");
}

TEST_CASE("accept failing in the store (range full) calls the supervisor") {
  Booth b;
  b.to_live_view();
  b.shoot(true, 4);
  b.on(StudentAccept{});
  auto t = b.on(AcceptFailed{"序号已用完", "range full", "store.range_full"});
  CHECK(b.wf.state() == State::Review);
  CHECK(b.wf.view().supervisor == SupervisorReason::RangeFull);
  CHECK(get<CallSupervisor>(t));
}

TEST_CASE("supervisor void emits the action and clears the shown number") {
  Booth b;
  b.to_live_view();
  b.shoot(true, 4);
  b.on(StudentAccept{});
  b.on(AcceptDone{SequenceNumber{8}});
  auto t = b.on(SupervisorVoid{SequenceNumber{8}, {"王老师", "wrong student"}});
  REQUIRE(get<VoidNumber>(t));
  CHECK(get<VoidNumber>(t)->number.value == 8);
  CHECK_FALSE(b.wf.view().number);
}

TEST_CASE("a permit card's Chinese or English name matches the roster; anything else does not") {
  CHECK(card_name_matches_roster("张伟", "张伟"));
  CHECK(card_name_matches_roster("李安娜", "李安娜 (ANNA LI)"));
  CHECK(card_name_matches_roster("Anna  li", "李安娜 (ANNA LI)"));
  CHECK(card_name_matches_roster("ANNA LI", "ANNA LI"));
  CHECK_FALSE(card_name_matches_roster("张 伟", "张伟"));
  CHECK_FALSE(card_name_matches_roster("李安", "李安娜 (ANNA LI)"));
  CHECK_FALSE(card_name_matches_roster("ANNA", "李安娜 (ANNA LI)"));
  CHECK_FALSE(card_name_matches_roster("", "李安娜 ()"));

  Booth b;
  b.on(CardPlaced{"张伟 (ZHANG WEI)", Gender::Male, kId});
  b.on(RosterLookup{student(), std::nullopt, 100});
  CHECK(b.wf.view().supervisor != SupervisorReason::NameMismatch);
}
