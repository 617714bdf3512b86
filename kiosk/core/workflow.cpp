// The booth's state machine. Each state handles the events that mean something there; the rest are
// reported as ignored (the host may log them). Supervisor, pause and fault events work everywhere.
#include "workflow.h"

#include <type_traits>

namespace gradbooth::core {

const char *state_name(State s) {
  switch (s) {
  case State::Idle: return "Idle";
  case State::CardRead: return "CardRead";
  case State::LiveView: return "LiveView";
  case State::Countdown: return "Countdown";
  case State::Capturing: return "Capturing";
  case State::Review: return "Review";
  case State::Done: return "Done";
  case State::Fault: return "Fault";
  case State::Paused: return "Paused";
  }
  return "?";
}

const char *supervisor_reason_name(SupervisorReason r) {
  switch (r) {
  case SupervisorReason::None: return "none";
  case SupervisorReason::NotOnRoster: return "not_on_roster";
  case SupervisorReason::NameMismatch: return "name_mismatch";
  case SupervisorReason::GenderMismatch: return "gender_mismatch";
  case SupervisorReason::AlreadyPhotographed: return "already_photographed";
  case SupervisorReason::RetakeLimit: return "retake_limit";
  case SupervisorReason::FailedChecks: return "failed_checks";
  case SupervisorReason::RangeFull: return "range_full";
  case SupervisorReason::CaptureFailed: return "capture_failed";
  }
  return "?";
}

Workflow::Workflow(WorkflowOptions opts) : opts_(opts) { view_.retake_limit = opts_.retake_limit; }

void Workflow::go(Transition &t, State to) {
  t.to = to;
  if (view_.state != to) state_since_ = now_;
  view_.state = to;
}

void Workflow::forget() {
  const int left = view_.numbers_left;
  view_ = ScreenModel{};
  view_.retake_limit = opts_.retake_limit;
  view_.numbers_left = left;
  id_number_.clear();
  card_name_.clear();
  card_gender_ = Gender::Unknown;
  attempt_.reset();
  attempt_pass_ = false;
  override_ = {};
  retake_granted_ = false;
}

namespace {
template <class... F> struct Overloaded : F... { using F::operator()...; };
template <class... F> Overloaded(F...) -> Overloaded<F...>;

bool live_view_running(State s) { return s == State::LiveView || s == State::Countdown; }

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
} // namespace

// A foreigner's permanent residence card carries a Chinese and an English name, which the card
// driver joins as "中文名 (ENGLISH NAME)"; a roster holds one of them. Either one matches; English
// is compared without regard to case or repeated spaces. Everything else must match exactly.
bool card_name_matches_roster(std::string_view roster_name, std::string_view card_name) {
  if (roster_name == card_name) return true;
  const auto open = card_name.rfind(" (");
  if (open == std::string_view::npos || card_name.empty() || card_name.back() != ')') return false;
  const std::string_view chinese = card_name.substr(0, open);
  const std::string_view english = card_name.substr(open + 2, card_name.size() - open - 3);
  if (!chinese.empty() && roster_name == chinese) return true;
  return !english.empty() && collapse_spaces_upper(roster_name) == collapse_spaces_upper(english);
}

Transition Workflow::on_idle(const Event &e, Transition t) {
  if (const auto *c = std::get_if<CardPlaced>(&e)) {
    forget();
    id_number_ = normalize_id_number(c->id_number);
    card_name_ = c->name;
    card_gender_ = c->gender;
    view_.student_name = c->name;
    view_.masked_id = mask_id_number(id_number_);
    go(t, State::CardRead);
    t.actions.push_back(LookupStudent{id_number_});
    return t;
  }
  t.ignored = true;
  return t;
}

Transition Workflow::handle(const Event &e) {
  Transition t;
  t.from = t.to = view_.state;
  const State s = view_.state;

  if (const auto *tick = std::get_if<Tick>(&e)) {
    now_ = tick->now;
    if (last_activity_ == Clock::time_point{}) last_activity_ = now_;
    if (state_since_ == Clock::time_point{}) state_since_ = now_;
    if (s == State::Countdown) {
      const auto elapsed = now_ - state_since_;
      const auto left = std::chrono::ceil<std::chrono::seconds>(opts_.countdown - elapsed).count();
      view_.countdown_left_s = static_cast<int>(left < 0 ? 0 : left);
      if (elapsed >= opts_.countdown) {
        view_.countdown_left_s = 0;
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
      if (s == State::Review && attempt_) t.actions.push_back(RejectAttempt{*attempt_, {"system", "idle timeout"}});
      forget();
      go(t, State::Idle);
      t.actions.push_back(ClearScreen{});
      return t;
    }
    t.ignored = true;
    return t;
  }
  last_activity_ = now_;

  // Events that work in every state.
  if (std::holds_alternative<SupervisorPause>(e)) {
    if (s == State::Paused) { t.ignored = true; return t; }
    if (live_view_running(s)) t.actions.push_back(StopLiveView{});
    if (attempt_ && s == State::Review) t.actions.push_back(RejectAttempt{*attempt_, {"supervisor", "paused"}});
    forget();
    view_.paused_from = s;
    go(t, State::Paused);
    t.actions.push_back(ClearScreen{});
    return t;
  }
  if (const auto *f = std::get_if<DeviceFault>(&e)) {
    if (live_view_running(s)) t.actions.push_back(StopLiveView{});
    if (attempt_ && s == State::Review) t.actions.push_back(RejectAttempt{*attempt_, {"system", "device fault"}});
    forget();
    view_.fault_zh = f->message_zh.empty() ? f->message_en : f->message_zh;
    view_.fault_en = f->message_en;
    go(t, State::Fault);
    t.actions.push_back(ClearScreen{});
    return t;
  }
  if (const auto *v = std::get_if<SupervisorVoid>(&e)) {
    t.actions.push_back(VoidNumber{v->number, v->decision});
    if (view_.number && *view_.number == v->number) {
      view_.number.reset();
      view_.already_photographed = false;
      if (view_.supervisor == SupervisorReason::AlreadyPhotographed) view_.supervisor = SupervisorReason::None;
    }
    return t;
  }
  if (const auto *k = std::get_if<SupervisorSkip>(&e)) {
    if (s == State::Idle || s == State::Paused || s == State::Fault) { t.ignored = true; return t; }
    if (live_view_running(s)) t.actions.push_back(StopLiveView{});
    if (attempt_ && s == State::Review) t.actions.push_back(RejectAttempt{*attempt_, k->decision});
    if (!id_number_.empty()) t.actions.push_back(SkipStudent{id_number_, k->decision});
    forget();
    go(t, State::Idle);
    t.actions.push_back(ClearScreen{});
    return t;
  }

  if (std::holds_alternative<IdentityRejected>(e)) {
    // Once the countdown ran the student has accepted who they are: from then on only the
    // supervisor sends them away.
    if (s != State::CardRead && s != State::LiveView) { t.ignored = true; return t; }
    if (live_view_running(s)) t.actions.push_back(StopLiveView{});
    t.actions.push_back(SkipStudent{id_number_, Decision{kCardHolder, kIdentityRejected}});
    forget();
    go(t, State::Idle);
    t.actions.push_back(ClearScreen{});
    return t;
  }

  switch (s) {
  case State::Idle:
    return on_idle(e, t);

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
    if (std::holds_alternative<SupervisorResume>(e)) {
      forget();
      go(t, State::Idle);
      return t;
    }
    break;

  case State::Fault:
    if (std::holds_alternative<DeviceRecovered>(e) || std::holds_alternative<SupervisorResume>(e)) {
      forget();
      go(t, State::Idle);
      return t;
    }
    break;

  case State::CardRead:
    if (const auto *r = std::get_if<RosterLookup>(&e)) {
      view_.numbers_left = r->numbers_left;
      CardReadRecord rec{id_number_, card_name_, card_gender_, CardReadOutcome::Matched};
      if (!r->entry) {
        rec.outcome = CardReadOutcome::NotOnRoster;
        view_.supervisor = SupervisorReason::NotOnRoster;
      } else {
        const auto &en = *r->entry;
        view_.student_number = en.student_number;
        view_.level = en.level;
        if (!card_name_matches_roster(en.name, card_name_)) {
          rec.outcome = CardReadOutcome::Mismatch;
          view_.supervisor = SupervisorReason::NameMismatch;
        } else if (card_gender_ != Gender::Unknown && en.gender != card_gender_) {
          rec.outcome = CardReadOutcome::Mismatch;
          view_.supervisor = SupervisorReason::GenderMismatch;
        } else if (r->existing_number) {
          rec.outcome = CardReadOutcome::AlreadyPhotographed;
          view_.number = r->existing_number;
          view_.already_photographed = true;
          view_.supervisor = SupervisorReason::AlreadyPhotographed;
        } else if (r->numbers_left <= 0) {
          view_.supervisor = SupervisorReason::RangeFull;
        }
        if (r->existing_number) {
          view_.number = r->existing_number;
          view_.already_photographed = true;
        }
      }
      t.actions.push_back(RecordCardRead{rec});
      if (view_.supervisor != SupervisorReason::None) {
        t.actions.push_back(CallSupervisor{view_.supervisor});
        return t;
      }
      go(t, State::LiveView);
      t.actions.push_back(StartLiveView{});
      return t;
    }
    if (const auto *o = std::get_if<SupervisorOverride>(&e)) {
      const auto reason = view_.supervisor;
      if (reason == SupervisorReason::NameMismatch || reason == SupervisorReason::GenderMismatch) {
        t.actions.push_back(RecordOverride{supervisor_reason_name(reason), id_number_, o->decision});
        override_ = o->decision;
        // Still photographed already? That needs its own decision.
        if (view_.already_photographed) {
          view_.supervisor = SupervisorReason::AlreadyPhotographed;
          t.actions.push_back(CallSupervisor{view_.supervisor});
          return t;
        }
        if (view_.numbers_left <= 0) {
          view_.supervisor = SupervisorReason::RangeFull;
          t.actions.push_back(CallSupervisor{view_.supervisor});
          return t;
        }
      } else if (reason == SupervisorReason::AlreadyPhotographed) {
        t.actions.push_back(RecordOverride{"retake_numbered", id_number_, o->decision});
        override_ = o->decision;
      } else {
        // Not on the roster / no numbers left: nothing the supervisor can allow here (fix the
        // roster or the range, or skip).
        t.ignored = true;
        return t;
      }
      view_.supervisor = SupervisorReason::None;
      go(t, State::LiveView);
      t.actions.push_back(StartLiveView{});
      return t;
    }
    break;

  case State::LiveView:
    if (std::holds_alternative<Frame>(e)) return t;
    if (std::holds_alternative<StartCountdown>(e)) {
      if (view_.supervisor != SupervisorReason::None) { t.ignored = true; return t; }
      view_.countdown_left_s = static_cast<int>(opts_.countdown.count());
      view_.fault_zh.clear();
      view_.fault_en.clear();
      go(t, State::Countdown);
      return t;
    }
    if (const auto *o = std::get_if<SupervisorOverride>(&e); o && view_.supervisor == SupervisorReason::CaptureFailed) {
      view_.supervisor = SupervisorReason::None;
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
        view_.fault_zh = c->error_zh.empty() ? c->error_en : c->error_zh;
        view_.fault_en = c->error_en;
        go(t, State::LiveView);
        return t;
      }
      ++view_.attempts;
      attempt_ = c->attempt;
      attempt_pass_ = c->pass;
      view_.last_pass = c->pass;
      view_.last_reasons_zh = c->reasons_zh;
      view_.last_reasons_en = c->reasons_en;
      go(t, State::Review);
      t.actions.push_back(StopLiveView{});
      return t;
    }
    break;

  case State::Review:
    if (std::holds_alternative<StudentAccept>(e) && attempt_) {
      if (attempt_pass_) {
        t.actions.push_back(AcceptAttempt{*attempt_, override_});
        return t;
      }
      view_.supervisor = SupervisorReason::FailedChecks;
      t.actions.push_back(CallSupervisor{view_.supervisor});
      return t;
    }
    if (std::holds_alternative<StudentRetake>(e) && attempt_) {
      const int allowed = opts_.retake_limit * (retake_granted_ ? 2 : 1);
      if (view_.attempts >= allowed && view_.supervisor != SupervisorReason::RetakeLimit) {
        view_.supervisor = SupervisorReason::RetakeLimit;
        t.actions.push_back(CallSupervisor{view_.supervisor});
        return t;
      }
      if (view_.supervisor == SupervisorReason::RetakeLimit) { t.ignored = true; return t; }
      t.actions.push_back(RejectAttempt{*attempt_, {}});
      attempt_.reset();
      view_.supervisor = SupervisorReason::None;
      go(t, State::LiveView);
      t.actions.push_back(StartLiveView{});
      return t;
    }
    if (const auto *o = std::get_if<SupervisorOverride>(&e); o && attempt_) {
      if (view_.supervisor == SupervisorReason::FailedChecks) {
        view_.supervisor = SupervisorReason::None;
        t.actions.push_back(AcceptAttempt{*attempt_, o->decision});
        return t;
      }
      if (view_.supervisor == SupervisorReason::RetakeLimit) {
        // The supervisor grants another round of attempts.
        t.actions.push_back(RejectAttempt{*attempt_, o->decision});
        t.actions.push_back(RecordOverride{"retake_limit", id_number_, o->decision});
        retake_granted_ = true;
        attempt_.reset();
        view_.supervisor = SupervisorReason::None;
        go(t, State::LiveView);
        t.actions.push_back(StartLiveView{});
        return t;
      }
    }
    if (const auto *a = std::get_if<AcceptDone>(&e)) {
      view_.number = a->number;
      view_.supervisor = SupervisorReason::None;
      attempt_.reset();
      go(t, State::Done);
      return t;
    }
    if (const auto *f = std::get_if<AcceptFailed>(&e)) {
      view_.fault_zh = f->error_zh.empty() ? f->error_en : f->error_zh;
      view_.fault_en = f->error_en;
      if (f->code == "store.range_full") view_.supervisor = SupervisorReason::RangeFull;
      else if (f->code == "store.needs_override") view_.supervisor = SupervisorReason::FailedChecks;
      if (view_.supervisor != SupervisorReason::None) t.actions.push_back(CallSupervisor{view_.supervisor});
      return t;
    }
    break;
  }
  t.ignored = true;
  return t;
}


} // namespace gradbooth::core
