// What detection produces once per photo and every measure reads: the face box and the
// 68 dlib landmarks, in the coordinates of the image they were found on.
#pragma once

#include <opencv2/core/types.hpp>

#include <array>

namespace gradbooth::models {

// dlib 68-point indices (0-based), named where a measure relies on them.
namespace lm {
inline constexpr int kJawLeft = 0;    // ear-level cheek contour, image-left
inline constexpr int kJawRight = 16;  // ear-level cheek contour, image-right
inline constexpr int kChin = 8;
inline constexpr int kNoseTip = 30;
inline constexpr int kLeftEyeOuter = 36;   // eye 36–41 (image-left)
inline constexpr int kRightEyeOuter = 45;  // eye 42–47 (image-right)
inline constexpr int kEyesFirst = 36;      // the two eye contours, 6 points each
inline constexpr int kEyesLast = 47;
inline constexpr int kMouthLeft = 48;
inline constexpr int kMouthRight = 54;
}  // namespace lm

struct FaceLandmarks {
  cv::Rect box;                        // detector box
  std::array<cv::Point2f, 68> points;  // dlib order
  double detector_score = 0.0;
};

// The eye line: the mean row of the two eye contours (= the mean of the two eye centres), where
// the standard measures the eyes from the photo's top edge.
inline double eye_line_y(const FaceLandmarks &f) {
  double y = 0;
  for (int i = lm::kEyesFirst; i <= lm::kEyesLast; ++i) y += f.points[static_cast<std::size_t>(i)].y;
  return y / (lm::kEyesLast - lm::kEyesFirst + 1);
}

// Scale landmarks found on a reduced image back to full-resolution coordinates.
inline FaceLandmarks scaled(const FaceLandmarks &f, double factor) {
  FaceLandmarks out = f;
  out.box = cv::Rect(cv::Point(static_cast<int>(f.box.x * factor), static_cast<int>(f.box.y * factor)),
                     cv::Size(static_cast<int>(f.box.width * factor), static_cast<int>(f.box.height * factor)));
  for (std::size_t i = 0; i < out.points.size(); ++i) out.points[i] = f.points[i] * static_cast<float>(factor);
  return out;
}

}  // namespace gradbooth::models
