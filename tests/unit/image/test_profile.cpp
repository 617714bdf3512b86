// Profiles: the committed files parse to the standard's numbers; malformed ones are errors.
#include "image_test_support.h"

#include <image/profile.h>

#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <utility>

using namespace gradbooth::models;

namespace {
std::string profile_text(const std::string &name) {
  const auto p = image_test::env_path("GRADBOOTH_SOURCE_ROOT") / "config" / "profiles" / name;
  const auto b = image_test::read_file(p);
  REQUIRE_MESSAGE(!b.empty(), p.string());
  return {b.begin(), b.end()};
}

// One row per window of a profile: its name, the parsed range, the expected bounds.
struct Window {
  const char *name;
  Range parsed;
  double min, max;
};
void check_windows(std::initializer_list<Window> rows) {
  for (const Window &w : rows) {
    CAPTURE(w.name);
    CHECK(w.parsed.min == w.min);
    CHECK(w.parsed.max == w.max);
  }
}
}  // namespace

TEST_CASE("the default profile is SPEC §5") {
  auto s = parse_standard(profile_text("xinhua-960x1280.toml"));
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message_en));
  const StandardProfile &p = s->profile;
  CHECK(p.name == "xinhua-960x1280");
  CHECK(p.width == 960);
  CHECK(p.height == 1280);
  CHECK(p.dpi == 300);
  CHECK(p.file_bytes_floor == 40960);
  // SPEC §5's framing: the official 480×640 standard doubled, with the planner's aims.
  check_windows({{"file_bytes", p.file_bytes, 563200, 650000},
                 {"head_top_px", p.head_top_px, 100, 220},
                 {"head_top_aim_px", p.head_top_aim_px, 130, 150},
                 {"eye_line_px", p.eye_line_px, 400, 600},
                 {"face_width_px", p.face_width_px, 360, 600},
                 {"face_width_aim_px", p.face_width_aim_px, 360, 390},
                 {"chin_aim_px", p.chin_aim_px, 800, 840}});
  CHECK(p.eye_line_aim_px == 480);
  CHECK(p.chin_max_px == 853);
  CHECK(p.shoulders_in_frame);
  CHECK(p.background_rgb[0] == 100);
  CHECK(p.background_rgb[1] == 197);
  CHECK(p.background_rgb[2] == 255);
  CHECK(s->thresholds.get("light_ratio.min", -1) == doctest::Approx(0.8));
  CHECK(s->thresholds.get("no.such.key", -1) == -1);
}

TEST_CASE("the legacy profile is the 480×640 standard: the default one at half scale") {
  auto p = parse_profile(profile_text("legacy-480x640.toml"));
  REQUIRE(p.ok());
  auto d = parse_profile(profile_text("xinhua-960x1280.toml"));
  REQUIRE(d.ok());
  for (const auto &[half, full] : {std::pair{p->head_top_px, d->head_top_px}, std::pair{p->eye_line_px, d->eye_line_px},
                                   std::pair{p->face_width_px, d->face_width_px}, std::pair{p->head_top_aim_px, d->head_top_aim_px},
                                   std::pair{p->face_width_aim_px, d->face_width_aim_px}, std::pair{p->chin_aim_px, d->chin_aim_px}}) {
    CHECK(half.min == full.min / 2);
    CHECK(half.max == full.max / 2);
  }
  CHECK(p->eye_line_aim_px == d->eye_line_aim_px / 2);
  CHECK(p->chin_max_px == std::floor(d->chin_max_px / 2));
  CHECK(p->width == 480);
  CHECK(p->height == 640);
  check_windows(
      {{"head_top_px", p->head_top_px, 50, 110}, {"eye_line_px", p->eye_line_px, 200, 300}, {"face_width_px", p->face_width_px, 180, 300}});
  CHECK(p->file_bytes.max == 40000);
}

TEST_CASE("a profile may set only what it changes") {
  auto p = parse_profile("name = \"white\"\n[background]\nrgb = [255, 255, 255]\n");
  REQUIRE(p.ok());
  CHECK(p->name == "white");
  CHECK(p->background_rgb[1] == 255);
  CHECK(p->width == 960);
}

TEST_CASE("nested and flat checks both become dotted keys") {
  auto s = parse_standard("[checks]\n\"pose_yaw.max\" = 5\n[checks.pose_roll]\nmax = 8.5\n");
  REQUIRE(s.ok());
  CHECK(s->thresholds.get("pose_yaw.max", 0) == 5.0);
  CHECK(s->thresholds.get("pose_roll.max", 0) == 8.5);
}

TEST_CASE("a profile no typical face can meet is refused at load, naming the windows") {
  // Eyes 200–300 px from the top under a crown at 100–220 px and a face of at least 360 px:
  // a face's eyes sit ~0.9 face widths (≥ 324 px) below its crown, so never there.
  auto p = parse_profile("[framing]\neye_line_px = [200, 300]\neye_line_aim_px = 250\n");
  REQUIRE_FALSE(p.ok());
  CHECK(p.error().message_en.find("contradict") != std::string::npos);
  CHECK(p.error().message_en.find("eye_line_px 200–300 px") != std::string::npos);
  // Aims that agree with no typical face: the crown aim too low for the eye aim.
  auto q = parse_profile("[framing]\nhead_top_aim_px = [200, 220]\n");
  REQUIRE_FALSE(q.ok());
  CHECK(q.error().message_en.find("aims contradict") != std::string::npos);
}

TEST_CASE("malformed profiles are errors with a reason") {
  for (const char *bad : {
           "width = ",                                   // not TOML
           "[output]\nwidth = \"wide\"\n",               // wrong type
           "[output]\nwidth = -3\n",                     // out of range
           "[output]\nfile_bytes = [650000, 563200]\n",  // min > max
           "[output]\nfile_bytes = [1]\n",               // not a pair
           "[output]\nfile_bytes_floor = 600000\n",      // floor above window
           "[framing]\ncheek_margin_px = [118, 177]\n",  // the old centimetre rule, gone
           "[framing]\neye_lines_px = [400, 600]\n",     // misspelt: never silently the default
           "[framing]\nface_width_px = [360, 1200]\n",   // wider than the photo
           "[framing]\nchin_max_px = 1000\n",            // less than a third of upper body
           "[framing]\nhead_top_aim_px = [90, 120]\n",   // an aim outside its window
           "[framing]\nshoulders_in_frame = 1\n",        // wrong type
           "[background]\nrgb = [100, 197]\n",
           "[background]\nrgb = [100, 197, 300]\n",
           "[checks]\nfoo = \"bar\"\n",
       }) {
    CAPTURE(bad);
    auto p = parse_standard(bad);
    REQUIRE_FALSE(p.ok());
    CHECK(p.error().code == "profile.invalid");
    CHECK_FALSE(p.error().message_zh.empty());
  }
}
