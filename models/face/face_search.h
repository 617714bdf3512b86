// The main face of an image: detection on a reduced copy, the 68 landmarks on the image itself.
// Shared by the capture's analysis and the live view.
#pragma once

#include "face/face_finder.h"

#include <opencv2/core/mat.hpp>

#include <optional>

namespace gradbooth::models {

struct Detected {
  int count = 0;
  std::optional<FaceFinder::Detection> main;  // the largest face, in the coordinates of the image searched
};

// Detect on a copy no larger than `max_side` (wide, or on the long side), the box scaled back;
// on two cores when the caller has the second one free.
Detected detect_main_face(FaceFinder &finder, const cv::Mat &gray, int max_side, bool by_width, bool two_cores = false);

struct Found {
  int count = 0;
  std::optional<FaceLandmarks> face;  // largest face, in `gray`'s coordinates
};

// detect_main_face, then the landmarks on the full `gray`.
Found find_faces(FaceFinder &finder, const cv::Mat &gray, int max_side, bool by_width);

// 8-bit grayscale of a BGR(A) or already gray image.
cv::Mat to_gray(const cv::Mat &bgr);

}  // namespace gradbooth::models
