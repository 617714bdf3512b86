// The verdict: raw measures + thresholds → one CheckResult per rule, each with the value, the
// limit and a sentence (zh/en) telling the student what to do. Pure; no pixels here. The rules
// are the modules of models/checks/, applied in the order of checks/registry.cpp (this one).
//
// Stable check ids, in report order: faces, orientation, pose_yaw, pose_pitch, pose_roll,
// eyes_open, mouth_closed, ear_symmetry, head_top, eye_line, face_width, chin,
// shoulders_visible, shoulders_level, background_colour, background_uniform, light_balance,
// exposure, highlights, sharpness, red_eye, glasses_glare, crop_fits, resolution, upscale (soft),
// file_size. The framing checks (head_top … shoulders_level) judge the rendered photo itself.
#pragma once

#include "check_result.h"
#include "image/crop_plan.h"
#include "image/pixel_measures.h"
#include "measures/landmark_measures.h"
#include "standard.h"

#include <cstddef>
#include <optional>
#include <vector>

namespace gradbooth::models {

// The framing as measured on the rendered photo (what the agency's checker sees), in its pixels.
struct OutputFraming {
  double head_top = -1;                         // crown row, -1 = not found (hair at the top edge, or no backdrop)
  double eye_line = -1;                         // mean row of the two eye centres (landmarks re-fitted on the photo)
  double face_width = -1;                       // |x16 − x0|
  double chin = -1;                             // row of landmark 8
  int shoulders_left = 0, shoulders_right = 0;  // columns showing each shoulder line
  double shoulder_tilt_deg = 0;
};

struct Measurements {
  int face_count = 0;
  int exif_orientation = 1;
  std::optional<LandmarkMeasures> face;   // the main face (absent when face_count == 0)
  std::optional<PixelMeasures> pixels;    // measured around the crop on the reduced original
  std::optional<OutputFraming> framing;   // measured on the rendered photo (absent: no photo)
  std::optional<CropPlan> crop;           // planned when there was exactly one face
  cv::Size output_size;                   // of the rendered photo (0×0 when none)
  double source_eye_distance = 0;         // full-resolution pixels
  std::optional<std::size_t> file_bytes;  // of the spec JPEG
  bool file_under_window = false;
};

std::vector<CheckResult> make_verdict(const Measurements &m, const Standard &standard);

}  // namespace gradbooth::models
