// The pixel measures on a drawn portrait whose geometry is known exactly: hair top row,
// background colour, shoulder slope. No test data needed; complements the real-photo tests.
#include <image/pixel_measures.h>

#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace gradbooth::models;

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Portrait {
  cv::Mat bgr;
  FaceLandmarks face;
  double hair_top = 0;
};

// A 600×800 portrait on the reference blue: hair, face, eyes, mouth, neck and shoulders whose
// top edge rises by `shoulder_rise` px from image-left to image-right over 5 face half-widths.
Portrait draw(double shoulder_rise = 0) {
  Portrait p;
  const double cx = 300, cy = 330, a = 105, b = 140;  // face ellipse
  p.bgr = cv::Mat(800, 600, CV_8UC3, cv::Scalar(255, 197, 100));
  // Shoulders and neck.
  const double ys = cy + 1.35 * b;
  const std::vector<cv::Point> body{{static_cast<int>(cx - 2.5 * a), static_cast<int>(ys + shoulder_rise / 2)},
                                    {static_cast<int>(cx + 2.5 * a), static_cast<int>(ys - shoulder_rise / 2)},
                                    {599, 799},
                                    {0, 799}};
  const std::vector<cv::Point> body_clipped = body;
  cv::fillConvexPoly(p.bgr, body_clipped, cv::Scalar(70, 60, 60));
  cv::rectangle(
      p.bgr, cv::Rect(static_cast<int>(cx - 0.4 * a), static_cast<int>(cy + 0.5 * b), static_cast<int>(0.8 * a), static_cast<int>(ys - cy)),
      cv::Scalar(140, 160, 205), -1);
  // Hair, then the face over it.
  const cv::Point2d hair_c(cx, cy - 0.3 * b);
  const cv::Size hair_ax(static_cast<int>(1.12 * a), static_cast<int>(0.95 * b));
  cv::ellipse(p.bgr, cv::Point(cvRound(hair_c.x), cvRound(hair_c.y)), hair_ax, 0, 0, 360, cv::Scalar(30, 40, 60), -1);
  p.hair_top = hair_c.y - hair_ax.height;
  cv::ellipse(p.bgr, cv::Point(cvRound(cx), cvRound(cy)), cv::Size(static_cast<int>(a), static_cast<int>(b)), 0, 0, 360,
              cv::Scalar(150, 170, 215), -1);
  // Fine skin texture so sharpness has something to see.
  for (int y = static_cast<int>(cy - b); y < cy + b; y += 6)
    for (int x = static_cast<int>(cx - a); x < cx + a; x += 6)
      if (std::pow((x - cx) / a, 2) + std::pow((y - cy) / b, 2) < 0.8) p.bgr.at<cv::Vec3b>(y, x) = cv::Vec3b(120, 140, 190);

  auto &pts = p.face.points;
  for (int k = 0; k <= 16; ++k) {
    const double t = kPi - k * kPi / 16;
    pts[k] = cv::Point2f(static_cast<float>(cx + a * std::cos(t)), static_cast<float>(cy + b * std::sin(t)));
  }
  for (int k = 0; k < 10; ++k)
    pts[17 + k] = cv::Point2f(static_cast<float>(cx - 0.8 * a + k * 1.6 * a / 9), static_cast<float>(cy - 0.38 * b));
  for (int k = 0; k < 4; ++k) pts[27 + k] = cv::Point2f(static_cast<float>(cx), static_cast<float>(cy - 0.3 * b + k * 0.13 * b));
  for (int k = 0; k < 5; ++k) pts[31 + k] = cv::Point2f(static_cast<float>(cx - 0.2 * a + k * 0.1 * a), static_cast<float>(cy + 0.2 * b));
  for (int side = 0; side < 2; ++side) {
    const double ex = cx + (side == 0 ? -0.42 : 0.42) * a, ey = cy - 0.2 * b;
    const int base = side == 0 ? 36 : 42;
    const double dx[6] = {-0.2, -0.07, 0.07, 0.2, 0.07, -0.07}, dy[6] = {0, -0.05, -0.05, 0, 0.05, 0.05};
    for (int k = 0; k < 6; ++k) pts[base + k] = cv::Point2f(static_cast<float>(ex + dx[k] * a), static_cast<float>(ey + dy[k] * b));
    cv::ellipse(p.bgr, cv::Point(cvRound(ex), cvRound(ey)), cv::Size(static_cast<int>(0.2 * a), static_cast<int>(0.05 * b)), 0, 0, 360,
                cv::Scalar(235, 235, 235), -1);
    cv::circle(p.bgr, cv::Point(cvRound(ex), cvRound(ey)), static_cast<int>(0.05 * b), cv::Scalar(30, 25, 25), -1);
  }
  for (int k = 0; k < 12; ++k) {
    const double t = 2 * kPi * k / 12;
    pts[48 + k] = cv::Point2f(static_cast<float>(cx - 0.35 * a * std::cos(t)), static_cast<float>(cy + 0.55 * b + 0.08 * b * std::sin(t)));
  }
  for (int k = 0; k < 8; ++k) {
    const double t = 2 * kPi * k / 8;
    pts[60 + k] = cv::Point2f(static_cast<float>(cx - 0.25 * a * std::cos(t)), static_cast<float>(cy + 0.55 * b + 0.01 * b * std::sin(t)));
  }
  cv::ellipse(p.bgr, cv::Point(cvRound(cx), cvRound(cy + 0.55 * b)), cv::Size(static_cast<int>(0.35 * a), static_cast<int>(0.06 * b)), 0, 0,
              360, cv::Scalar(90, 90, 170), -1);
  p.face.box = cv::Rect(static_cast<int>(cx - a), static_cast<int>(cy - 0.5 * b), static_cast<int>(2 * a), static_cast<int>(1.5 * b));
  return p;
}

}  // namespace

TEST_CASE("a drawn portrait measures as drawn") {
  const StandardProfile prof;
  const Portrait p = draw();
  const PixelMeasures m = measure_pixels(p.bgr, p.face, prof);
  CHECK(m.head_top_y == doctest::Approx(p.hair_top).epsilon(0).scale(0).epsilon(2.0));
  CHECK(m.background_delta_e < 0.5);
  CHECK(m.background_unevenness < 0.5);
  CHECK(m.background_mean_rgb[0] == doctest::Approx(100).epsilon(0.01));
  CHECK(m.background_mean_rgb[1] == doctest::Approx(197).epsilon(0.01));
  CHECK(m.background_mean_rgb[2] == doctest::Approx(255).epsilon(0.01));
  CHECK(m.light_ratio > 0.98);
  CHECK(m.highlight_fraction == 0);
  CHECK(m.red_eye == 0);
  CHECK(m.glare_fraction < 0.01);
  CHECK(std::abs(m.shoulder_tilt_deg) < 0.5);
  CHECK(m.sharpness > 0);
}

TEST_CASE("drawn shoulder slopes are measured") {
  const StandardProfile prof;
  for (double rise : {-40.0, -15.0, 15.0, 40.0}) {
    CAPTURE(rise);
    const Portrait p = draw(rise);
    const double truth = std::atan2(-rise, 2 * 2.5 * 105) * 180 / kPi;  // y grows downward
    CHECK(measure_pixels(p.bgr, p.face, prof).shoulder_tilt_deg == doctest::Approx(truth).epsilon(0).scale(0).epsilon(0.6));
  }
}

TEST_CASE("perturbations of the drawn portrait move their measures") {
  const StandardProfile prof;
  const Portrait p = draw();
  const PixelMeasures base = measure_pixels(p.bgr, p.face, prof);
  SUBCASE("one half of the face in shadow") {
    cv::Mat img = p.bgr.clone();
    img(cv::Rect(0, 0, 300, 800)) *= 0.5;
    CHECK(measure_pixels(img, p.face, prof).light_ratio == doctest::Approx(0.5).epsilon(0.05));
  }
  SUBCASE("blur") {
    cv::Mat img;
    cv::GaussianBlur(p.bgr, img, cv::Size(), 2.0);
    CHECK(measure_pixels(img, p.face, prof).sharpness < 0.5 * base.sharpness);
  }
  SUBCASE("a white backdrop") {
    cv::Mat img = p.bgr.clone();
    cv::Mat mask;
    cv::inRange(img, cv::Scalar(255, 197, 100), cv::Scalar(255, 197, 100), mask);
    img.setTo(cv::Scalar(255, 255, 255), mask);
    const PixelMeasures m = measure_pixels(img, p.face, prof);
    CHECK(m.background_delta_e > 20);
    StandardProfile white = prof;
    white.background_rgb[0] = white.background_rgb[1] = white.background_rgb[2] = 255;
    CHECK(measure_pixels(img, p.face, white).background_delta_e < 0.5);
  }
  SUBCASE("a gradient across the backdrop") {
    cv::Mat img = p.bgr.clone();
    cv::Mat mask;
    cv::inRange(img, cv::Scalar(255, 197, 100), cv::Scalar(255, 197, 100), mask);
    for (int x = 0; x < img.cols; ++x) {
      const double f = 0.75 + 0.25 * x / img.cols;
      for (int y = 0; y < img.rows; ++y)
        if (mask.at<std::uint8_t>(y, x))
          img.at<cv::Vec3b>(y, x) =
              cv::Vec3b(static_cast<std::uint8_t>(255 * f), static_cast<std::uint8_t>(197 * f), static_cast<std::uint8_t>(100 * f));
    }
    CHECK(measure_pixels(img, p.face, prof).background_unevenness > 5);
  }
  SUBCASE("hair up to the top edge") {
    cv::Mat img = p.bgr(cv::Rect(0, static_cast<int>(p.hair_top) + 5, 600, 400)).clone();
    FaceLandmarks f = p.face;
    for (auto &pt : f.points) pt.y -= static_cast<float>(static_cast<int>(p.hair_top) + 5);
    CHECK(measure_pixels(img, f, prof).head_top_y == -1);
  }
  SUBCASE("overexposure") {
    cv::Mat img = p.bgr + cv::Scalar::all(120);
    const PixelMeasures m = measure_pixels(img, p.face, prof);
    CHECK(m.highlight_fraction > 0.5);
    CHECK(m.face_luma > base.face_luma + 50);
  }
}

namespace {

// What "nothing could be measured" looks like: no head top, no background cells (so no colour,
// no unevenness, no shoulder line), no sharpness. The verdict turns these into retakes.
void check_not_found(const PixelMeasures &m) {
  CHECK(m.head_top_y == -1);
  CHECK(m.background_cells == 0);
  CHECK(m.background_delta_e == 0);
  CHECK(m.background_unevenness == 0);
  CHECK(m.shoulder_tilt_deg == 0);
  CHECK(m.sharpness == 0);
}

}  // namespace

TEST_CASE("degenerate input never crashes and measures as 'not found'") {
  const StandardProfile prof;
  const Portrait p = draw();
  SUBCASE("no image") {
    const PixelMeasures m = measure_pixels(cv::Mat(), p.face, prof);
    check_not_found(m);
    CHECK(m.face_luma == 0);
    CHECK(m.light_ratio == 1);
  }
  SUBCASE("a grey image (one channel)") {
    const PixelMeasures m = measure_pixels(cv::Mat(480, 640, CV_8UC1, cv::Scalar(0)), p.face, prof);
    check_not_found(m);
    CHECK(m.face_luma == 0);
  }
  SUBCASE("all landmarks at (0,0)") { check_not_found(measure_pixels(p.bgr, FaceLandmarks{}, prof)); }
  SUBCASE("landmarks far outside the image") {
    FaceLandmarks far = p.face;
    for (auto &pt : far.points) pt += cv::Point2f(5000, -3000);
    const PixelMeasures m = measure_pixels(p.bgr, far, prof);
    check_not_found(m);
    CHECK(m.face_luma == 0);  // no face pixel inside the image
    CHECK(m.highlight_fraction == 0);
    CHECK(m.light_ratio == 1);  // no cheek inside: no claim of a shadowed half
    CHECK(m.red_eye == 0);
    CHECK(m.glare_fraction == 0);
  }
  SUBCASE("a 3×3 image") { check_not_found(measure_pixels(cv::Mat(3, 3, CV_8UC3, cv::Scalar::all(9)), p.face, prof)); }
}
