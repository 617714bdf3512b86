// The booth's state machine. Each state handles the events that mean something there; the rest are
// reported as ignored (the host may log them). Supervisor, pause and fault events work everywhere.
// Supervisor decisions are in workflow_decisions.cpp, the enums' names in workflow_names.cpp.
#include "workflow.h"

#include "error_codes.h"

namespace gradbooth::core {

Workflow::Workflow(WorkflowOptions opts) : opts_(opts) {
  v_.view.retake_limit = opts_.retake_limit;
  v_.allowed_attempts = opts_.retake_limit;
}

void Workflow::go(Transition &t, State to) {
  t.to = to;
  if (v_.view.state != to) state_since_ = now_;
  v_.view.state = to;
}

void Workflow::forget() {
  const int left = v_.view.numbers_left;
  v_ = Visit{};
  v_.view.retake_limit = opts_.retake_limit;
  v_.view.numbers_left = left;
  v_.allowed_attempts = opts_.retake_limit;
}

Transition Workflow::on_idle(const Event &e, Transition t) {
  if (const auto *c = std::get_if<CardPlaced>(&e)) {
    forget();
    v_.id_number = normalize_id_number(c->id_number);
    v_.card_name = c->name;
    v_.card_gender = c->gender;
    v_.view.student_name = c->name.shown();
    v_.view.masked_id = mask_id_number(v_.id_number);
    go(t, State::CardRead);
    t.actions.push_back(LookupStudent{v_.id_number});
    return t;
  }
  t.ignored = true;
  return t;
}

// A device fault keeps the visit: the student is not to blame and the photographer's decisions
// (identity checked, mismatch allowed) still hold. Recovery returns to where the visit was; only
// a capture in flight is lost (it was never an attempt).
Transition Workflow::on_fault(const Event &e, Transition t) {
  const State s = v_.view.state;
  if (const auto *f = std::get_if<DeviceFault>(&e)) {
    show_fault(f->error);
    if (s == State::Fault) return t;
    if (live_view_running(s)) t.actions.push_back(StopLiveView{});
    State back = State::Idle;
    switch (s) {
    case State::CardRead: back = State::CardRead; break;
    case State::LiveView:
    case State::Countdown:
    case State::Capturing: back = State::LiveView; break;
    case State::Review: back = State::Review; break;
    case State::Paused: back = State::Paused; break;
    default: break;
    }
    if (back == State::Idle) {
      Bilingual fault = std::move(v_.view.fault);
      forget();  // nobody, or a finished visit
      v_.view.fault = std::move(fault);
      t.actions.push_back(ClearScreen{});
    }
    v_.view.countdown_left_s = 0;
    v_.resume_to = back;
    go(t, State::Fault);
    return t;
  }
  if (std::holds_alternative<DeviceRecovered>(e) && s == State::Fault) {
    const State back = v_.resume_to;
    v_.resume_to = State::Idle;
    v_.view.fault = {};
    if (back == State::Idle) forget();
    go(t, back);
    if (back == State::LiveView) t.actions.push_back(StartLiveView{});
    return t;
  }
  t.ignored = true;
  return t;
}

Transition Workflow::handle(const Event &e) {
  Transition t;
  t.from = t.to = v_.view.state;
  const State s = v_.view.state;

  if (const auto *tick = std::get_if<Tick>(&e)) {
    now_ = tick->now;
    if (last_activity_ == Clock::time_point{}) last_activity_ = now_;
    if (state_since_ == Clock::time_point{}) state_since_ = now_;
    if (s == State::Countdown) {
      const auto elapsed = now_ - state_since_;
      const auto left = std::chrono::ceil<std::chrono::seconds>(opts_.countdown - elapsed).count();
      v_.view.countdown_left_s = static_cast<int>(left < 0 ? 0 : left);
      if (elapsed >= opts_.countdown) {
        v_.view.countdown_left_s = 0;
        go(t, State::Capturing);
        t.actions.push_back(TriggerCapture{});
      }
      return t;
    }
    if (s == State::Done && now_ - state_since_ >= opts_.done_display) {
      forget();
      go(t, State::Idle);
      t.actions.push_back(ClearScreen{});
      return t;
    }
    // Idle timeout: the student walked away; forget what the screen showed about them.
    const bool waits_for_student = s == State::CardRead || s == State::LiveView || s == State::Review;
    if (waits_for_student && now_ - last_activity_ >= opts_.idle_timeout) {
      if (live_view_running(s)) t.actions.push_back(StopLiveView{});
      if (s == State::Review && v_.attempt) t.actions.push_back(RejectAttempt{*v_.attempt, {"system", "idle timeout"}});
      forget();
      go(t, State::Idle);
      t.actions.push_back(ClearScreen{});
      return t;
    }
    t.ignored = true;
    return t;
  }
  if (std::holds_alternative<StoreDone>(e) || std::holds_alternative<StoreRefused>(e)) return on_answer(e, t);

  // A live frame is the student's activity only once they are past the identity screen: a
  // student who walks away from it is forgotten after the idle timeout.
  const bool idle_frame = std::holds_alternative<Frame>(e) && !(s == State::LiveView && v_.view.identity_confirmed);
  if (!idle_frame) last_activity_ = now_;

  if (std::holds_alternative<SupervisorOverride>(e) || std::holds_alternative<SupervisorRetake>(e) ||
      std::holds_alternative<SupervisorSkip>(e) || std::holds_alternative<SupervisorVoid>(e) ||
      std::holds_alternative<SupervisorPause>(e) || std::holds_alternative<SupervisorResume>(e))
    return on_decision(e, t);
  if (std::holds_alternative<DeviceFault>(e) || std::holds_alternative<DeviceRecovered>(e) || s == State::Fault) return on_fault(e, t);

  if (std::holds_alternative<IdentityRejected>(e)) {
    // Once the student confirmed (or the countdown ran) they accepted who they are: from then
    // on only the supervisor sends them away.
    if ((s != State::CardRead && s != State::LiveView) || v_.view.identity_confirmed) {
      t.ignored = true;
      return t;
    }
    if (live_view_running(s)) t.actions.push_back(StopLiveView{});
    t.actions.push_back(SkipStudent{v_.id_number, Decision{kCardHolder, kIdentityRejected}});
    forget();
    v_.view.rejected_notice = true;
    go(t, State::Idle);
    t.actions.push_back(ClearScreen{});
    return t;
  }
  if (std::holds_alternative<IdentityConfirmed>(e)) {
    if (s != State::LiveView || v_.view.identity_confirmed || v_.view.supervisor != SupervisorReason::None) {
      t.ignored = true;
      return t;
    }
    v_.view.identity_confirmed = true;
    return t;
  }

  switch (s) {
  case State::Idle: return on_idle(e, t);

  case State::Done:
    if (std::holds_alternative<CardPlaced>(e)) return on_idle(e, t);  // the next student
    if (std::holds_alternative<CardRemoved>(e) || std::holds_alternative<StudentAccept>(e)) {
      forget();
      go(t, State::Idle);
      t.actions.push_back(ClearScreen{});
      return t;
    }
    break;

  case State::Paused:
  case State::Fault: break;

  case State::CardRead:
    if (const auto *r = std::get_if<RosterLookup>(&e)) {
      v_.view.numbers_left = r->numbers_left;
      CardReadRecord rec{v_.id_number, v_.card_name.shown(), v_.card_gender, CardReadOutcome::Matched};
      if (!r->entry) {
        rec.outcome = CardReadOutcome::NotOnRoster;
        v_.view.supervisor = SupervisorReason::NotOnRoster;
      } else {
        const auto &en = *r->entry;
        v_.view.student_number = en.student_number;
        v_.view.level = en.level;
        if (!card_name_matches_roster(en.name, v_.card_name)) {
          rec.outcome = CardReadOutcome::Mismatch;
          v_.view.supervisor = SupervisorReason::NameMismatch;
        } else if (v_.card_gender != Gender::Unknown && en.gender != v_.card_gender) {
          rec.outcome = CardReadOutcome::Mismatch;
          v_.view.supervisor = SupervisorReason::GenderMismatch;
        } else if (r->existing_number) {
          rec.outcome = CardReadOutcome::AlreadyPhotographed;
          v_.view.supervisor = SupervisorReason::AlreadyPhotographed;
        } else if (r->numbers_left <= 0) {
          v_.view.supervisor = SupervisorReason::RangeFull;
        }
        if (r->existing_number) {
          v_.view.number = r->existing_number;
          v_.view.already_photographed = true;
        }
      }
      t.actions.push_back(RecordCardRead{rec});
      if (v_.view.supervisor != SupervisorReason::None) {
        t.actions.push_back(CallSupervisor{v_.view.supervisor});
        return t;
      }
      go(t, State::LiveView);
      t.actions.push_back(StartLiveView{});
      return t;
    }
    break;

  case State::LiveView:
    if (std::holds_alternative<Frame>(e)) return t;
    if (std::holds_alternative<StartCountdown>(e)) {
      if (v_.view.supervisor != SupervisorReason::None || !v_.view.identity_confirmed) {
        t.ignored = true;
        return t;
      }
      v_.view.countdown_left_s = static_cast<int>(opts_.countdown.count());
      v_.view.fault = {};
      go(t, State::Countdown);
      return t;
    }
    break;

  case State::Countdown:
    if (std::holds_alternative<Frame>(e)) return t;
    break;

  case State::Capturing:
    if (const auto *c = std::get_if<CaptureDone>(&e)) {
      if (!c->ok) {
        // The camera or the analysis gave nothing: not the student's fault, not an attempt.
        show_fault(c->error);
        go(t, State::LiveView);
        return t;
      }
      ++v_.view.attempts;
      v_.attempt = c->attempt;
      v_.attempt_pass = c->pass;
      v_.view.last_pass = c->pass;
      v_.view.last_reasons_zh = c->reasons_zh;
      v_.view.last_reasons_en = c->reasons_en;
      go(t, State::Review);
      t.actions.push_back(StopLiveView{});
      return t;
    }
    break;

  case State::Review:
    if (std::holds_alternative<StudentAccept>(e) && v_.attempt) {
      if (v_.attempt_pass) {
        t.actions.push_back(AcceptAttempt{*v_.attempt, v_.override_decision});
        return t;
      }
      v_.view.supervisor = SupervisorReason::FailedChecks;
      t.actions.push_back(CallSupervisor{v_.view.supervisor});
      return t;
    }
    if (std::holds_alternative<StudentRetake>(e) && v_.attempt) {
      if (v_.view.supervisor == SupervisorReason::RetakeLimit) {
        t.ignored = true;
        return t;
      }
      if (v_.view.attempts >= v_.allowed_attempts) {
        v_.view.supervisor = SupervisorReason::RetakeLimit;
        t.actions.push_back(CallSupervisor{v_.view.supervisor});
        return t;
      }
      t.actions.push_back(RejectAttempt{*v_.attempt, {}});
      v_.attempt.reset();
      v_.view.supervisor = SupervisorReason::None;
      go(t, State::LiveView);
      t.actions.push_back(StartLiveView{});
      return t;
    }
    if (const auto *a = std::get_if<AcceptDone>(&e)) {
      v_.view.number = a->number;
      v_.view.supervisor = SupervisorReason::None;
      v_.attempt.reset();
      go(t, State::Done);
      if (pending_) {  // the supervisor's override accepted the photo
        outcome_ = DecisionOutcome{pending_->decision, DecisionStatus::Applied, "已强制通过，序号 " + a->number.text(),
                                   "Accepted by override as " + a->number.text(), ""};
        t.outcome = outcome_;
        pending_.reset();
        before_decision_.reset();
      }
      return t;
    }
    if (const auto *f = std::get_if<AcceptFailed>(&e)) {
      if (pending_ && before_decision_) {  // the override's accept was refused: nothing changed
        undo_decision(t, f->error);
        return t;
      }
      show_fault(f->error);
      if (f->error.code == errc::store_range_full) v_.view.supervisor = SupervisorReason::RangeFull;
      else if (f->error.code == errc::store_needs_override) v_.view.supervisor = SupervisorReason::FailedChecks;
      if (v_.view.supervisor != SupervisorReason::None) t.actions.push_back(CallSupervisor{v_.view.supervisor});
      return t;
    }
    break;
  }
  t.ignored = true;
  return t;
}

}  // namespace gradbooth::core
