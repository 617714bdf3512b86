#include "dlib_landmarks.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace image_test {

std::optional<gradbooth::models::FaceLandmarks> find_landmarks(const cv::Mat &bgr, const std::string &model_path) {
  static dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  static dlib::shape_predictor predictor = [&] {
    dlib::shape_predictor sp;
    dlib::deserialize(model_path) >> sp;
    return sp;
  }();
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  const dlib::cv_image<unsigned char> img(gray);
  std::vector<dlib::rect_detection> dets;
  detector(img, dets, 0.0);
  if (dets.empty()) return std::nullopt;
  const auto best = std::max_element(dets.begin(), dets.end(),
                                     [](const auto &a, const auto &b) { return a.detection_confidence < b.detection_confidence; });
  const dlib::full_object_detection shape = predictor(img, best->rect);
  gradbooth::models::FaceLandmarks f;
  f.box = cv::Rect(static_cast<int>(best->rect.left()), static_cast<int>(best->rect.top()), static_cast<int>(best->rect.width()),
                   static_cast<int>(best->rect.height()));
  f.detector_score = best->detection_confidence;
  for (unsigned i = 0; i < 68; ++i) f.points[i] = cv::Point2f(static_cast<float>(shape.part(i).x()), static_cast<float>(shape.part(i).y()));
  return f;
}

}  // namespace image_test
