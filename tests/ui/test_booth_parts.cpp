// The booth's smaller parts: sound cues, the catalogue and the screens' names, the main queue,
// [camera] → the gphoto2 driver's options.
#include "booth_rig.h"

#include "booth/main_queue.h"
#include "camera_options.h"
#include "core/config.h"

#include <algorithm>
#include <fstream>
#include <sstream>
#include <thread>

using namespace gradbooth;
using namespace gradbooth::ui;
using namespace gradbooth::ui::booth_rig;

namespace {
std::string cues(const std::vector<Cue> &played) {
  std::string out;
  for (Cue c : played) out += (out.empty() ? "" : " ") + std::string(cue_name(c));
  return out;
}
}  // namespace

TEST_CASE("sound: a tick each countdown second, the shutter at the capture, the chime at the number") {
  Rig r;
  r.booth->card_placed("张伟", Gender::Male, kZhang);
  r.booth->confirm_identity();
  CHECK(r.sound.played.empty());  // nothing before the countdown
  r.booth->shoot();
  CHECK(cues(r.sound.played) == "tick");  // "3" on screen
  // 100 ms ticks: one sound per second shown, not per tick.
  for (int i = 0; i < 15; ++i) r.advance(std::chrono::milliseconds(100));
  CHECK(r.booth->view().countdown_left_s == 2);
  CHECK(cues(r.sound.played) == "tick tick");
  for (int i = 0; i < 40 && r.booth->state() == State::Countdown; ++i) r.advance(std::chrono::milliseconds(100));
  REQUIRE(r.booth->state() == State::Capturing);
  CHECK(cues(r.sound.played) == "tick tick tick shutter");
  r.next_verdicts.push_back(verdict(false));
  r.booth->capture_finished(std::vector<std::uint8_t>{0xFF, 0xD8, 9, 9, 0xFF, 0xD9});
  REQUIRE(r.booth->state() == State::Review);
  r.booth->retake();  // a failed photo: no chime, a new countdown ticks again
  CHECK(cues(r.sound.played) == "tick tick tick shutter");
  r.to_review(true);
  CHECK(cues(r.sound.played) == "tick tick tick shutter tick tick tick shutter");
  r.booth->accept();
  REQUIRE(r.booth->view().number.has_value());
  CHECK(cues(r.sound.played) == "tick tick tick shutter tick tick tick shutter done");
  CHECK(r.booth->sounds_requested() == 9);
  // The freedesktop theme's events (sound-theme-freedesktop ships them).
  CHECK(std::string(cue_event_id(Cue::Shutter)) == "camera-shutter");
  CHECK(std::string(cue_event_id(Cue::Done)) == "complete");
  // Done screen times out, the next visit ends with a skip: no chime without a number.
  r.booth->card_removed();
  r.booth->card_placed("王芳", Gender::Female, kWang);
  r.booth->reject_identity();
  CHECK(r.sound.played.size() == 9);
}

TEST_CASE("sound: [ui] sound = false asks for nothing through a whole visit") {
  Rig r(/*sound_on=*/false);
  r.to_review(true);
  r.booth->accept();
  REQUIRE(r.booth->view().number.has_value());
  CHECK(r.sound.played.empty());
  CHECK(r.booth->sounds_requested() == 0);
}

TEST_CASE("sound: [ui] sound is a strict boolean, on by default") {
  auto on = core::parse_config("[ui]\nlanguage = \"en\"\n");
  REQUIRE(on.ok());
  CHECK(on->ui.sound);
  auto off = core::parse_config("[ui]\nsound = false\n");
  REQUIRE_MESSAGE(off.ok(), (off.ok() ? "" : off.error().message_en));
  CHECK_FALSE(off->ui.sound);
  CHECK_FALSE(core::parse_config("[ui]\nsound = \"no\"\n").ok());
}

TEST_CASE("catalogue: every key has both languages; unknown keys show themselves") {
  CHECK(tr(Lang::Zh, "done.number") == "您的序号是");
  CHECK(tr(Lang::En, "done.number") == "Your number is");
  CHECK(tr(Lang::En, "no.such.key") == "no.such.key");
  CHECK(fill(tr(Lang::En, "status.numbers_left"), "12") == "12 numbers left");
  CHECK(parse_lang("en_US.UTF-8") == Lang::En);
  CHECK(parse_lang("zh_CN") == Lang::Zh);
}

// Every screen, in the order of the enum.
constexpr Screen kScreens[] = {Screen::Welcome,   Screen::Identity, Screen::Wait, Screen::Live,  Screen::Countdown,
                               Screen::Capturing, Screen::Review,   Screen::Done, Screen::Fault, Screen::Paused};

TEST_CASE("screens: their names are the ones the D-Bus screen state and the status line always used") {
  // tests/ui/*.sh, the demo and the systemd notes read these words: they must not change.
  std::vector<std::string> names;
  for (Screen s : kScreens) names.emplace_back(screen_name(s));
  CHECK(names ==
        std::vector<std::string>{"welcome", "identity", "wait", "live", "countdown", "capturing", "review", "done", "fault", "paused"});
  CHECK(shows_live(Screen::Live));
  CHECK(shows_live(Screen::Countdown));
  CHECK_FALSE(shows_live(Screen::Identity));
}

TEST_CASE("catalogue: the panel names every booth screen in the chosen language") {
  for (Screen screen : kScreens) {
    const std::string name(screen_name(screen));
    CAPTURE(name);
    const std::string zh(screen_label(Lang::Zh, screen)), en(screen_label(Lang::En, screen));
    CHECK(zh != name);
    CHECK(en != zh);
    // Chinese mode shows no English identifier ("Review • review" was the bug).
    CHECK(std::none_of(zh.begin(), zh.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }));
  }
  CHECK(screen_label(Lang::Zh, Screen::Review) == "确认照片");
}

TEST_CASE("MainQueue runs jobs pushed from another thread on the draining thread") {
  int wakes = 0;
  MainQueue q([&] { ++wakes; });
  int ran = 0;
  std::thread t([&] {
    for (int i = 0; i < 5; ++i) q.push([&] { ++ran; });
  });
  t.join();
  CHECK(wakes == 5);
  CHECK(ran == 0);
  CHECK(q.drain() == 5);
  CHECK(ran == 5);
}

TEST_CASE("[camera] reaches the gphoto2 driver: capture timeout, busy retries, low battery") {
  const char *root = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(root != nullptr);
  const fs::path file = fs::path(root) / "config" / "gradbooth.toml";
  std::ifstream in(file);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  // The shipped file's values, then changed ones: both must arrive unchanged in the options.
  auto shipped = core::parse_config(text, file.parent_path());
  REQUIRE_MESSAGE(shipped.ok(), (shipped.ok() ? "" : shipped.error().message_en));
  auto o = gphoto2_options(shipped->camera);
  CHECK(o.capture_timeout == std::chrono::milliseconds(10000));
  CHECK(o.busy_retries == 5);
  CHECK(o.low_battery_percent == 10);
  auto set = [&text](const std::string &key, const std::string &value) {
    const auto at = text.find("\n" + key + " = ");
    REQUIRE(at != std::string::npos);
    const auto end = text.find('\n', at + 1);
    text.replace(at + 1, end - at - 1, key + " = " + value);
  };
  set("capture_timeout_ms", "2500");
  set("busy_retries", "2");
  set("low_battery_percent", "25");
  auto changed = core::parse_config(text, file.parent_path());
  REQUIRE(changed.ok());
  o = gphoto2_options(changed->camera);
  CHECK(o.capture_timeout == std::chrono::milliseconds(2500));
  CHECK(o.busy_retries == 2);
  CHECK(o.low_battery_percent == 25);
}
