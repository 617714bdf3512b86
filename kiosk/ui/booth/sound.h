// The booth's sounds: students look at the lens, not at the screen, during the countdown, so the
// booth ticks each second, plays the shutter at the shot and a chime when the number is given.
// Playing goes through a narrow port (GSound in the daemon, a recording one in tests); when the
// sounds are due is decided here, from the workflow's screen model, so it is tested without a
// sound card.
#pragma once

#include "core/workflow.h"

#include <vector>

namespace gradbooth::ui {

enum class Cue { Tick, Shutter, Done };
// The freedesktop sound theme's event id played for the cue (sound-theme-freedesktop).
const char *cue_event_id(Cue c);
const char *cue_name(Cue c);  // tick, shutter, done

class SoundPort {
public:
  virtual ~SoundPort() = default;
  // Must not block: the main loop calls it.
  virtual void play(Cue cue) = 0;
};

// Tests: remembers what was asked for.
class RecordingSound final : public SoundPort {
public:
  void play(Cue cue) override { played.push_back(cue); }
  std::vector<Cue> played;
};

// Watches the screen model from one workflow step to the next and asks for the cue the step
// calls for: a tick for each countdown second shown, the shutter when the capture starts, the
// chime when the Done screen shows the number. `enabled` is [ui].sound; `port` may be null (no
// sound context could be made): the cues are still counted as asked for.
class SoundCues {
public:
  SoundCues(SoundPort *port, bool enabled) : port_(port), enabled_(enabled) {}
  void step(core::State before, int countdown_before, const core::ScreenModel &after);
  // Cues asked for so far (the daemon's status line: sounds=N).
  int requested() const { return requested_; }

private:
  void play(Cue c);
  SoundPort *port_;
  bool enabled_;
  int requested_ = 0;
};

}  // namespace gradbooth::ui
