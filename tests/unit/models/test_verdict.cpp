// Pure parts: thresholds parsing, the verdict's ids/limits/reasons, the live view's crop plan.
#include "checks/registry.h"
#include "guidance.h"
#include "thresholds.h"
#include "verdict.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <set>

using namespace gradbooth::models;

namespace {

const CheckResult &find(const std::vector<CheckResult> &checks, const std::string &id) {
  auto it = std::find_if(checks.begin(), checks.end(), [&](const CheckResult &c) { return c.id == id; });
  REQUIRE(it != checks.end());
  return *it;
}

Measurements good() {
  Measurements m;
  m.face_count = 1;
  LandmarkMeasures f;
  f.ear_left = f.ear_right = 0.3;
  f.mouth_opening = 0.02;
  f.ear_symmetry = 0.98;
  f.eye_distance = 400;
  m.face = f;
  PixelMeasures x;
  x.head_top_y = 80;
  OutputFraming o;  // SPEC §5's aims, as measured on a rendered photo
  o.head_top = 140;
  o.eye_line = 480;
  o.face_width = 375;
  o.chin = 815;
  o.shoulders_left = o.shoulders_right = PixelMeasures::kShoulderColumns;
  o.shoulder_tilt_deg = 1;
  m.framing = o;
  x.background_delta_e = 3;
  x.background_unevenness = 4;
  x.light_ratio = 0.9;
  x.face_luma = 150;
  x.sharpness = 200;
  m.pixels = x;
  CropPlan c;
  c.fits = true;
  c.scale = 0.3;
  m.crop = c;
  m.output_size = {960, 1280};
  m.source_eye_distance = 400;
  m.file_bytes = 600000;
  return m;
}

}  // namespace

TEST_CASE("defaults and [checks] overrides, flat or nested") {
  CHECK(default_thresholds().get("pose_yaw.max", -1) == 8.0);
  auto t = parse_thresholds("[checks]\npose_yaw.max = 4.5\nmouth_closed = { max = 0.1 }\n");
  REQUIRE(t.ok());
  CHECK(t->get("pose_yaw.max", -1) == 4.5);
  CHECK(t->get("mouth_closed.max", -1) == 0.1);
  CHECK(t->get("eyes_open.min", -1) == 0.20);  // untouched default
  auto none = parse_thresholds("[ui]\nlanguage = \"en\"\n");
  REQUIRE(none.ok());
  CHECK(none->values == default_thresholds().values);
  auto layered = parse_thresholds("[checks]\nsharpness.min = 5\n", *t);
  REQUIRE(layered.ok());
  CHECK(layered->get("pose_yaw.max", -1) == 4.5);
  CHECK(layered->get("sharpness.min", -1) == 5);
}

TEST_CASE("bad [checks] tables are errors, not silent defaults") {
  auto typo = parse_thresholds("[checks]\npose_yaww.max = 4\n");
  REQUIRE_FALSE(typo.ok());
  CHECK(typo.error().message_en.find("pose_yaww.max") != std::string::npos);
  CHECK_FALSE(parse_thresholds("[checks]\npose_yaw.max = \"five\"\n").ok());
  auto broken = parse_thresholds("[checks\n");
  REQUIRE_FALSE(broken.ok());
  CHECK(broken.error().code == "config.toml");
}

TEST_CASE("[standard] section: profile path, landmark model, thresholds") {
  auto c = parse_standard_config("[standard]\nprofile = \"profiles/x.toml\"\n[checks]\nsharpness.min = 10\n");
  REQUIRE(c.ok());
  CHECK(c->profile_path == "profiles/x.toml");
  CHECK(c->landmark_model_path == "/usr/share/dlib/shape_predictor_68_face_landmarks.dat");
  CHECK(c->thresholds.get("sharpness.min", -1) == 10);
}

TEST_CASE("a good photo passes every check, with the stable ids in order") {
  Standard s;
  s.thresholds = default_thresholds();
  const auto checks = make_verdict(good(), s);
  std::vector<std::string> ids;
  for (const auto &c : checks) {
    CAPTURE(c.id);
    CHECK(c.pass);
    CHECK(c.reason_en.empty());
    ids.push_back(c.id);
  }
  const std::vector<std::string> expected = {
      "faces",         "pose_yaw",          "pose_pitch",      "pose_roll",         "eyes_open",
      "mouth_closed",  "ear_symmetry",      "head_top",        "eye_line",          "face_width",
      "chin",          "shoulders_visible", "shoulders_level", "background_colour", "background_uniform",
      "light_balance", "exposure",          "highlights",      "sharpness",         "red_eye",
      "glasses_glare", "crop_fits",         "resolution",      "upscale",           "file_size"};
  CHECK(ids == expected);
  CHECK(all_hard_checks_pass(checks));
}

TEST_CASE("each failing measure fails its own check with an actionable bilingual reason") {
  Standard s;
  s.thresholds = default_thresholds();
  struct Case {
    const char *id;
    void (*spoil)(Measurements &);
  };
  const Case cases[] = {
      {"pose_yaw", [](Measurements &m) { m.face->yaw = 12; }},
      {"pose_pitch", [](Measurements &m) { m.face->pitch = -20; }},
      {"pose_roll", [](Measurements &m) { m.face->roll = 7; }},
      {"eyes_open", [](Measurements &m) { m.face->ear_right = 0.1; }},
      {"mouth_closed", [](Measurements &m) { m.face->mouth_opening = 0.2; }},
      {"ear_symmetry", [](Measurements &m) { m.face->ear_symmetry = 0.6; }},
      {"head_top", [](Measurements &m) { m.framing->head_top = 71; }},  // the notice's old centimetres
      {"head_top", [](Measurements &m) { m.framing->head_top = 230; }},
      {"head_top", [](Measurements &m) { m.framing->head_top = -1; }},   // hair at the top edge
      {"eye_line", [](Measurements &m) { m.framing->eye_line = 660; }},  // today's "big head"
      {"eye_line", [](Measurements &m) { m.framing->eye_line = 390; }},
      {"face_width", [](Measurements &m) { m.framing->face_width = 666; }},
      {"face_width", [](Measurements &m) { m.framing->face_width = 340; }},
      {"chin", [](Measurements &m) { m.framing->chin = 860; }},
      {"shoulders_visible", [](Measurements &m) { m.framing->shoulders_left = 2; }},
      {"shoulders_level", [](Measurements &m) { m.framing->shoulder_tilt_deg = 9; }},
      {"background_colour", [](Measurements &m) { m.pixels->background_delta_e = 30; }},
      {"background_uniform", [](Measurements &m) { m.pixels->background_unevenness = 30; }},
      {"light_balance", [](Measurements &m) { m.pixels->light_ratio = 0.4; }},
      {"exposure", [](Measurements &m) { m.pixels->face_luma = 40; }},
      {"highlights", [](Measurements &m) { m.pixels->highlight_fraction = 0.1; }},
      {"sharpness", [](Measurements &m) { m.pixels->sharpness = 5; }},
      {"red_eye", [](Measurements &m) { m.pixels->red_eye = 0.9; }},
      {"glasses_glare", [](Measurements &m) { m.pixels->glare_fraction = 0.05; }},
      {"crop_fits", [](Measurements &m) { m.crop->fits = false; }},
      {"resolution", [](Measurements &m) { m.source_eye_distance = 50; }},
      {"file_size", [](Measurements &m) { m.file_bytes = 700000; }},
  };
  for (const auto &c : cases) {
    CAPTURE(c.id);
    Measurements m = good();
    c.spoil(m);
    const auto checks = make_verdict(m, s);
    for (const auto &r : checks) {
      if (r.id == c.id) {
        CHECK_FALSE(r.pass);
        CHECK_FALSE(r.reason_zh.empty());
        CHECK_FALSE(r.reason_en.empty());
        CHECK_FALSE(r.limit.empty());
      } else {
        CHECK(r.pass);
      }
    }
    CHECK_FALSE(all_hard_checks_pass(checks));
  }
}

TEST_CASE("upscale is a soft warning; a rotated original fails orientation; a small file above the floor passes") {
  Standard s;
  Measurements m = good();
  m.crop->scale = 1.8;
  auto checks = make_verdict(m, s);
  CHECK_FALSE(find(checks, "upscale").pass);
  CHECK_FALSE(find(checks, "upscale").hard);
  CHECK(all_hard_checks_pass(checks));

  m = good();
  m.exif_orientation = 6;
  checks = make_verdict(m, s);
  CHECK_FALSE(find(checks, "orientation").pass);

  m = good();
  m.file_bytes = 420000;
  m.file_under_window = true;
  CHECK(find(make_verdict(m, s), "file_size").pass);
  m.file_bytes = 30000;
  CHECK_FALSE(find(make_verdict(m, s), "file_size").pass);
}

TEST_CASE("no face: `faces` fails and every face measure is reported unmeasured, failing") {
  Standard s;
  Measurements m;
  const auto checks = make_verdict(m, s);
  CHECK(checks.front().id == "faces");
  CHECK_FALSE(checks.front().pass);
  CHECK(checks.front().reason_zh == "没有检测到人脸，请正对镜头坐好。");
  CHECK_FALSE(find(checks, "eyes_open").pass);
  CHECK_FALSE(find(checks, "file_size").pass);
}

TEST_CASE("the live view plans with the capture's planner: the preview plan keeps the profile's aspect and aims") {
  FaceLandmarks f{};
  for (auto &p : f.points) p = {320, 240};
  f.points[0] = {280, 240};
  f.points[16] = {360, 240};
  // Typical proportions (SPEC §5): brows 200, chin 284, so the crown estimate is 145 and the eyes
  // 0.9 face widths below it.
  f.points[8] = {320, 284};
  for (int i = 17; i <= 26; ++i) f.points[static_cast<std::size_t>(i)] = {320, 200};
  for (int i = 36; i <= 47; ++i) f.points[static_cast<std::size_t>(i)] = {320, 218};
  StandardProfile p;
  const CropPlan c = plan_on_preview(f, {640, 480}, p);
  REQUIRE(c.fits);
  CHECK(c.source.width / c.source.height == doctest::Approx(960.0 / 1280.0));
  // 80 px between the cheeks become 360–390 px in the photo; the eyes land at about 480.
  CHECK(c.face_width_px >= 360);
  CHECK(c.face_width_px <= 390);
  CHECK(c.eye_line_px == doctest::Approx(480).epsilon(0.05));
  CHECK(c.source.x + c.source.width / 2 == doctest::Approx(320));
  // The same face too near the frame's top: the plan refuses, as the capture would.
  for (auto &pt : f.points) pt.y -= 150;
  CHECK_FALSE(plan_on_preview(f, {640, 480}, p).fits);
}

TEST_CASE("the check registry: each check answers under its own id, and the thresholds' keys are the config's") {
  Standard s;
  const Measurements empty;
  for (const Check *check : check_registry()) {
    CAPTURE(check->id);
    CHECK(check->evaluate(empty, s).id == check->id);
    CHECK(check->evaluate(good(), s).id == check->id);
  }
  // The [checks] keys of config/gradbooth.toml and config/profiles/*.toml: renaming one breaks
  // every deployed config.
  const std::set<std::string> expected = {"pose_yaw.max",
                                          "pose_pitch.max",
                                          "pose_roll.max",
                                          "eyes_open.min",
                                          "mouth_closed.max",
                                          "ear_symmetry.min",
                                          "shoulder_tilt_deg.max",
                                          "background_delta_e.max",
                                          "background_unevenness.max",
                                          "light_ratio.min",
                                          "face_luma.min",
                                          "face_luma.max",
                                          "highlight_fraction.max",
                                          "sharpness.min",
                                          "red_eye.max",
                                          "glare_fraction.max",
                                          "resolution.min_eye_distance",
                                          "upscale.max",
                                          "guide.centre.max",
                                          "guide.still.max"};
  std::set<std::string> keys;
  for (const auto &[key, value] : default_thresholds().values) keys.insert(key);
  CHECK(keys == expected);
  CHECK(default_thresholds().get("face_luma.max", -1) == 210.0);
  CHECK(default_thresholds().get("guide.still.max", -1) == 0.02);
}
