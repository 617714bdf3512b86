// Every raw measure of one check() as JSON, for storage next to the photo (PhotoReport::measures_json).
#pragma once

#include "face_geometry.h"
#include "measures/landmark_measures.h"
#include "verdict.h"

#include <opencv2/core/types.hpp>

#include <optional>
#include <string>

namespace gradbooth::models {

struct MeasureLog {
  int face_count = 0;
  cv::Size original_size;
  int scale_denom = 1;                               // of the reduced decode the analysis looked at
  int crop_source_scale_denom = 0;                   // of the decode the photo was cut from (0: from the JPEG)
  std::optional<FaceLandmarks> face;                 // full-resolution landmarks
  std::optional<LandmarkMeasures> landmarks;         // measured at full resolution
  std::optional<LandmarkMeasures> output_landmarks;  // re-measured in the output photo
  double head_top_reduced = -1;                      // on the detection image
  double head_top_output_measured = -1;              // found on the output photo itself
  const Measurements *measurements = nullptr;
  const Standard *standard = nullptr;  // for the thresholds the checks applied
};

std::string measures_json(const MeasureLog &log);

}  // namespace gradbooth::models
