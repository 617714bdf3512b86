// Raw measures read off the 68 landmarks, each a small pure function (DESIGN.md §Landmark facts).
// Angles in degrees. Sign conventions are in image terms: positive roll = the image-right eye is
// lower (head tilted towards image-right); positive yaw = the nose points towards image-right;
// positive pitch = chin up.
#pragma once

#include "face_geometry.h"

#include <opencv2/core/types.hpp>

namespace gradbooth::models {

// Eye aspect ratio (|37−41| + |38−40|) / (2·|36−39|); open eyes ≈ 0.25–0.35, closed < 0.2.
double eye_aspect_ratio_left(const FaceLandmarks &f);   // eye 36–41 (image-left)
double eye_aspect_ratio_right(const FaceLandmarks &f);  // eye 42–47 (image-right)

// Mean inner-lip gap (61–67, 62–66, 63–65) over mouth width (60–64); closed lips ≈ 0–0.05.
double mouth_opening(const FaceLandmarks &f);

// Roll from the line through the eye centres.
double roll_from_eye_line(const FaceLandmarks &f);

// Yaw from where the nose tip (30) sits between the jaw contour's ear-level points (0, 16).
double yaw_from_nose_symmetry(const FaceLandmarks &f);

// Ratio of the narrower to the wider half-face, measured from the nose bridge (27–30) out to the
// jaw contour at ear level (0/16, 1/15): 1 = symmetric ears, smaller = turned head.
double ear_symmetry(const FaceLandmarks &f);

// Distance between the eye centres, pixels.
double eye_distance(const FaceLandmarks &f);

struct HeadPose {
  double yaw = 0, pitch = 0, roll = 0;
  bool ok = false;
};
// solvePnP of a generic 3D face (points 30, 8, 36, 45, 48, 54) with a pinhole camera whose focal
// length is the image width.
HeadPose head_pose_pnp(const FaceLandmarks &f, cv::Size image_size);

// Pitch proxy independent of the mouth: vertical distance eye line → nose tip over the eye
// distance, expressed as degrees against a neutral ratio.
double pitch_from_nose(const FaceLandmarks &f);

struct LandmarkMeasures {
  double ear_left = 0, ear_right = 0;
  double mouth_opening = 0;
  double roll = 0;   // eye line
  double yaw = 0;    // nose symmetry
  double pitch = 0;  // chosen pitch measure (see pose_measures.cpp)
  double ear_symmetry = 1;
  double eye_distance = 0;
  HeadPose pnp;  // kept for the record
  double pitch_nose = 0;
};
LandmarkMeasures measure_landmarks(const FaceLandmarks &f, cv::Size image_size);

}  // namespace gradbooth::models
