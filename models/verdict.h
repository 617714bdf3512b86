// The verdict: raw measures + thresholds → one CheckResult per rule, each with the value, the
// limit and a sentence (zh/en) telling the student what to do. Pure; no pixels here.
//
// Stable check ids, in report order: faces, orientation, pose_yaw, pose_pitch, pose_roll,
// eyes_open, mouth_closed, ear_symmetry, shoulders_level, head_top, background_colour,
// background_uniform, light_balance, exposure, highlights, sharpness, red_eye, glasses_glare,
// crop_fits, resolution, upscale (soft), file_size.
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

struct Measurements {
  int face_count = 0;
  int exif_orientation = 1;
  std::optional<LandmarkMeasures> face;   // the main face (absent when face_count == 0)
  std::optional<PixelMeasures> pixels;    // measured around the crop on the reduced original
  double head_top_output = -1;            // hair top row in the output photo, -1 = unknown
  std::optional<CropPlan> crop;           // planned when there was exactly one face
  cv::Size output_size;                   // of the rendered photo (0×0 when none)
  double source_eye_distance = 0;         // full-resolution pixels
  std::optional<std::size_t> file_bytes;  // of the spec JPEG
  bool file_under_window = false;
};

std::vector<CheckResult> make_verdict(const Measurements &m, const Standard &standard);

} // namespace gradbooth::models
