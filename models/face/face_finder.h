// Face detection and the 68 landmarks: the only interface to dlib (it compiles slowly, so its
// headers stay in face_finder.cpp and landmark_trees.cpp). Works on 8-bit grayscale images;
// coordinates are those of the image passed in.
#pragma once

#include "face_geometry.h"

#include <gradbooth/result.h>

#include <opencv2/core/mat.hpp>

#include <memory>
#include <string>
#include <vector>

namespace gradbooth::models {

class FaceFinder {
public:
  // Reads the 68-point shape predictor (dlib's shape_predictor_68_face_landmarks.dat) once.
  static Result<std::unique_ptr<FaceFinder>> load(const std::string &landmark_model_path);
  ~FaceFinder();
  FaceFinder(const FaceFinder &) = delete;
  FaceFinder &operator=(const FaceFinder &) = delete;

  // A second finder sharing the (read-only, thread-safe) landmark model but with its own HOG
  // detector, whose scanning buffers make detect() unsafe to share between threads.
  std::unique_ptr<FaceFinder> sibling() const;

  struct Detection {
    cv::Rect box;
    double score = 0.0;
  };
  // HOG frontal-face detections on `gray`, strongest first. Faces smaller than ~80 px are missed.
  std::vector<Detection> detect(const cv::Mat &gray);
  // The same detections, the HOG filters shared out between this thread and a second one (the
  // feature pyramid is built once); for the capture, where the other core is free by then.
  std::vector<Detection> detect_on_two_cores(const cv::Mat &gray);

  // The 68 landmarks inside `box` on `gray` (which may be a different resolution than the image
  // detect() ran on: scale the box first).
  FaceLandmarks landmarks(const cv::Mat &gray, const cv::Rect &box, double score = 0.0) const;

private:
  struct Impl;
  explicit FaceFinder(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace gradbooth::models
