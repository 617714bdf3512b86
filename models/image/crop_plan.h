// Where to cut the standard photo out of the camera original: scale and place so the crown, eye
// line, face width and chin land in the profile's windows, as near its aims as the frame allows. A plan that needs pixels outside the camera frame
// does not fit (a retake reason): the standard forbids padding.
#pragma once

#include "decode.h"

#include <standard.h>

#include <opencv2/core.hpp>

#include <string>

namespace gradbooth::models {

struct FramingFeatures {  // full-resolution source coordinates
  double head_top_y;      // crown: the hair top
  double eye_line_y;      // mean of the two eye centres
  double chin_y;          // landmark 8
  double cheek_left_x;    // landmark 0 (image-left cheek contour)
  double cheek_right_x;   // landmark 16
};

// Why a plan does not fit, in the order a photographer would fix it. Guidance turns the same
// value into a live hint, the verdict into a retake reason.
enum class CropProblem {
  None,
  NoOutline,    // no usable face outline
  HeadTooTall,  // crown-to-chin too tall for the face width: high hair/bun, or a long face
  EyesTooLow,   // eyes too far below the crown for the eye window (very high hair)
  TooClose,     // the standard crop would need more than the camera frame
  TooFarLeft,   // face too near the image-left edge (the student's right)
  TooFarRight,
  TooHigh,  // not enough room above the head in the camera frame
  TooLow,   // the shoulders would be cut off by the camera frame's bottom
};

struct CropPlan {
  bool fits = false;  // false: a retake reason (never padded)
  CropProblem problem = CropProblem::NoOutline;
  cv::Rect2d source;      // source rectangle, aspect = profile width/height
  double scale = 1.0;     // output px per source px
  bool upscales = false;  // scale > 1: warn
  // Where the plan puts the features in the output, from its top edge (face width: cheek to
  // cheek; centre offset: face centre to the photo's centre line, signed). Predictions from the
  // source measures: the verdict judges what is measured on the rendered photo instead.
  double head_top_px = 0, eye_line_px = 0, chin_px = 0, face_width_px = 0, centre_offset_px = 0;
  std::string gave_up;               // the window the planner could not meet ("chin", "eye_line", …)
  std::string reason_en, reason_zh;  // why it does not fit
};

CropPlan plan_crop(const FramingFeatures &f, cv::Size source_size, const StandardProfile &p);

// Region decode + resize (INTER_AREA when shrinking) to p.width × p.height.
Result<cv::Mat> render_crop(std::span<const std::uint8_t> jpeg, const CropPlan &plan, const StandardProfile &p);

// The same crop cut from an image already decoded at 1/scale_denom (saves the second pass over
// the entropy data when the caller decoded at 1/2 for detection anyway). An error when that
// would upscale a reduced decode (plan.scale × scale_denom > 1), or when the decode stopped
// above the crop's bottom: use the JPEG overload then.
Result<cv::Mat> render_crop(const DecodedImage &decoded, const CropPlan &plan, const StandardProfile &p);

// How many top rows of a decode at 1/scale_denom (of size `reduced`) render_crop reads for `plan`.
int crop_rows_needed(const CropPlan &plan, int scale_denom, cv::Size reduced);

}  // namespace gradbooth::models
