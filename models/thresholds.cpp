#include "thresholds.h"

#include <toml++/toml.h>

#include <string>

namespace gradbooth::models {
namespace {

// Why each number: see the comments in config/gradbooth.toml [checks], which repeats them.
Thresholds make_defaults() {
  Thresholds t;
  t.values = {
      {"pose_yaw.max", 8.0},              // degrees, nose-tip symmetry (FGNet frontal ≤ 1.3°, turned ≥ 20°)
      {"pose_pitch.max", 15.0},           // degrees, nose-tip drop below the eye line
      {"pose_roll.max", 6.0},             // degrees, eye line
      {"eyes_open.min", 0.20},            // eye aspect ratio of the more closed eye (blinks ≤ 0.17, open ≥ 0.22)
      {"mouth_closed.max", 0.07},         // inner-lip gap / mouth width (closed ≤ 0.05, smiles ≥ 0.09)
      {"ear_symmetry.min", 0.85},         // narrower / wider half-face (frontal ≥ 0.97, turned ≤ 0.78)
      // Pixel measures of models/image: its names, its defaults (config/profiles/*.toml repeat
      // them per standard and may change them).
      {"shoulder_tilt_deg.max", 4.0},         // |shoulder line| against horizontal
      {"background_delta_e.max", 12.0},       // CIEDE2000 of the mean background to the reference
      {"background_unevenness.max", 10.0},    // worst background cell against the typical one
      {"light_ratio.min", 0.80},              // darker cheek / brighter cheek (阴阳脸)
      {"face_luma.min", 80.0},                // mean face luminance
      {"face_luma.max", 210.0},
      {"highlight_fraction.max", 0.02},       // share of clipped face pixels
      {"sharpness.min", 40.0},                // Laplacian variance on the face at 128 px width
      {"red_eye.max", 0.15},                  // share of strongly red pupil pixels
      {"glare_fraction.max", 0.02},           // near-white pixels over the eyes / lenses
      {"resolution.min_eye_distance", 90.0},  // source pixels between the eye centres (ICAO)
      {"upscale.max", 1.0},               // output px per source px before the soft warning
      {"guide.centre.max", 0.12},         // live view: face centre off the frame centre, share of width
      {"guide.still.max", 0.02},          // live view: face movement between frames, share of width
  };
  return t;
}

void flatten(const toml::table &table, const std::string &prefix, Thresholds &out, std::string &bad) {
  for (const auto &[key, node] : table) {
    const std::string name = prefix.empty() ? std::string(key.str()) : prefix + "." + std::string(key.str());
    if (const auto *sub = node.as_table()) {
      flatten(*sub, name, out, bad);
    } else if (auto v = node.value<double>()) {
      if (!out.values.contains(name) && bad.empty()) bad = "unknown threshold '" + name + "'";
      out.values[name] = *v;
    } else if (bad.empty()) {
      bad = "threshold '" + name + "' is not a number";
    }
  }
}

} // namespace

const Thresholds &default_thresholds() {
  static const Thresholds t = make_defaults();
  return t;
}

// Debian's toml++ is built with exceptions: a parse error is caught here and becomes a value.
static Result<toml::table> parse_toml(std::string_view toml_text) {
  try {
    return toml::parse(toml_text);
  } catch (const toml::parse_error &e) {
    return make_error("config.toml", "config is not valid TOML: " + std::string(e.description()),
                      "配置文件不是有效的 TOML：" + std::string(e.description()));
  }
}

Result<Thresholds> parse_thresholds(std::string_view toml_text, const Thresholds &base) {
  auto doc = parse_toml(toml_text);
  if (!doc) return doc.error();
  Thresholds t = base;
  const toml::table *checks = (*doc)["checks"].as_table();
  if (!checks) return t;
  std::string bad;
  flatten(*checks, "", t, bad);
  if (!bad.empty()) return make_error("config.checks", "[checks]: " + bad, "[checks] 配置错误：" + bad);
  return t;
}

Result<StandardConfig> parse_standard_config(std::string_view toml_text) {
  auto thresholds = parse_thresholds(toml_text);
  if (!thresholds) return thresholds.error();
  auto parsed = parse_toml(toml_text);
  if (!parsed) return parsed.error();
  toml::table &doc = *parsed;
  StandardConfig c;
  c.thresholds = std::move(thresholds.value());
  c.profile_path = doc["standard"]["profile"].value_or(std::string("profiles/xinhua-960x1280.toml"));
  c.landmark_model_path = doc["standard"]["landmark_model"].value_or(
      std::string("/usr/share/dlib/shape_predictor_68_face_landmarks.dat"));
  return c;
}

} // namespace gradbooth::models
