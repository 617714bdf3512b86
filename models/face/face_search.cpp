#include "face/face_search.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>

namespace gradbooth::models {

Detected detect_main_face(FaceFinder &finder, const cv::Mat &gray, int max_side, bool by_width, bool two_cores) {
  const int side = by_width ? gray.cols : std::max(gray.cols, gray.rows);
  const double k = side > max_side ? double(max_side) / side : 1.0;
  cv::Mat small = gray;
  if (k < 1.0) cv::resize(gray, small, cv::Size(), k, k, cv::INTER_AREA);
  const auto dets = two_cores ? finder.detect_on_two_cores(small) : finder.detect(small);
  Detected out;
  out.count = static_cast<int>(dets.size());
  if (dets.empty()) return out;
  // The student is the largest face; its box goes back to `gray`'s scale.
  const auto main = std::max_element(dets.begin(), dets.end(), [](const auto &a, const auto &b) { return a.box.area() < b.box.area(); });
  const cv::Rect box(cv::Point(static_cast<int>(main->box.x / k), static_cast<int>(main->box.y / k)),
                     cv::Size(static_cast<int>(main->box.width / k), static_cast<int>(main->box.height / k)));
  out.main = FaceFinder::Detection{box, main->score};
  return out;
}

Found find_faces(FaceFinder &finder, const cv::Mat &gray, int max_side, bool by_width) {
  const Detected d = detect_main_face(finder, gray, max_side, by_width);
  Found out;
  out.count = d.count;
  if (d.main) out.face = finder.landmarks(gray, d.main->box, d.main->score);
  return out;
}

cv::Mat to_gray(const cv::Mat &bgr) {
  cv::Mat gray;
  if (bgr.channels() == 1) return bgr;
  cv::cvtColor(bgr, gray, bgr.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
  return gray;
}

}  // namespace gradbooth::models
