// Test-only: dlib's HOG detector + 68-point predictor, so the measures can be tried on real
// photos. Kept in one translation unit (dlib compiles slowly); the product uses models-face's.
#pragma once

#include <face_geometry.h>

#include <opencv2/core.hpp>

#include <optional>
#include <string>

namespace image_test {

// The strongest face's landmarks, or nothing when no face is found.
std::optional<gradbooth::models::FaceLandmarks> find_landmarks(const cv::Mat &bgr, const std::string &model_path);

}  // namespace image_test
