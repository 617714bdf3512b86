// The screens the student sees, one page of the booth window each. The flow compares screens as
// values; a screen's name is needed only where it leaves the program (the D-Bus "screen" state
// and status line that tests and the demo read, the window's stack page, the panel's catalogue
// key), and comes from the one table in screen.cpp.
#pragma once

#include "core/workflow.h"

#include <string_view>

namespace gradbooth::ui {

enum class Screen { Welcome, Identity, Wait, Live, Countdown, Capturing, Review, Done, Fault, Paused };

// welcome, identity, wait, live, countdown, capturing, review, done, fault, paused.
std::string_view screen_name(Screen s);

// The screen the workflow's state and view call for. A student not yet confirmed sees the
// identity screen over the live view; a supervisor check turns it into the wait screen.
Screen screen_for(core::State state, const core::ScreenModel &view);

// The live picture is on screen (alone or under the countdown).
inline bool shows_live(Screen s) { return s == Screen::Live || s == Screen::Countdown; }

}  // namespace gradbooth::ui
