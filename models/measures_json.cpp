#include "measures_json.h"

#include "checks/registry.h"

#include <nlohmann/json.hpp>

#include <cmath>

namespace gradbooth::models {
namespace {

using nlohmann::json;

json num(double v) { return std::isfinite(v) ? json(v) : json(nullptr); }

json landmark_json(const LandmarkMeasures &m) {
  // A field table, packed by hand.
  // clang-format off
  return {{"ear_left", num(m.ear_left)}, {"ear_right", num(m.ear_right)}, {"mouth_opening", num(m.mouth_opening)},
          {"roll_eye_line", num(m.roll)}, {"yaw_nose_symmetry", num(m.yaw)}, {"pitch_nose", num(m.pitch_nose)},
          {"ear_symmetry", num(m.ear_symmetry)}, {"eye_distance", num(m.eye_distance)},
          {"pnp", {{"ok", m.pnp.ok}, {"yaw", num(m.pnp.yaw)}, {"pitch", num(m.pnp.pitch)}, {"roll", num(m.pnp.roll)}}}};
  // clang-format on
}

}  // namespace

std::string measures_json(const MeasureLog &log) {
  json j;
  j["face_count"] = log.face_count;
  j["original"] = {{"width", log.original_size.width}, {"height", log.original_size.height}};
  j["detect_scale_denom"] = log.scale_denom;
  if (log.crop_source_scale_denom > 0) j["crop_source_scale_denom"] = log.crop_source_scale_denom;
  if (log.face) {
    json pts = json::array();
    for (const auto &p : log.face->points) pts.push_back({num(p.x), num(p.y)});
    j["landmarks_68"] = pts;
    j["face_box"] = {log.face->box.x, log.face->box.y, log.face->box.width, log.face->box.height};
    j["detector_score"] = num(log.face->detector_score);
  }
  if (log.landmarks) j["landmark_measures"] = landmark_json(*log.landmarks);
  if (log.output_landmarks) j["output_landmark_measures"] = landmark_json(*log.output_landmarks);
  j["head_top_reduced"] = num(log.head_top_reduced);
  j["head_top_output_measured"] = num(log.head_top_output_measured);
  if (const Measurements *m = log.measurements) {
    j["exif_orientation"] = m->exif_orientation;
    j["source_eye_distance"] = num(m->source_eye_distance);
    if (m->pixels) {
      const PixelMeasures &x = *m->pixels;
      // A field table, packed by hand.
      // clang-format off
      j["pixels"] = {{"head_top_y", num(x.head_top_y)}, {"background_delta_e", num(x.background_delta_e)},
                     {"background_mean_rgb", {num(x.background_mean_rgb[0]), num(x.background_mean_rgb[1]), num(x.background_mean_rgb[2])}},
                     {"background_unevenness", num(x.background_unevenness)}, {"light_ratio", num(x.light_ratio)},
                     {"face_luma", num(x.face_luma)}, {"highlight_fraction", num(x.highlight_fraction)},
                     {"sharpness", num(x.sharpness)}, {"red_eye", num(x.red_eye)}, {"glare_fraction", num(x.glare_fraction)},
                     {"shoulder_tilt_deg", num(x.shoulder_tilt_deg)}};
      // clang-format on
    }
    if (m->crop) {
      const CropPlan &c = *m->crop;
      j["crop"] = {{"fits", c.fits},
                   {"source", {num(c.source.x), num(c.source.y), num(c.source.width), num(c.source.height)}},
                   {"scale", num(c.scale)},
                   {"upscales", c.upscales},
                   {"gave_up", c.gave_up},
                   {"planned",
                    {{"head_top_px", num(c.head_top_px)},
                     {"eye_line_px", num(c.eye_line_px)},
                     {"chin_px", num(c.chin_px)},
                     {"face_width_px", num(c.face_width_px)},
                     {"centre_offset_px", num(c.centre_offset_px)}}}};
    }
    if (m->framing) {
      const OutputFraming &f = *m->framing;
      j["on_photo"] = {{"head_top_px", num(f.head_top)},
                       {"eye_line_px", num(f.eye_line)},
                       {"face_width_px", num(f.face_width)},
                       {"chin_px", num(f.chin)},
                       {"shoulder_columns", {f.shoulders_left, f.shoulders_right}},
                       {"shoulder_tilt_deg", num(f.shoulder_tilt_deg)}};
    }
    if (m->file_bytes) j["file_bytes"] = *m->file_bytes;
  }
  if (log.standard) {
    // The limits this photo was judged by, so a stored verdict can be understood after the
    // config changes.
    json limits = json::object();
    for (const Check *check : check_registry())
      for (const ThresholdDefault &d : check->thresholds)
        limits[std::string(d.key)] = threshold_or_default(log.standard->thresholds, d.key);
    j["thresholds"] = limits;
  }
  return j.dump();
}

}  // namespace gradbooth::models
