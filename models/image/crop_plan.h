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
  // Mean y of the eye centres; used only by profiles with an eye-line window (the 480×640 one:
  // eyes 200–300 px from the top). Negative: unknown.
  double eye_line_y = -1;
};

struct CropPlan {
  bool fits = false;            // false: a retake reason (never padded)
  cv::Rect2d source;            // source rectangle, aspect = profile width/height
  double scale = 1.0;           // output px per source px
  bool upscales = false;        // scale > 1: warn
  // Predicted in the output, as the standard states them: hair top to the top edge, landmark 0
  // to the left edge, landmark 16 to the right edge (all margins, in output pixels).
  double head_top_px = 0, cheek_left_px = 0, cheek_right_px = 0;
  double eye_line_px = -1;  // eye line to the top edge, when FramingFeatures has it
  std::string reason_en, reason_zh;                                // why it does not fit
};

CropPlan plan_crop(const FramingFeatures &f, cv::Size source_size, const StandardProfile &p);

// Region decode + resize (INTER_AREA when shrinking) to p.width × p.height.
Result<cv::Mat> render_crop(std::span<const std::uint8_t> jpeg, const CropPlan &plan, const StandardProfile &p);

// The same crop cut from an image already decoded at 1/scale_denom (saves the second pass over
// the entropy data when the caller decoded at 1/2 for detection anyway). An error when that
// would upscale a reduced decode (plan.scale × scale_denom > 1): use the JPEG overload then.
Result<cv::Mat> render_crop(const DecodedImage &decoded, const CropPlan &plan, const StandardProfile &p);

} // namespace gradbooth::models
