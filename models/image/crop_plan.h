// Where to cut the standard photo out of the camera original: scale and place so the head top
// and cheeks land in the profile's windows. A plan that needs pixels outside the camera frame
// does not fit (a retake reason): the standard forbids padding.
#pragma once

#include "decode.h"

#include <standard.h>

#include <opencv2/core.hpp>

#include <string>

namespace gradbooth::models {

struct FramingFeatures {   // full-resolution source coordinates
  double head_top_y;       // hair top
  double cheek_left_x;     // landmark 0 (image-left cheek contour)
  double cheek_right_x;    // landmark 16
  double face_centre_x;    // e.g. nose bridge / midpoint
};

struct CropPlan {
  bool fits = false;            // false: a retake reason (never padded)
  cv::Rect2d source;            // source rectangle, aspect = profile width/height
  double scale = 1.0;           // output px per source px
  bool upscales = false;        // scale > 1: warn
  // Predicted in the output, as the standard states them: hair top to the top edge, landmark 0
  // to the left edge, landmark 16 to the right edge (all margins, in output pixels).
  double head_top_px = 0, cheek_left_px = 0, cheek_right_px = 0;
  std::string reason_en, reason_zh;                                // why it does not fit
};

CropPlan plan_crop(const FramingFeatures &f, cv::Size source_size, const StandardProfile &p);

// Region decode + resize (INTER_AREA when shrinking) to p.width × p.height.
Result<cv::Mat> render_crop(std::span<const std::uint8_t> jpeg, const CropPlan &plan, const StandardProfile &p);

} // namespace gradbooth::models
