#include "measures/landmark_measures.h"

#include <opencv2/calib3d.hpp>
#include <opencv2/core.hpp>

#include <algorithm>
#include <cmath>
#include <numbers>

namespace gradbooth::models {
namespace {

double dist(cv::Point2f a, cv::Point2f b) { return std::hypot(double(a.x - b.x), double(a.y - b.y)); }
double deg(double rad) { return rad * 180.0 / std::numbers::pi; }

cv::Point2f centre(const FaceLandmarks &f, int first, int count) {
  cv::Point2f s(0, 0);
  for (int i = first; i < first + count; ++i) s += f.points[static_cast<std::size_t>(i)];
  return s * (1.0f / static_cast<float>(count));
}

double ear(const FaceLandmarks &f, int o) {
  const auto &p = f.points;
  const double width = dist(p[o + 0], p[o + 3]);
  if (width <= 0) return 0;
  return (dist(p[o + 1], p[o + 5]) + dist(p[o + 2], p[o + 4])) / (2.0 * width);
}

}  // namespace

double eye_aspect_ratio_left(const FaceLandmarks &f) { return ear(f, 36); }
double eye_aspect_ratio_right(const FaceLandmarks &f) { return ear(f, 42); }

double mouth_opening(const FaceLandmarks &f) {
  const auto &p = f.points;
  const double width = dist(p[60], p[64]);
  if (width <= 0) return 0;
  return (dist(p[61], p[67]) + dist(p[62], p[66]) + dist(p[63], p[65])) / (3.0 * width);
}

double eye_distance(const FaceLandmarks &f) { return dist(centre(f, 36, 6), centre(f, 42, 6)); }

double roll_from_eye_line(const FaceLandmarks &f) {
  const cv::Point2f l = centre(f, 36, 6), r = centre(f, 42, 6);
  return deg(std::atan2(double(r.y - l.y), double(r.x - l.x)));
}

double yaw_from_nose_symmetry(const FaceLandmarks &f) {
  const auto &p = f.points;
  // Work along the eye line so a tilted head does not read as a turned one.
  const double roll = std::atan2(double(centre(f, 42, 6).y - centre(f, 36, 6).y), double(centre(f, 42, 6).x - centre(f, 36, 6).x));
  const double c = std::cos(roll), s = std::sin(roll);
  auto along = [&](cv::Point2f q) { return q.x * c + q.y * s; };
  const double left = along(p[0]), right = along(p[16]), nose = along(p[30]);
  const double half = (right - left) / 2.0;
  if (half <= 0) return 0;
  const double offset = (nose - (left + right) / 2.0) / half;
  // The nose tip stands about one half-face-width in front of the ear-level contour, so a
  // rotation θ moves it by sin θ half-widths (against solvePnP on the FGNet frames).
  return deg(std::asin(std::clamp(offset, -1.0, 1.0)));
}

double ear_symmetry(const FaceLandmarks &f) {
  const auto &p = f.points;
  // Nose bridge line 27→30; distance of a point from that line, signed by side.
  const cv::Point2f a = p[27], b = p[30];
  const double len = dist(a, b);
  if (len <= 0) return 1;
  auto side = [&](cv::Point2f q) { return ((b.x - a.x) * (q.y - a.y) - (b.y - a.y) * (q.x - a.x)) / len; };
  const double l = std::abs(side(p[0])) + std::abs(side(p[1]));
  const double r = std::abs(side(p[16])) + std::abs(side(p[15]));
  const double hi = std::max(l, r);
  return hi <= 0 ? 1 : std::min(l, r) / hi;
}

double pitch_from_nose(const FaceLandmarks &f) {
  const cv::Point2f l = centre(f, 36, 6), r = centre(f, 42, 6);
  const cv::Point2f mid = (l + r) * 0.5f;
  const double iod = dist(l, r);
  if (iod <= 0) return 0;
  // Distance of the nose tip below the eye line, perpendicular to it.
  const cv::Point2f d = r - l;
  const cv::Point2f q = f.points[30] - mid;
  const double below = (d.x * q.y - d.y * q.x) / iod;
  // A level face has the nose tip about 0.56 eye distances below the eye line (median of the
  // FGNet frames); looking up shortens it. The nose sticks out ≈ 0.6 eye distances, so the
  // change is 0.6·sin(pitch). Unlike solvePnP this ignores the chin, which drops when talking.
  constexpr double kNeutral = 0.56, kDepth = 0.6;
  return deg(std::asin(std::clamp((kNeutral - below / iod) / kDepth, -1.0, 1.0)));
}

HeadPose head_pose_pnp(const FaceLandmarks &f, cv::Size image_size) {
  // Generic face, millimetres, x right, y up, z towards the camera (a common choice for 68-point
  // landmarks): nose tip, chin, left eye outer corner, right eye outer corner, mouth corners.
  static const std::vector<cv::Point3d> model = {{0.0, 0.0, 0.0},        {0.0, -330.0, -65.0},     {-225.0, 170.0, -135.0},
                                                 {225.0, 170.0, -135.0}, {-150.0, -150.0, -125.0}, {150.0, -150.0, -125.0}};
  const auto &p = f.points;
  const std::vector<cv::Point2d> image = {p[30], p[8], p[36], p[45], p[48], p[54]};
  const double focal = image_size.width;
  const cv::Matx33d camera(focal, 0, image_size.width / 2.0, 0, focal, image_size.height / 2.0, 0, 0, 1);
  cv::Mat rvec, tvec;
  HeadPose pose;
  if (!cv::solvePnP(model, image, camera, cv::noArray(), rvec, tvec, false, cv::SOLVEPNP_ITERATIVE)) return pose;
  cv::Matx33d rot;
  cv::Rodrigues(rvec, rot);
  // The model's y axis points up while the image's points down: flip to get a head frame.
  const cv::Matx33d flip(1, 0, 0, 0, -1, 0, 0, 0, -1);
  const cv::Matx33d r = flip * rot;
  // Euler angles (x: pitch, y: yaw, z: roll) of r.
  const double sy = std::sqrt(r(0, 0) * r(0, 0) + r(1, 0) * r(1, 0));
  pose.pitch = deg(std::atan2(r(2, 1), r(2, 2)));
  pose.yaw = deg(std::atan2(-r(2, 0), sy));
  pose.roll = deg(std::atan2(r(1, 0), r(0, 0)));
  pose.ok = true;
  return pose;
}

LandmarkMeasures measure_landmarks(const FaceLandmarks &f, cv::Size image_size) {
  LandmarkMeasures m;
  m.ear_left = eye_aspect_ratio_left(f);
  m.ear_right = eye_aspect_ratio_right(f);
  m.mouth_opening = mouth_opening(f);
  m.roll = roll_from_eye_line(f);
  m.yaw = yaw_from_nose_symmetry(f);
  m.ear_symmetry = ear_symmetry(f);
  m.eye_distance = eye_distance(f);
  m.pnp = head_pose_pnp(f, image_size);
  m.pitch_nose = pitch_from_nose(f);
  m.pitch = m.pitch_nose;
  return m;
}

}  // namespace gradbooth::models
