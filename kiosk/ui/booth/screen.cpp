#include "booth/screen.h"

#include <array>
#include <utility>

namespace gradbooth::ui {

namespace {

constexpr std::array<std::pair<Screen, std::string_view>, 10> kScreenNames{{
    {Screen::Welcome, "welcome"},
    {Screen::Identity, "identity"},
    {Screen::Wait, "wait"},
    {Screen::Live, "live"},
    {Screen::Countdown, "countdown"},
    {Screen::Capturing, "capturing"},
    {Screen::Review, "review"},
    {Screen::Done, "done"},
    {Screen::Fault, "fault"},
    {Screen::Paused, "paused"},
}};

// Every state but the live view has its own screen.
constexpr std::array<std::pair<core::State, Screen>, 8> kStateScreens{{
    {core::State::Idle, Screen::Welcome},
    {core::State::CardRead, Screen::Wait},
    {core::State::Countdown, Screen::Countdown},
    {core::State::Capturing, Screen::Capturing},
    {core::State::Review, Screen::Review},
    {core::State::Done, Screen::Done},
    {core::State::Fault, Screen::Fault},
    {core::State::Paused, Screen::Paused},
}};

}  // namespace

std::string_view screen_name(Screen s) {
  for (const auto &[screen, name] : kScreenNames)
    if (screen == s) return name;
  return "welcome";
}

Screen screen_for(core::State state, const core::ScreenModel &view) {
  if (state == core::State::LiveView) {
    if (view.supervisor != core::SupervisorReason::None) return Screen::Wait;
    return view.identity_confirmed ? Screen::Live : Screen::Identity;
  }
  for (const auto &[s, screen] : kStateScreens)
    if (s == state) return screen;
  return Screen::Welcome;
}

}  // namespace gradbooth::ui
