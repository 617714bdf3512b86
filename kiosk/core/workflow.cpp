// The booth's state machine. Each state handles the events that mean something there; the rest are
// reported as ignored (the host may log them). Supervisor, pause and fault events work everywhere.
#include "workflow.h"

#include <algorithm>
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

const char *decision_status_name(DecisionStatus s) {
  switch (s) {
  case DecisionStatus::Applied: return "applied";
  case DecisionStatus::RefusedByState: return "refused_state";
  case DecisionStatus::RefusedByStore: return "refused_store";
  case DecisionStatus::Pending: return "pending";
  }
  return "?";
}

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

namespace {
bool live_view_running(State s) { return s == State::LiveView || s == State::Countdown; }

// Actions the store can refuse: a decision that has one waits for the host's answer.
bool is_store_write(const Action &a) {
  return std::holds_alternative<RejectAttempt>(a) || std::holds_alternative<RecordOverride>(a) ||
         std::holds_alternative<SkipStudent>(a) || std::holds_alternative<VoidNumber>(a);
}

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

// A foreigner's permanent residence card carries a Chinese and an English name; a roster holds
// one of them. Either one matches; English is compared without regard to case or repeated
// spaces. The Chinese name must match exactly.
bool card_name_matches_roster(std::string_view roster_name, const idcard::CardName &card_name) {
  if (!card_name.chinese.empty() && roster_name == card_name.chinese) return true;
  return !card_name.english.empty() && collapse_spaces_upper(roster_name) == collapse_spaces_upper(card_name.english);
}

Transition Workflow::refuse(Transition t, const char *decision, const char *code, std::string zh, std::string en) {
  before_decision_.reset();
  pending_.reset();
  t.ignored = true;
  t.actions.clear();
  outcome_ = DecisionOutcome{decision, DecisionStatus::RefusedByState, std::move(zh), std::move(en), code};
  t.outcome = outcome_;
  return t;
}

Transition Workflow::apply(Transition t, const char *decision, std::string zh, std::string en) {
  DecisionOutcome done{decision, DecisionStatus::Applied, std::move(zh), std::move(en), ""};
  t.awaits_store = std::any_of(t.actions.begin(), t.actions.end(), is_store_write);
  const bool accepts = std::any_of(t.actions.begin(), t.actions.end(),
                                   [](const Action &a) { return std::holds_alternative<AcceptAttempt>(a); });
  if (t.awaits_store || accepts) {
    // Final once the host answered (StoreDone / StoreRefused, or AcceptDone / AcceptFailed).
    pending_ = done;
    outcome_ = DecisionOutcome{decision, DecisionStatus::Pending, done.text_zh, done.text_en, ""};
  } else {
    before_decision_.reset();
    pending_.reset();
    outcome_ = done;
  }
  t.outcome = outcome_;
  return t;
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

// The store's answer to a decision's writes: keep the decision, or put everything back.
Transition Workflow::on_answer(const Event &e, Transition t) {
  if (!pending_ || !before_decision_) {
    t.ignored = true;
    return t;
  }
  if (const auto *r = std::get_if<StoreRefused>(&e)) {
    v_ = *before_decision_;
    t.to = v_.view.state;
    outcome_ = DecisionOutcome{pending_->decision, DecisionStatus::RefusedByStore,
                               "未完成：" + (r->error_zh.empty() ? r->error_en : r->error_zh),
                               "Not done: " + r->error_en, r->code};
  } else {
    outcome_ = *pending_;
  }
  before_decision_.reset();
  pending_.reset();
  t.outcome = outcome_;
  return t;
}

// Supervisor decisions: each is applied, or refused with the reason in both languages.
Transition Workflow::on_decision(const Event &e, Transition t) {
  const State s = v_.view.state;
  before_decision_ = v_;
  pending_.reset();
  auto reason_missing = [](const Decision &d) { return d.why.empty(); };
  constexpr const char *kReasonZh = "请填写原因";
  constexpr const char *kReasonEn = "A reason is required";

  // What the state refuses is said first (it tells the photographer more than "a reason is
  // required"); a decision the state allows still needs its reason.
  if (const auto *o = std::get_if<SupervisorOverride>(&e)) {
    if (s == State::Fault)
      return refuse(t, "override", "workflow.fault", "设备故障中，请在设备恢复后再处理", "A device is down: decide once it is back");
    const auto reason = v_.view.supervisor;
    if (reason == SupervisorReason::NotOnRoster)
      return refuse(t, "override", "workflow.not_on_roster", "名单中没有此身份证号，无法放行；请更正名单或跳过该学生",
                    "The ID number is not on the roster and cannot be allowed: fix the roster or skip the student");
    if (reason == SupervisorReason::RangeFull)
      return refuse(t, "override", "workflow.range_full", "本机序号已用完，无法编号；请联系管理员或跳过该学生",
                    "This booth has no numbers left: ask the administrator or skip the student");
    const bool card_decision = s == State::CardRead && (reason == SupervisorReason::NameMismatch ||
                                                        reason == SupervisorReason::GenderMismatch ||
                                                        reason == SupervisorReason::AlreadyPhotographed);
    const bool photo_decision = s == State::Review && v_.attempt;
    if (photo_decision && reason == SupervisorReason::None && v_.attempt_pass)
      return refuse(t, "override", "workflow.photo_passed", "照片已合格，请学生自己确认提交",
                    "The photo passed: the student accepts it");
    if (!card_decision && !photo_decision)
      return refuse(t, "override", "workflow.nothing_to_override", "没有需要放行的事项", "Nothing is waiting for an override");
    if (reason_missing(o->decision)) return refuse(t, "override", "workflow.reason_required", kReasonZh, kReasonEn);
    if (s == State::CardRead &&
        (reason == SupervisorReason::NameMismatch || reason == SupervisorReason::GenderMismatch)) {
      t.actions.push_back(RecordOverride{supervisor_reason_name(reason), v_.id_number, o->decision});
      v_.override_decision = o->decision;
      // Still photographed already, or no number left? That needs its own decision.
      if (v_.view.already_photographed || v_.view.numbers_left <= 0) {
        v_.view.supervisor =
            v_.view.already_photographed ? SupervisorReason::AlreadyPhotographed : SupervisorReason::RangeFull;
        t.actions.push_back(CallSupervisor{v_.view.supervisor});
        return apply(t, "override", "已放行（信息不符），还需再处理一项", "Mismatch allowed; one more decision is waiting");
      }
      v_.view.supervisor = SupervisorReason::None;
      v_.view.identity_confirmed = true;  // the photographer has just checked who this is
      go(t, State::LiveView);
      t.actions.push_back(StartLiveView{});
      return apply(t, "override", "已放行，学生可以拍照", "Allowed: the student can be photographed");
    }
    if (s == State::CardRead && reason == SupervisorReason::AlreadyPhotographed) {
      t.actions.push_back(RecordOverride{"retake_numbered", v_.id_number, o->decision});
      v_.override_decision = o->decision;
      v_.view.supervisor = SupervisorReason::None;
      v_.view.identity_confirmed = true;
      go(t, State::LiveView);
      t.actions.push_back(StartLiveView{});
      return apply(t, "override", "已允许重拍，序号不变", "Retake allowed; the number stays");
    }
    if (photo_decision) {
      // A failing photo, or the retake limit reached: the photographer accepts this photo.
      v_.view.supervisor = SupervisorReason::None;
      t.actions.push_back(AcceptAttempt{*v_.attempt, o->decision});
      return apply(t, "override", "已强制通过", "Accepted by override");
    }
    return refuse(t, "override", "workflow.nothing_to_override", "没有需要放行的事项", "Nothing is waiting for an override");
  }

  if (const auto *r = std::get_if<SupervisorRetake>(&e)) {
    if (s != State::Review || !v_.attempt)
      return refuse(t, "force_retake", "workflow.not_in_review", "当前没有可重拍的照片", "There is no photo to retake");
    if (reason_missing(r->decision)) return refuse(t, "force_retake", "workflow.reason_required", kReasonZh, kReasonEn);
    t.actions.push_back(RejectAttempt{*v_.attempt, r->decision});
    // At the limit the supervisor grants another round of attempts (on file as an override).
    const bool grant = v_.view.attempts >= v_.allowed_attempts;
    if (grant) {
      t.actions.push_back(RecordOverride{"retake_limit", v_.id_number, r->decision});
      v_.allowed_attempts = v_.view.attempts + opts_.retake_limit;
    }
    v_.attempt.reset();
    v_.view.supervisor = SupervisorReason::None;
    go(t, State::LiveView);
    t.actions.push_back(StartLiveView{});
    const std::string more = std::to_string(opts_.retake_limit);
    return grant ? apply(t, "force_retake", "已要求重拍，并再允许 " + more + " 次拍摄",
                         "Retake forced; " + more + " more attempts allowed")
                 : apply(t, "force_retake", "已要求重拍", "Retake forced");
  }

  if (const auto *k = std::get_if<SupervisorSkip>(&e)) {
    if (v_.id_number.empty() || s == State::Idle || s == State::Paused)
      return refuse(t, "skip", "workflow.no_student", "没有正在拍摄的学生", "There is no student to skip");
    if (s == State::Done)
      return refuse(t, "skip", "workflow.done", "该学生已拍摄完成", "This student is already done");
    if (reason_missing(k->decision)) return refuse(t, "skip", "workflow.reason_required", kReasonZh, kReasonEn);
    t.actions.push_back(SkipStudent{v_.id_number, k->decision});
    if (v_.attempt) t.actions.push_back(RejectAttempt{*v_.attempt, k->decision});
    if (live_view_running(s)) t.actions.push_back(StopLiveView{});
    if (s == State::Fault) {
      // The fault stays on screen; the booth returns to the welcome screen once the device is back.
      const std::string zh = v_.view.fault_zh, en = v_.view.fault_en;
      forget();
      v_.view.fault_zh = zh;
      v_.view.fault_en = en;
      go(t, State::Fault);
    } else {
      forget();
      go(t, State::Idle);
    }
    t.actions.push_back(ClearScreen{});
    return apply(t, "skip", "已跳过该学生", "Student skipped");
  }

  if (const auto *vd = std::get_if<SupervisorVoid>(&e)) {
    if (!vd->number)
      return refuse(t, "void", "workflow.no_number", "没有可作废的序号", "There is no number to void");
    if (reason_missing(vd->decision)) return refuse(t, "void", "workflow.reason_required", kReasonZh, kReasonEn);
    const SequenceNumber n = *vd->number;
    t.actions.push_back(VoidNumber{n, vd->decision});
    if (v_.view.number && *v_.view.number == n) {
      v_.view.number.reset();
      v_.view.already_photographed = false;
      // The student in front of the booth waited for a decision on their old number: with it
      // voided they are a student without a photo, and carry on as one.
      if (s == State::CardRead && v_.view.supervisor == SupervisorReason::AlreadyPhotographed) {
        if (v_.view.numbers_left > 0) {
          v_.view.supervisor = SupervisorReason::None;
          go(t, State::LiveView);
          t.actions.push_back(StartLiveView{});
        } else {
          v_.view.supervisor = SupervisorReason::RangeFull;
          t.actions.push_back(CallSupervisor{v_.view.supervisor});
        }
      }
    }
    return apply(t, "void", "已作废 " + n.text(), "Voided " + n.text());
  }

  if (std::holds_alternative<SupervisorPause>(e)) {
    if (s == State::Paused) return refuse(t, "pause", "workflow.paused", "已经暂停", "The booth is already paused");
    if (s == State::Fault)
      return refuse(t, "pause", "workflow.fault", "设备故障中，请在设备恢复后再暂停", "A device is down: pause once it is back");
    if (v_.attempt && s == State::Review) t.actions.push_back(RejectAttempt{*v_.attempt, {"supervisor", "paused"}});
    if (live_view_running(s)) t.actions.push_back(StopLiveView{});
    forget();
    v_.view.paused_from = s;
    go(t, State::Paused);
    t.actions.push_back(ClearScreen{});
    return apply(t, "pause", "已暂停", "Booth paused");
  }

  if (std::holds_alternative<SupervisorResume>(e)) {
    if (s != State::Paused) return refuse(t, "resume", "workflow.not_paused", "没有暂停", "The booth is not paused");
    forget();
    go(t, State::Idle);
    return apply(t, "resume", "已继续服务", "Booth resumed");
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
    v_.view.fault_zh = f->message_zh.empty() ? f->message_en : f->message_zh;
    v_.view.fault_en = f->message_en;
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
      const std::string zh = v_.view.fault_zh, en = v_.view.fault_en;
      forget();  // nobody, or a finished visit
      v_.view.fault_zh = zh;
      v_.view.fault_en = en;
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
    v_.view.fault_zh.clear();
    v_.view.fault_en.clear();
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
  if (std::holds_alternative<DeviceFault>(e) || std::holds_alternative<DeviceRecovered>(e) || s == State::Fault)
    return on_fault(e, t);

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
  case State::Fault:
    break;

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
      v_.view.fault_zh.clear();
      v_.view.fault_en.clear();
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
        v_.view.fault_zh = c->error_zh.empty() ? c->error_en : c->error_zh;
        v_.view.fault_en = c->error_en;
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
        v_ = *before_decision_;
        outcome_ = DecisionOutcome{pending_->decision, DecisionStatus::RefusedByStore,
                                   "未完成：" + (f->error_zh.empty() ? f->error_en : f->error_zh),
                                   "Not done: " + f->error_en, f->code};
        t.outcome = outcome_;
        pending_.reset();
        before_decision_.reset();
        return t;
      }
      v_.view.fault_zh = f->error_zh.empty() ? f->error_en : f->error_zh;
      v_.view.fault_en = f->error_en;
      if (f->code == "store.range_full") v_.view.supervisor = SupervisorReason::RangeFull;
      else if (f->code == "store.needs_override") v_.view.supervisor = SupervisorReason::FailedChecks;
      if (v_.view.supervisor != SupervisorReason::None) t.actions.push_back(CallSupervisor{v_.view.supervisor});
      return t;
    }
    break;
  }
  t.ignored = true;
  return t;
}

} // namespace gradbooth::core
