// Supervisor decisions: applied, refused by the state, or (once the host carried out their store
// writes) refused by the store, which puts the visit back as it was before the decision.
#include "workflow.h"

#include "error_codes.h"

#include <algorithm>

namespace gradbooth::core {

namespace {
// The Chinese text, or the English when a device gave none.
std::string zh_or_en(const Error &e) { return e.message_zh.empty() ? e.message_en : e.message_zh; }

// Actions the store can refuse: a decision that has one waits for the host's answer.
bool is_store_write(const Action &a) {
  return std::holds_alternative<RejectAttempt>(a) || std::holds_alternative<RecordOverride>(a) || std::holds_alternative<SkipStudent>(a) ||
      std::holds_alternative<VoidNumber>(a);
}
}  // namespace

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
  const bool accepts =
      std::any_of(t.actions.begin(), t.actions.end(), [](const Action &a) { return std::holds_alternative<AcceptAttempt>(a); });
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

// The store's answer to a decision's writes: keep the decision, or put everything back.
Transition Workflow::on_answer(const Event &e, Transition t) {
  if (!pending_ || !before_decision_) {
    t.ignored = true;
    return t;
  }
  if (const auto *r = std::get_if<StoreRefused>(&e)) {
    undo_decision(t, r->error);
    t.to = v_.view.state;
    return t;
  }
  outcome_ = *pending_;
  before_decision_.reset();
  pending_.reset();
  t.outcome = outcome_;
  return t;
}

void Workflow::undo_decision(Transition &t, const Error &why) {
  v_ = *before_decision_;
  outcome_ = DecisionOutcome{pending_->decision, DecisionStatus::RefusedByStore, "未完成：" + zh_or_en(why), "Not done: " + why.message_en,
                             why.code};
  t.outcome = outcome_;
  before_decision_.reset();
  pending_.reset();
}

void Workflow::show_fault(const Error &e) { v_.view.fault = {zh_or_en(e), e.message_en}; }

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
      return refuse(t, "override", errc::workflow_fault, "设备故障中，请在设备恢复后再处理", "A device is down: decide once it is back");
    const auto reason = v_.view.supervisor;
    if (reason == SupervisorReason::NotOnRoster)
      return refuse(t, "override", errc::workflow_not_on_roster, "名单中没有此身份证号，无法放行；请更正名单或跳过该学生",
                    "The ID number is not on the roster and cannot be allowed: fix the roster or skip the student");
    if (reason == SupervisorReason::RangeFull)
      return refuse(t, "override", errc::workflow_range_full, "本机序号已用完，无法编号；请联系管理员或跳过该学生",
                    "This booth has no numbers left: ask the administrator or skip the student");
    const bool card_decision = s == State::CardRead &&
        (reason == SupervisorReason::NameMismatch || reason == SupervisorReason::GenderMismatch ||
         reason == SupervisorReason::AlreadyPhotographed);
    const bool photo_decision = s == State::Review && v_.attempt;
    if (photo_decision && reason == SupervisorReason::None && v_.attempt_pass)
      return refuse(t, "override", errc::workflow_photo_passed, "照片已合格，请学生自己确认提交",
                    "The photo passed: the student accepts it");
    if (!card_decision && !photo_decision)
      return refuse(t, "override", errc::workflow_nothing_to_override, "没有需要放行的事项", "Nothing is waiting for an override");
    if (reason_missing(o->decision)) return refuse(t, "override", errc::workflow_reason_required, kReasonZh, kReasonEn);
    if (s == State::CardRead && (reason == SupervisorReason::NameMismatch || reason == SupervisorReason::GenderMismatch)) {
      t.actions.push_back(RecordOverride{supervisor_reason_name(reason), v_.id_number, o->decision});
      v_.override_decision = o->decision;
      // Still photographed already, or no number left? That needs its own decision.
      if (v_.view.already_photographed || v_.view.numbers_left <= 0) {
        v_.view.supervisor = v_.view.already_photographed ? SupervisorReason::AlreadyPhotographed : SupervisorReason::RangeFull;
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
    return refuse(t, "override", errc::workflow_nothing_to_override, "没有需要放行的事项", "Nothing is waiting for an override");
  }

  if (const auto *r = std::get_if<SupervisorRetake>(&e)) {
    if (s != State::Review || !v_.attempt)
      return refuse(t, "force_retake", errc::workflow_not_in_review, "当前没有可重拍的照片", "There is no photo to retake");
    if (reason_missing(r->decision)) return refuse(t, "force_retake", errc::workflow_reason_required, kReasonZh, kReasonEn);
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
    return grant ? apply(t, "force_retake", "已要求重拍，并再允许 " + more + " 次拍摄", "Retake forced; " + more + " more attempts allowed")
                 : apply(t, "force_retake", "已要求重拍", "Retake forced");
  }

  if (const auto *k = std::get_if<SupervisorSkip>(&e)) {
    if (v_.id_number.empty() || s == State::Idle || s == State::Paused)
      return refuse(t, "skip", errc::workflow_no_student, "没有正在拍摄的学生", "There is no student to skip");
    if (s == State::Done) return refuse(t, "skip", errc::workflow_done, "该学生已拍摄完成", "This student is already done");
    if (reason_missing(k->decision)) return refuse(t, "skip", errc::workflow_reason_required, kReasonZh, kReasonEn);
    t.actions.push_back(SkipStudent{v_.id_number, k->decision});
    if (v_.attempt) t.actions.push_back(RejectAttempt{*v_.attempt, k->decision});
    if (live_view_running(s)) t.actions.push_back(StopLiveView{});
    if (s == State::Fault) {
      // The fault stays on screen; the booth returns to the welcome screen once the device is back.
      Bilingual fault = std::move(v_.view.fault);
      forget();
      v_.view.fault = std::move(fault);
      go(t, State::Fault);
    } else {
      forget();
      go(t, State::Idle);
    }
    t.actions.push_back(ClearScreen{});
    return apply(t, "skip", "已跳过该学生", "Student skipped");
  }

  if (const auto *vd = std::get_if<SupervisorVoid>(&e)) {
    if (!vd->number) return refuse(t, "void", errc::workflow_no_number, "没有可作废的序号", "There is no number to void");
    if (reason_missing(vd->decision)) return refuse(t, "void", errc::workflow_reason_required, kReasonZh, kReasonEn);
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
    if (s == State::Paused) return refuse(t, "pause", errc::workflow_paused, "已经暂停", "The booth is already paused");
    if (s == State::Fault)
      return refuse(t, "pause", errc::workflow_fault, "设备故障中，请在设备恢复后再暂停", "A device is down: pause once it is back");
    if (v_.attempt && s == State::Review) t.actions.push_back(RejectAttempt{*v_.attempt, {"supervisor", "paused"}});
    if (live_view_running(s)) t.actions.push_back(StopLiveView{});
    forget();
    v_.view.paused_from = s;
    go(t, State::Paused);
    t.actions.push_back(ClearScreen{});
    return apply(t, "pause", "已暂停", "Booth paused");
  }

  if (std::holds_alternative<SupervisorResume>(e)) {
    if (s != State::Paused) return refuse(t, "resume", errc::workflow_not_paused, "没有暂停", "The booth is not paused");
    forget();
    go(t, State::Idle);
    return apply(t, "resume", "已继续服务", "Booth resumed");
  }
  t.ignored = true;
  return t;
}

}  // namespace gradbooth::core
