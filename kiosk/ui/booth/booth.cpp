#include "booth/booth.h"

#include "core/error_codes.h"
#include "core/journal.h"
#include "core/panel_views.h"

#include <type_traits>
#include <utility>

namespace gradbooth::ui {

using namespace gradbooth::core;
namespace jl = gradbooth::core::journal;

namespace {

template <class... Ts> struct overloaded : Ts... { using Ts::operator()...; };
template <class... Ts> overloaded(Ts...) -> overloaded<Ts...>;

}  // namespace

Booth::Booth(WorkflowOptions opts, Store &store, Ports ports)
    : wf_(opts), store_(store), ports_(std::move(ports)), batch_(store.options().batch), cues_(ports_.sound, ports_.sound_enabled) {}

// Events are queued so an action that produces an event (lookup → RosterLookup) never
// re-enters the workflow while it is still handling the previous one. A decision's store
// writes are answered at once (StoreDone / StoreRefused) before anything else is handled.
void Booth::handle(Event e, bool notify) {
  pending_.push_back(std::move(e));
  if (handling_) return;
  handling_ = true;
  while (!pending_.empty()) {
    Event next = std::move(pending_.front());
    pending_.pop_front();
    const bool had_visit = !wf_.current_id_number().empty();
    const bool placing = std::holds_alternative<CardPlaced>(next);
    const State state_before = wf_.state();
    const int countdown_before = wf_.view().countdown_left_s;
    Transition t = wf_.handle(next);
    cues_.step(state_before, countdown_before, wf_.view());
    if (placing && !t.ignored) {
      // The workflow took the card: a new visit.
      card_ = offered_card_;
      review_ = {};
    }
    std::optional<Error> refused;
    for (const auto &a : t.actions) {
      Status s = perform(a);
      if (s) continue;
      if (!t.awaits_store) {
        fail(s.error());
        continue;
      }
      refused = s.error();
      break;  // the rest of the decision must not happen
    }
    if (t.awaits_store) {
      if (refused) wf_.handle(StoreRefused{*refused});
      else wf_.handle(StoreDone{});
    }
    if (had_visit && wf_.current_id_number().empty()) {
      // The visit ended: forget everything shown about the student.
      review_ = {};
      ++capture_generation_;
      card_.reset();
    }
    if (wf_.state() != State::Capturing) analyzing_ = false;
  }
  handling_ = false;
  if (notify && ports_.changed) ports_.changed();
}

jl::Entry Booth::entry(std::string event, jl::Priority priority, std::string message, std::string reason,
                       std::vector<std::pair<std::string, std::string>> fields) const {
  jl::Entry e;
  e.event = std::move(event);
  e.priority = priority;
  e.message = std::move(message);
  e.batch = batch_;
  e.masked_id = wf_.view().masked_id;
  e.reason = std::move(reason);
  e.fields = std::move(fields);
  return e;
}

void Booth::fail(Error e) {
  jl::send(entry("error", jl::Priority::Warning, e.message_en, e.code));
  last_error_ = std::move(e);
}

Status Booth::perform(const Action &action) {
  return std::visit(overloaded{
                        [&](const LookupStudent &a) -> Status {
                          RosterLookup r;
                          auto entry = store_.find_student(a.id_number);
                          if (!entry) fail(entry.error());
                          else r.entry = *entry;
                          auto number = store_.number_of(a.id_number);
                          if (number) r.existing_number = *number;
                          auto left = store_.numbers_left();
                          r.numbers_left = left ? *left : 0;
                          handle(r);
                          return {};
                        },
                        [&](const RecordCardRead &a) -> Status {
                          const bool matched = a.read.outcome == CardReadOutcome::Matched;
                          auto note = entry("card_read", matched ? jl::Priority::Info : jl::Priority::Notice,
                                            std::string("card read: ") + outcome_name(a.read.outcome), outcome_name(a.read.outcome));
                          note.masked_id = mask_id_number(a.read.id_number);  // the card's holder, not yet on screen
                          jl::send(note);
                          return store_.record_card_read(a.read);
                        },
                        [&](const StartLiveView &) -> Status {
                          if (ports_.set_liveview) ports_.set_liveview(true);
                          return {};
                        },
                        [&](const StopLiveView &) -> Status {
                          if (ports_.set_liveview) ports_.set_liveview(false);
                          return {};
                        },
                        [&](const TriggerCapture &) -> Status {
                          ++capture_generation_;
                          review_ = {};
                          if (ports_.request_capture) ports_.request_capture();
                          return {};
                        },
                        [&](const AcceptAttempt &a) -> Status {
                          auto n = store_.accept(a.attempt, a.decision);
                          if (n) {
                            auto note = entry("accept", jl::Priority::Notice,
                                              "photo accepted as " + n->text() + (a.decision.who.empty() ? "" : " (override)"),
                                              a.decision.why, {{"attempt", std::to_string(a.attempt)}, {"who", a.decision.who}});
                            note.number = n->text();
                            jl::send(note);
                            handle(AcceptDone{*n});
                          } else {
                            jl::send(entry("accept_refused", jl::Priority::Warning, n.error().message_en, n.error().code,
                                           {{"attempt", std::to_string(a.attempt)}}));
                            last_error_ = n.error();
                            handle(AcceptFailed{n.error()});
                          }
                          return {};  // answered through AcceptDone / AcceptFailed
                        },
                        [&](const RejectAttempt &a) -> Status { return store_.reject(a.attempt, a.decision); },
                        [&](const RecordOverride &a) -> Status { return store_.record_override(a.kind, a.id_number, a.decision); },
                        [&](const SkipStudent &a) -> Status {
                          auto s = store_.skip_student(a.id_number, a.decision);
                          if (a.decision.who == kCardHolder) {  // supervisor skips are journalled with their outcome
                            auto note = entry("identity_rejected", jl::Priority::Notice,
                                              "the card holder said the details shown are not theirs", a.decision.why);
                            note.masked_id = mask_id_number(a.id_number);
                            jl::send(note);
                          }
                          return s;
                        },
                        [&](const VoidNumber &a) -> Status { return store_.void_number(a.number, a.decision); },
                        [&](const CallSupervisor &a) -> Status {
                          jl::send(entry("supervisor_called", jl::Priority::Notice,
                                         std::string("waiting for the supervisor: ") + supervisor_reason_name(a.reason),
                                         supervisor_reason_name(a.reason)));
                          return {};
                        },
                        [&](const ClearScreen &) -> Status {
                          review_ = {};
                          return {};
                        },
                    },
                    action);
}

void Booth::card_placed(CardHolder card) {
  offered_card_ = card;
  handle(CardPlaced{card.name, card.gender, card.roster_id});
  offered_card_.reset();
}

void Booth::card_placed(std::string name, Gender gender, std::string id_number) {
  CardHolder c;
  c.name.chinese = std::move(name);
  c.gender = gender;
  c.roster_id = std::move(id_number);
  c.card_type = "resident";
  card_placed(std::move(c));
}

void Booth::card_removed() { handle(CardRemoved{}); }

void Booth::frame_shown(bool guidance_ready) {
  if (wf_.state() != State::LiveView) return;
  // A frame never changes what is shown: no redraw. Whether it counts as the student's
  // activity (only past the identity screen) is the workflow's call.
  (void)wf_.handle(Frame{guidance_ready});
}

void Booth::capture_finished(Result<std::vector<std::uint8_t>> original) {
  if (wf_.state() != State::Capturing) return;  // the student left meanwhile
  auto failed = [this](const Error &e) {
    fail(e);
    jl::send(entry("capture_failed", jl::Priority::Warning, e.message_en, e.code));
    CaptureDone d;
    d.ok = false;
    d.error = e;
    handle(d);
  };
  if (!original) {
    failed(original.error());
    return;
  }
  analyzing_ = true;
  if (ports_.changed) ports_.changed();
  const int generation = capture_generation_;
  auto bytes = std::make_shared<std::vector<std::uint8_t>>(std::move(*original));
  ports_.analyze(*bytes, [this, generation, bytes, failed](Result<CaptureVerdict> verdict) {
    if (generation != capture_generation_ || wf_.state() != State::Capturing) return;
    analyzing_ = false;
    if (!verdict) {
      failed(verdict.error());
      return;
    }
    CaptureDone d;
    AttemptInput in;
    in.id_number = wf_.current_id_number();
    in.original_jpeg = *bytes;
    in.spec_jpeg = verdict->spec_jpeg;
    in.measures_json = verdict->measures_json;
    in.crop_json = verdict->crop_json;
    in.pass = verdict->pass && !verdict->spec_jpeg.empty();
    std::string failing;
    for (const auto &c : verdict->checks) {
      if (c.pass) continue;
      in.failed_checks.push_back(c.id);
      failing += (failing.empty() ? "" : ",") + c.id;
      if (in.reason_zh.empty()) in.reason_zh = c.reason_zh;
      d.reasons_zh.push_back(c.reason_zh);
      d.reasons_en.push_back(c.reason_en);
    }
    auto attempt = store_.record_attempt(in);
    if (!attempt) {
      failed(attempt.error());
      return;
    }
    jl::send(entry("capture", jl::Priority::Info, std::string("capture ") + (in.pass ? "passed" : "failed") + " the checks", failing,
                   {{"pass", in.pass ? "1" : "0"}, {"attempt", std::to_string(*attempt)}}));
    review_.cropped = !verdict->spec_jpeg.empty();
    // The review shows the spec photo; the camera original (megabytes) is not kept for it.
    review_.photo_jpeg = review_.cropped ? std::move(verdict->spec_jpeg) : *bytes;
    review_.checks = verdict->checks;
    review_.pass = in.pass;
    d.ok = true;
    d.attempt = *attempt;
    d.pass = in.pass;
    handle(d);
  });
}

void Booth::device_fault(std::string device, Error error) {
  jl::send(entry("fault", jl::Priority::Err, device + ": " + error.message_en, error.message_en, {{"device", device}}));
  handle(DeviceFault{std::move(device), std::move(error)});
}

void Booth::device_recovered(std::string device) {
  jl::send(entry("recovered", jl::Priority::Notice, device + " is back", "", {{"device", device}}));
  handle(DeviceRecovered{std::move(device)});
}

void Booth::tick(Clock::time_point now) {
  const State before = wf_.state();
  const int left = wf_.view().countdown_left_s;
  handle(Tick{now}, /*notify=*/false);
  // Redraw only when the tick changed something visible (ticks come every 100 ms).
  if ((wf_.state() != before || wf_.view().countdown_left_s != left) && ports_.changed) ports_.changed();
}

void Booth::confirm_identity() { handle(IdentityConfirmed{}); }
void Booth::reject_identity() { handle(IdentityRejected{}); }
void Booth::shoot() { handle(StartCountdown{}); }

void Booth::accept() {
  if (!review_.pass) return;  // the button is disabled; a D-Bus call must not bypass it
  handle(StudentAccept{});
}

void Booth::retake() { handle(StudentRetake{}); }

DecisionOutcome Booth::decide(Event e, const std::string &who, const std::string &why) {
  const std::string masked = wf_.view().masked_id;  // before a skip forgets the student
  std::string number;
  if (const auto *v = std::get_if<SupervisorVoid>(&e); v && v->number) number = v->number->text();
  handle(std::move(e));
  DecisionOutcome out = wf_.last_outcome().value_or(DecisionOutcome{});
  if (out.decision == "override" && out.applied() && wf_.view().number) number = wf_.view().number->text();
  auto note = entry(out.decision, out.applied() ? jl::Priority::Notice : jl::Priority::Warning, out.text_en, why,
                    {{"who", who}, {"outcome", decision_status_name(out.status)}, {"code", out.code}});
  note.masked_id = masked;
  note.number = number;
  jl::send(note);
  return out;
}

DecisionOutcome Booth::override_accept(const std::string &who, const std::string &reason) {
  return decide(SupervisorOverride{Decision{who, reason}}, who, reason);
}

DecisionOutcome Booth::force_retake(const std::string &who, const std::string &reason) {
  return decide(SupervisorRetake{Decision{who, reason}}, who, reason);
}

DecisionOutcome Booth::void_number(std::optional<SequenceNumber> number, const std::string &who, const std::string &reason) {
  return decide(SupervisorVoid{number, Decision{who, reason}}, who, reason);
}

DecisionOutcome Booth::void_last(const std::string &who, const std::string &reason) {
  auto last = last_accepted_number(store_);
  if (!last)
    return DecisionOutcome{"void", DecisionStatus::RefusedByStore, "未完成：" + last.error().message_zh,
                           "Not done: " + last.error().message_en, last.error().code};
  return void_number(*last, who, reason);
}

DecisionOutcome Booth::skip_student(const std::string &who, const std::string &reason) {
  return decide(SupervisorSkip{Decision{who, reason}}, who, reason);
}

DecisionOutcome Booth::pause() { return decide(SupervisorPause{}, "supervisor", {}); }
DecisionOutcome Booth::resume() { return decide(SupervisorResume{}, "supervisor", {}); }

Screen Booth::screen() const { return screen_for(wf_.state(), view()); }

}  // namespace gradbooth::ui
