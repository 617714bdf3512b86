// The booth's glue, GTK-free: hosts core's Workflow on the main thread, turns device results
// into workflow events and carries out the workflow's actions against the store, the camera
// and the analyzer. The workflow owns the visit (identity confirmation included); the booth
// never invents an event of its own. Supervisor decisions come back as core::DecisionOutcome,
// which the panel shows as it is. Every card read, verdict, accept, decision and fault is
// written to the journal. Screens only read view() / review() and call the button methods;
// everything here is testable without a display or devices.
#pragma once

#include "booth/card_holder.h"
#include "booth/screen.h"
#include "booth/sound.h"
#include "core/journal.h"
#include "core/store.h"
#include "core/workflow.h"

#include <gradbooth/result.h>

#include <check_result.h>

#include <cstdint>
#include <deque>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gradbooth::ui {

// What the analyzer said about one capture, as the review screen needs it.
struct CaptureVerdict {
  bool pass = false;
  std::vector<models::CheckResult> checks;
  std::vector<std::uint8_t> spec_jpeg;  // empty when the crop cannot be made
  std::string measures_json;
  std::string crop_json;
};

// The review screen's content: the photo as it will be submitted, and every check.
struct ReviewData {
  std::vector<std::uint8_t> photo_jpeg;  // spec photo, or the original when no crop exists
  bool cropped = false;
  std::vector<models::CheckResult> checks;
  bool pass = false;
};

class Booth {
public:
  struct Ports {
    std::function<void(bool)> set_liveview;  // camera thread
    std::function<void()> request_capture;   // camera thread; answer via capture_finished()
    // Runs the analysis of one camera original off the main thread. `done` must be called on
    // the main thread (post it through MainQueue).
    std::function<void(std::vector<std::uint8_t> original, std::function<void(Result<CaptureVerdict>)> done)> analyze;
    std::function<void()> changed;  // anything shown changed: redraw
    SoundPort *sound = nullptr;     // ticks, shutter, chime; null: silent
    bool sound_enabled = false;     // [ui].sound
  };

  Booth(core::WorkflowOptions opts, core::Store &store, Ports ports);

  // --- devices (main thread) ---
  // The whole card: its roster number, kind, and the reader's warnings for the photographer.
  void card_placed(CardHolder card);
  // A resident card without warnings (tests, the D-Bus test card).
  void card_placed(std::string name, core::Gender gender, std::string id_number);
  void card_removed();
  void capture_finished(Result<std::vector<std::uint8_t>> original);
  void frame_shown(bool guidance_ready);
  void device_fault(std::string device, Error error);
  void device_recovered(std::string device);
  void tick(core::Clock::time_point now);

  // --- student buttons ---
  void confirm_identity();
  void reject_identity();
  void shoot();
  void accept();
  void retake();

  // --- supervisor decisions: applied, or refused by the state or by the store (zh/en text) ---
  core::DecisionOutcome override_accept(const std::string &who, const std::string &reason);
  core::DecisionOutcome force_retake(const std::string &who, const std::string &reason);
  core::DecisionOutcome void_number(std::optional<core::SequenceNumber> number, const std::string &who, const std::string &reason);
  // Voids the number accepted last (core's read view picks it; none: refused by the workflow).
  core::DecisionOutcome void_last(const std::string &who, const std::string &reason);
  core::DecisionOutcome skip_student(const std::string &who, const std::string &reason);
  core::DecisionOutcome pause();
  core::DecisionOutcome resume();

  const core::ScreenModel &view() const { return wf_.view(); }
  core::State state() const { return wf_.state(); }
  // "Not me" ended the last visit: the welcome screen tells them to see the photographer.
  bool rejected_notice() const { return wf_.view().rejected_notice; }
  const ReviewData &review() const { return review_; }
  // The card of the student in front of the booth (kept when the card is lifted mid-flow,
  // forgotten with the student); nullptr when there is none.
  const CardHolder *card() const { return card_ ? &*card_ : nullptr; }
  bool analyzing() const { return analyzing_; }
  // The last store/device error outside a supervisor decision (zh, en).
  const Error *last_error() const { return last_error_ ? &*last_error_ : nullptr; }
  const std::string &batch() const { return batch_; }
  // The ID number of the student at the booth now (empty between visits; never shown).
  const std::string &current_id_number() const { return wf_.current_id_number(); }
  // Sound cues asked for so far (0 while [ui].sound is off).
  int sounds_requested() const { return cues_.requested(); }

  // The screen the student sees now (screen_name() gives the D-Bus "screen" state's name).
  Screen screen() const;

private:
  void handle(core::Event e, bool notify = true);
  Status perform(const core::Action &a);
  void fail(Error e);
  // A journal entry about the student on screen: this batch and their masked ID filled in.
  core::journal::Entry entry(std::string event, core::journal::Priority priority, std::string message, std::string reason,
                             std::vector<std::pair<std::string, std::string>> fields = {}) const;
  core::DecisionOutcome decide(core::Event e, const std::string &who, const std::string &why);

  core::Workflow wf_;
  core::Store &store_;
  Ports ports_;
  std::string batch_;
  std::deque<core::Event> pending_;
  bool handling_ = false;
  ReviewData review_;
  bool analyzing_ = false;
  int capture_generation_ = 0;  // a capture result for a student who left is dropped
  std::optional<Error> last_error_;
  std::optional<CardHolder> card_;
  std::optional<CardHolder> offered_card_;  // the card being placed, until the workflow takes it
  SoundCues cues_;
};

}  // namespace gradbooth::ui
