#include "booth/sound.h"

namespace gradbooth::ui {

using core::State;

const char *cue_event_id(Cue c) {
  switch (c) {
  // A short click: a 3-2-1 of longer sounds would run into each other.
  case Cue::Tick: return "audio-volume-change";
  case Cue::Shutter: return "camera-shutter";
  case Cue::Done: return "complete";
  }
  return "bell";
}

const char *cue_name(Cue c) {
  switch (c) {
  case Cue::Tick: return "tick";
  case Cue::Shutter: return "shutter";
  case Cue::Done: return "done";
  }
  return "?";
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

} // namespace gradbooth::ui
