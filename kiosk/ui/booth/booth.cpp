#include "booth/booth.h"

#include <type_traits>
#include <utility>

namespace gradbooth::ui {

using namespace gradbooth::core;

namespace {

template <class... Ts> struct overloaded : Ts... {
  using Ts::operator()...;
};
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

} // namespace

Booth::Booth(WorkflowOptions opts, Store &store, Ports ports)
    : wf_(opts), store_(store), ports_(std::move(ports)) {}

// Events are queued so an action that produces an event (lookup → RosterLookup) never
// re-enters the workflow while it is still handling the previous one.
void Booth::handle(Event e, bool notify) {
  pending_.push_back(std::move(e));
  if (handling_) return;
  handling_ = true;
  while (!pending_.empty()) {
    Event next = std::move(pending_.front());
    pending_.pop_front();
    Transition t = wf_.handle(next);
    if (t.to == State::Idle && t.from != State::Idle) {
      identity_ = IdentityGate::Pending;
      review_ = {};
      analyzing_ = false;
      ++capture_generation_;
      card_.reset();
    }
    for (const auto &a : t.actions) perform(a);
  }
  handling_ = false;
  if (notify && ports_.changed) ports_.changed();
}

void Booth::fail(Error e) { last_error_ = std::move(e); }

void Booth::perform(const Action &action) {
  std::visit(
      overloaded{
          [&](const LookupStudent &a) {
            RosterLookup r;
            auto entry = store_.find_student(a.id_number);
            if (!entry) fail(entry.error());
            else r.entry = *entry;
            auto number = store_.number_of(a.id_number);
            if (number) r.existing_number = *number;
            auto left = store_.numbers_left();
            r.numbers_left = left ? *left : 0;
            handle(r);
          },
          [&](const RecordCardRead &a) {
            if (auto s = store_.record_card_read(a.read); !s) fail(s.error());
          },
          [&](const StartLiveView &) {
            if (ports_.set_liveview) ports_.set_liveview(true);
          },
          [&](const StopLiveView &) {
            if (ports_.set_liveview) ports_.set_liveview(false);
          },
          [&](const TriggerCapture &) {
            ++capture_generation_;
            review_ = {};
            if (ports_.request_capture) ports_.request_capture();
          },
          [&](const AcceptAttempt &a) {
            auto n = store_.accept(a.attempt, a.decision);
            if (n) {
              handle(AcceptDone{*n});
            } else {
              fail(n.error());
              handle(AcceptFailed{n.error().message_zh, n.error().message_en, n.error().code});
            }
          },
          [&](const RejectAttempt &a) {
            if (auto s = store_.reject(a.attempt, a.decision); !s) fail(s.error());
          },
          [&](const RecordOverride &a) {
            if (auto s = store_.record_override(a.kind, a.id_number, a.decision); !s) fail(s.error());
          },
          [&](const SkipStudent &a) {
            if (auto s = store_.skip_student(a.id_number, a.decision); !s) fail(s.error());
          },
          [&](const VoidNumber &a) {
            if (auto s = store_.void_number(a.number, a.decision); !s) fail(s.error());
          },
          [&](const CallSupervisor &) {},  // the view's `supervisor` field carries it
          [&](const ClearScreen &) {
            review_ = {};
            identity_ = IdentityGate::Pending;
          },
      },
      action);
}

void Booth::card_placed(CardHolder card) {
  identity_ = IdentityGate::Pending;
  rejected_notice_ = false;
  auto previous = std::move(card_);
  card_ = card;
  handle(CardPlaced{card.name, card.gender, card.roster_id});
  // The workflow ignores a card while another visit is on: keep showing that visit's card.
  if (wf_.current_id_number() != normalize_id_number(card.roster_id)) card_ = std::move(previous);
}

void Booth::card_placed(std::string name, Gender gender, std::string id_number) {
  CardHolder c;
  c.name = std::move(name);
  c.gender = gender;
  c.roster_id = std::move(id_number);
  c.card_type = "resident";
  card_placed(std::move(c));
}

void Booth::card_removed() { handle(CardRemoved{}); }

void Booth::frame_shown(bool guidance_ready) {
  // Frames only count as activity once the student is past the identity screen: a student
  // who walks away from it is forgotten after the idle timeout.
  if (identity_ != IdentityGate::Confirmed) return;
  if (wf_.state() != State::LiveView) return;
  Transition t = wf_.handle(Frame{guidance_ready});
  (void)t;  // a frame never changes the state; no redraw of the screens needed
}

void Booth::capture_finished(Result<std::vector<std::uint8_t>> original) {
  if (wf_.state() != State::Capturing) return;  // the student left meanwhile
  if (!original) {
    fail(original.error());
    CaptureDone d;
    d.ok = false;
    d.error_zh = original.error().message_zh;
    d.error_en = original.error().message_en;
    handle(d);
    return;
  }
  analyzing_ = true;
  if (ports_.changed) ports_.changed();
  const int generation = capture_generation_;
  auto bytes = std::make_shared<std::vector<std::uint8_t>>(std::move(*original));
  ports_.analyze(*bytes, [this, generation, bytes](Result<CaptureVerdict> verdict) {
    if (generation != capture_generation_ || wf_.state() != State::Capturing) return;
    analyzing_ = false;
    CaptureDone d;
    if (!verdict) {
      fail(verdict.error());
      d.ok = false;
      d.error_zh = verdict.error().message_zh;
      d.error_en = verdict.error().message_en;
      handle(d);
      return;
    }
    AttemptInput in;
    in.id_number = wf_.current_id_number();
    in.original_jpeg = *bytes;
    in.spec_jpeg = verdict->spec_jpeg;
    in.measures_json = verdict->measures_json;
    in.crop_json = verdict->crop_json;
    in.pass = verdict->pass && !verdict->spec_jpeg.empty();
    for (const auto &c : verdict->checks) {
      if (c.pass) continue;
      in.failed_checks.push_back(c.id);
      if (in.reason_zh.empty()) in.reason_zh = c.reason_zh;
      d.reasons_zh.push_back(c.reason_zh);
      d.reasons_en.push_back(c.reason_en);
    }
    auto attempt = store_.record_attempt(in);
    if (!attempt) {
      fail(attempt.error());
      d.ok = false;
      d.error_zh = attempt.error().message_zh;
      d.error_en = attempt.error().message_en;
      handle(d);
      return;
    }
    review_.cropped = !verdict->spec_jpeg.empty();
    review_.photo_jpeg = review_.cropped ? verdict->spec_jpeg : *bytes;
    review_.checks = verdict->checks;
    review_.pass = in.pass;
    d.ok = true;
    d.attempt = *attempt;
    d.pass = in.pass;
    handle(d);
  });
}

void Booth::device_fault(std::string device, std::string zh, std::string en) {
  handle(DeviceFault{std::move(device), std::move(zh), std::move(en)});
}

void Booth::device_recovered(std::string device) { handle(DeviceRecovered{std::move(device)}); }

void Booth::tick(Clock::time_point now) {
  const State before = wf_.state();
  const int left = wf_.view().countdown_left_s;
  handle(Tick{now}, /*notify=*/false);
  // Redraw only when the tick changed something visible (ticks come every 100 ms).
  if ((wf_.state() != before || wf_.view().countdown_left_s != left) && ports_.changed) ports_.changed();
}

void Booth::confirm_identity() {
  if (wf_.state() != State::LiveView || identity_ != IdentityGate::Pending) return;
  identity_ = IdentityGate::Confirmed;
  handle(Frame{false});  // the student is active: restart the idle timer
}

void Booth::reject_identity() {
  if (identity_ != IdentityGate::Pending) return;
  if (wf_.state() != State::LiveView && wf_.state() != State::CardRead) return;
  // The card holder says the details are not theirs: the workflow ends the visit (on file as
  // their own decision) and the welcome screen tells them to take the card to the photographer.
  handle(IdentityRejected{}, /*notify=*/false);
  identity_ = IdentityGate::Rejected;
  rejected_notice_ = true;
  if (ports_.changed) ports_.changed();
}

void Booth::shoot() {
  if (identity_ != IdentityGate::Confirmed) return;
  handle(StartCountdown{});
}

void Booth::accept() {
  if (!review_.pass) return;  // the button is disabled; a D-Bus call must not bypass it
  handle(StudentAccept{});
}

void Booth::retake() { handle(StudentRetake{}); }

Status Booth::override_accept(const std::string &who, const std::string &reason) {
  if (reason.empty()) return make_error("ui.reason_required", "A reason is required", "请填写原因");
  // A failed photo: the student's accept is disabled, so the photographer's override stands
  // for it (the workflow asks for the supervisor, who then decides in the same breath).
  if (wf_.state() == State::Review && view().supervisor == SupervisorReason::None && !review_.pass)
    handle(StudentAccept{}, false);
  handle(SupervisorOverride{Decision{who, reason}});
  // The photographer has just checked who this is: no identity screen after an override.
  if (wf_.state() == State::LiveView) identity_ = IdentityGate::Confirmed;
  if (ports_.changed) ports_.changed();
  return {};
}

Status Booth::force_retake(const std::string &who, const std::string &reason) {
  if (wf_.state() != State::Review) return make_error("ui.not_in_review", "Nothing to retake", "当前没有可重拍的照片");
  if (auto a = wf_.pending_attempt())
    if (auto s = store_.reject(*a, Decision{who, reason}); !s) return s;
  handle(StudentRetake{});
  return {};
}

Status Booth::void_number(int number, const std::string &who, const std::string &reason) {
  if (reason.empty()) return make_error("ui.reason_required", "A reason is required", "请填写原因");
  handle(SupervisorVoid{SequenceNumber{number}, Decision{who, reason}});
  return {};
}

Status Booth::skip_student(const std::string &who, const std::string &reason) {
  if (reason.empty()) return make_error("ui.reason_required", "A reason is required", "请填写原因");
  handle(SupervisorSkip{Decision{who, reason}});
  return {};
}

void Booth::pause() { handle(SupervisorPause{}); }
void Booth::resume() { handle(SupervisorResume{}); }

std::string Booth::screen_name() const {
  switch (wf_.state()) {
  case State::Idle: return "welcome";
  case State::CardRead: return "wait";
  case State::LiveView:
    if (view().supervisor != SupervisorReason::None) return "wait";
    return identity_ == IdentityGate::Confirmed ? "live" : "identity";
  case State::Countdown: return "countdown";
  case State::Capturing: return "capturing";
  case State::Review: return "review";
  case State::Done: return "done";
  case State::Fault: return "fault";
  case State::Paused: return "paused";
  }
  return "welcome";
}

} // namespace gradbooth::ui
