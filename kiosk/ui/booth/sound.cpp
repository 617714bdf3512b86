#include "booth/sound.h"

namespace gradbooth::ui {

using core::State;

namespace {

struct CueEntry {
  Cue cue;
  const char *name;
  const char *event_id;  // in the freedesktop sound theme
};

constexpr CueEntry kCues[] = {
    // A short click: a 3-2-1 of longer sounds would run into each other.
    {Cue::Tick, "tick", "audio-volume-change"},
    {Cue::Shutter, "shutter", "camera-shutter"},
    {Cue::Done, "done", "complete"},
};

const CueEntry *entry(Cue c) {
  for (const auto &e : kCues)
    if (e.cue == c) return &e;
  return nullptr;
}

}  // namespace

const char *cue_event_id(Cue c) {
  const CueEntry *e = entry(c);
  return e ? e->event_id : "bell";
}

const char *cue_name(Cue c) {
  const CueEntry *e = entry(c);
  return e ? e->name : "?";
}

void SoundCues::play(Cue c) {
  if (!enabled_) return;
  ++requested_;
  if (port_) port_->play(c);
}

void SoundCues::step(State before, int countdown_before, const core::ScreenModel &after) {
  // Each second of the countdown as it appears on screen (3, 2, 1), entered afresh or counted down.
  if (after.state == State::Countdown && after.countdown_left_s > 0 &&
      (before != State::Countdown || after.countdown_left_s != countdown_before))
    play(Cue::Tick);
  if (after.state == State::Capturing && before != State::Capturing) play(Cue::Shutter);
  // Only a visit that ends with its number: a skip or "not me" ends on the welcome screen.
  if (after.state == State::Done && before != State::Done && after.number) play(Cue::Done);
}

}  // namespace gradbooth::ui
