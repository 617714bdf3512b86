// Raw pixel measures of one photo given its landmarks. No thresholds here: the verdict
// (models-face) compares these values with the profile's [checks].
#pragma once

#include <face_geometry.h>
#include <standard.h>

#include <opencv2/core.hpp>

namespace gradbooth::models {

struct PixelMeasures {
  double head_top_y = -1;         // hair top row in `bgr` (-1 = not found: hair touches top edge)
  double background_delta_e = 0;  // CIEDE2000 of the mean background vs the profile's reference
  cv::Vec3d background_mean_rgb;
  double background_unevenness = 0;  // spread (max-min) of the background cells' L* (0..100)
  int background_cells = 0;          // cells the background values come from (0: none found)
  double light_ratio = 1;            // darker cheek / brighter cheek luminance, 0..1
  double face_luma = 0;              // mean face luminance 0..255 (exposure)
  double highlight_fraction = 0;     // share of clipped pixels on the face
  double sharpness = 0;              // variance of the Laplacian on the face resampled to a fixed size
  double red_eye = 0;                // redness of the pupils
  double glare_fraction = 0;         // specular blobs in the eye regions
  double shoulder_tilt_deg = 0;      // shoulder line against horizontal
  // Columns beside the neck (of kShoulderColumns each side) in which the shoulder line, where the
  // backdrop above gives way to the body below, lies inside the image above its bottom margin.
  int shoulder_columns_left = 0, shoulder_columns_right = 0;
  static constexpr int kShoulderColumns = 17;
};

PixelMeasures measure_pixels(const cv::Mat &bgr, const FaceLandmarks &face, const StandardProfile &p);

}  // namespace gradbooth::models
