// Profiles: the committed files parse to the standard's numbers; malformed ones are errors.
#include "image_test_support.h"

#include <image/profile.h>

#include <doctest/doctest.h>

using namespace gradbooth::models;

namespace {
std::string profile_text(const std::string &name) {
  const auto p = image_test::env_path("GRADBOOTH_SOURCE_ROOT") / "config" / "profiles" / name;
  const auto b = image_test::read_file(p);
  REQUIRE_MESSAGE(!b.empty(), p.string());
  return {b.begin(), b.end()};
}
} // namespace

TEST_CASE("the default profile is SPEC §5") {
  auto s = parse_standard(profile_text("xinhua-960x1280.toml"));
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message_en));
  const StandardProfile &p = s->profile;
  CHECK(p.name == "xinhua-960x1280");
  CHECK(p.width == 960);
  CHECK(p.height == 1280);
  CHECK(p.dpi == 300);
  CHECK(p.file_bytes.min == 563200);
  CHECK(p.file_bytes.max == 650000);
  CHECK(p.file_bytes_floor == 40960);
  CHECK(p.head_top_px.min == 71);
  CHECK(p.head_top_px.max == 94);
  CHECK(p.cheek_margin_px.min == 118);
  CHECK(p.cheek_margin_px.max == 177);
  CHECK(p.background_rgb[0] == 100);
  CHECK(p.background_rgb[1] == 197);
  CHECK(p.background_rgb[2] == 255);
  CHECK(s->thresholds.get("light_ratio.min", -1) == doctest::Approx(0.8));
  CHECK(s->thresholds.get("no.such.key", -1) == -1);
}

TEST_CASE("the legacy profile is the 480×640 standard") {
  auto p = parse_profile(profile_text("legacy-480x640.toml"));
  REQUIRE(p.ok());
  CHECK(p->width == 480);
  CHECK(p->height == 640);
  CHECK(p->head_top_px.min == 50);
  CHECK(p->head_top_px.max == 110);
  CHECK(p->eye_line_px.min == 200);
  CHECK(p->eye_line_px.max == 300);
  CHECK(p->face_width_px.min == 180);
  CHECK(p->face_width_px.max == 300);
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

TEST_CASE("malformed profiles are errors with a reason") {
  for (const char *bad : {
           "width = ",                                       // not TOML
           "[output]\nwidth = \"wide\"\n",                    // wrong type
           "[output]\nwidth = -3\n",                          // out of range
           "[output]\nfile_bytes = [650000, 563200]\n",       // min > max
           "[output]\nfile_bytes = [1]\n",                    // not a pair
           "[output]\nfile_bytes_floor = 600000\n",           // floor above window
           "[framing]\ncheek_margin_px = [400, 500]\n",       // no room for a face
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
