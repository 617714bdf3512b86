// The crop planner against the standard's windows, and render_crop on a real JPEG round trip.
#include "image_test_support.h"

#include <image/crop_plan.h>
#include <image/spec_jpeg.h>

#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <random>

using namespace gradbooth::models;

namespace {

// A face `face_w` px wide (cheek to cheek) centred on `cx`, crown at `top`, with the proportions
// SPEC §5 measured on real portraits: eyes 0.9 face widths below the crown, chin 1.8.
FramingFeatures face_at(double cx, double top, double face_w, double eyes = 0.9, double chin = 1.8) {
  return {top, top + eyes * face_w, top + chin * face_w, cx - face_w / 2, cx + face_w / 2};
}

// The legacy 480×640 standard (config/profiles/legacy-480x640.toml): the default one at half scale.
StandardProfile legacy_480x640() {
  StandardProfile p;
  p.width = 480;
  p.height = 640;
  p.head_top_px = {50, 110};
  p.head_top_aim_px = {65, 75};
  p.eye_line_px = {200, 300};
  p.eye_line_aim_px = 240;
  p.face_width_px = {180, 300};
  p.face_width_aim_px = {180, 195};
  p.chin_max_px = 426;
  p.chin_aim_px = {400, 420};
  p.centre_offset_max_px = 24;
  return p;
}

// SPEC §5's windows as literal numbers, not read back from the profile under test.
void check_literal_windows(double crown, double eyes, double face_w, double chin) {
  CHECK(crown >= 100 - 1e-6);
  CHECK(crown <= 220 + 1e-6);
  CHECK(eyes >= 400 - 1e-6);
  CHECK(eyes <= 600 + 1e-6);
  CHECK(face_w >= 360 - 1e-6);
  CHECK(face_w <= 600 + 1e-6);
  CHECK(chin <= 853 + 1e-6);
}

void check_plan_obeys_standard(const CropPlan &c, const FramingFeatures &f, cv::Size src, const StandardProfile &p) {
  REQUIRE(c.fits);
  CHECK(c.problem == CropProblem::None);
  CHECK(c.reason_en.empty());
  CHECK(c.source.x >= -1e-6);
  CHECK(c.source.y >= -1e-6);
  CHECK(c.source.x + c.source.width <= src.width + 1e-6);
  CHECK(c.source.y + c.source.height <= src.height + 1e-6);
  CHECK(c.source.width * c.scale == doctest::Approx(p.width));
  CHECK(c.source.height * c.scale == doctest::Approx(p.height));
  // The features mapped through the rectangle itself (not the plan's own predictions).
  const auto row = [&](double y) { return (y - c.source.y) * c.scale; };
  const double crown = row(f.head_top_y), eyes = row(f.eye_line_y), chin = row(f.chin_y);
  const double face_w = (f.cheek_right_x - f.cheek_left_x) * c.scale;
  check_literal_windows(crown, eyes, face_w, chin);
  const double centre = (0.5 * (f.cheek_left_x + f.cheek_right_x) - c.source.x) * c.scale;
  CHECK(std::abs(centre - 480) <= 48 + 1e-6);
  CHECK(c.upscales == (c.scale > 1.0));
}

}  // namespace

TEST_CASE("a typical seated subject gets the planner's aims: crown 130–150, eyes 480, face 360–390, chin 800–840") {
  const StandardProfile p;
  const cv::Size src(6000, 4000);
  const FramingFeatures f = face_at(3000, 900, 1000);
  const CropPlan c = plan_crop(f, src, p);
  check_plan_obeys_standard(c, f, src, p);
  CHECK(c.head_top_px >= 130 - 1e-6);
  CHECK(c.head_top_px <= 150 + 1e-6);
  CHECK(c.eye_line_px == doctest::Approx(480).epsilon(0.03));
  CHECK(c.face_width_px >= 360 - 1e-6);
  CHECK(c.face_width_px <= 390 + 1e-6);
  CHECK(c.chin_px >= 800 - 1e-6);
  CHECK(c.chin_px <= 840 + 1e-6);
  CHECK(c.centre_offset_px == doctest::Approx(0).epsilon(1e-6));
  CHECK_FALSE(c.upscales);
  // The whole upper body below the chin: at least a third of the photo.
  CHECK(1280 - c.chin_px >= 1280 / 3.0);
}

TEST_CASE("a small face upscales: a warning, not a refusal") {
  const StandardProfile p;
  const FramingFeatures f = face_at(800, 300, 250);
  const CropPlan c = plan_crop(f, {1600, 1200}, p);
  check_plan_obeys_standard(c, f, {1600, 1200}, p);
  CHECK(c.upscales);
}

TEST_CASE("an FGNet-style big-head video frame cannot give a head-and-shoulders photo: a retake, never padding") {
  const StandardProfile p;
  // 720×576, face 170 px wide, crown 40 px from the top: the standard crop needs room above the
  // head and below the chin that this frame does not have.
  const CropPlan c = plan_crop(face_at(370, 40, 170), {720, 576}, p);
  CHECK_FALSE(c.fits);
  CHECK_FALSE(c.reason_en.empty());
  CHECK_FALSE(c.reason_zh.empty());
}

TEST_CASE("subjects the frame cannot hold are refused with a reason") {
  const StandardProfile p;
  const cv::Size src(6000, 4000);
  SUBCASE("at the image-left edge: the student moves to their left") {
    const CropPlan c = plan_crop(face_at(600, 900, 1000), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.problem == CropProblem::TooFarLeft);
    CHECK(c.reason_en.find("Move a little to your left") != std::string::npos);
    CHECK(c.reason_zh.find("向左") != std::string::npos);
  }
  SUBCASE("at the image-right edge") {
    const CropPlan c = plan_crop(face_at(5400, 900, 1000), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.problem == CropProblem::TooFarRight);
  }
  SUBCASE("head at the top of the camera frame") {
    const CropPlan c = plan_crop(face_at(3000, 40, 1000), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.problem == CropProblem::TooHigh);
    CHECK(c.gave_up == "head_top");
  }
  SUBCASE("too low: the shoulders would be cut") {
    const CropPlan c = plan_crop(face_at(3000, 2400, 1000), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.problem == CropProblem::TooLow);
    CHECK(c.reason_en.find("shoulders") != std::string::npos);
  }
  SUBCASE("too close") {
    const CropPlan c = plan_crop(face_at(3000, 300, 2400), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.problem == CropProblem::TooClose);
    CHECK(c.reason_en.find("close") != std::string::npos);
    CHECK_FALSE(c.reason_zh.empty());
  }
  SUBCASE("no geometry") {
    CHECK(plan_crop(face_at(3000, 900, 0), src, p).problem == CropProblem::NoOutline);
    CHECK_FALSE(plan_crop(face_at(3000, std::nan(""), 1000), src, p).fits);
  }
}

TEST_CASE("proportions no crop can meet say which window was given up and why") {
  const StandardProfile p;
  const cv::Size src(6000, 4000);
  SUBCASE("a high bun: crown to chin 2.4 face widths (the frame holds at most 2.09)") {
    const CropPlan c = plan_crop(face_at(3000, 700, 1000, 1.5, 2.4), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.problem == CropProblem::HeadTooTall);
    CHECK(c.gave_up == "chin");
    CHECK(c.reason_en.find("hair") != std::string::npos);
    CHECK(c.reason_zh.find("头发") != std::string::npos);
  }
  SUBCASE("hair so high above the eyes that the eye window is lost") {
    const CropPlan c = plan_crop(face_at(3000, 700, 1000, 1.45, 2.05), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.problem == CropProblem::EyesTooLow);
    CHECK(c.gave_up == "eye_line");
  }
  SUBCASE("a tall head that still fits gives up the aims, not a window") {
    const FramingFeatures f = face_at(3000, 700, 1000, 1.0, 2.03);
    const CropPlan c = plan_crop(f, src, p);
    check_plan_obeys_standard(c, f, src, p);
  }
}

TEST_CASE("near the edge the plan moves off centre inside its limit rather than refusing") {
  const StandardProfile p;
  const cv::Size src(6000, 4000);
  // Centred placement would need x < 0 by 30 output px; the 48-px centring limit absorbs it.
  const double fw = 1000, s = 375.0 / fw;
  const double cx = 480 / s - 30 / s;
  const FramingFeatures f = face_at(cx, 900, fw);
  const CropPlan c = plan_crop(f, src, p);
  check_plan_obeys_standard(c, f, src, p);
  CHECK(c.source.x == doctest::Approx(0).epsilon(1e-9));
  CHECK(c.centre_offset_px < -1);
}

TEST_CASE("every plan that fits obeys every literal window (random subjects)") {
  const StandardProfile p;
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> ux(0, 6000), uy(-100, 3000), uw(150, 3000), ue(0.8, 1.0), uc(1.6, 2.2);
  int fits = 0, refused = 0;
  for (int i = 0; i < 3000; ++i) {
    const FramingFeatures f = face_at(ux(rng), uy(rng), uw(rng), ue(rng), uc(rng));
    const CropPlan c = plan_crop(f, {6000, 4000}, p);
    if (c.fits) {
      ++fits;
      check_plan_obeys_standard(c, f, {6000, 4000}, p);
    } else {
      ++refused;
      CHECK_FALSE(c.reason_en.empty());
      CHECK_FALSE(c.reason_zh.empty());
      CHECK_FALSE(c.gave_up.empty());
    }
  }
  CHECK(fits > 100);
  CHECK(refused > 100);
}

namespace {

// A drawn subject on the reference blue with a coloured marker on each feature the standard
// frames: a red bar on the crown row, green dots on the eye line, yellow bars on the cheek
// columns, a magenta bar on the chin row. Found again in the rendered photo by colour alone.
struct Markers {
  double crown = -1, eyes = -1, chin = -1, cheek_left = -1, cheek_right = -1;
};

cv::Mat draw_subject(cv::Size size, const FramingFeatures &f) {
  cv::Mat m(size, CV_8UC3, cv::Scalar(255, 197, 100));
  const int l = cvRound(f.cheek_left_x), r = cvRound(f.cheek_right_x), t = cvRound(f.head_top_y);
  const int e = cvRound(f.eye_line_y), c = cvRound(f.chin_y);
  const int w = r - l, k = std::max(3, w / 60);
  cv::rectangle(m, {l + w / 4, t - k / 2, w / 2, k}, cv::Scalar(0, 0, 255), cv::FILLED);
  cv::rectangle(m, {l + w / 5, e - k / 2, k * 2, k}, cv::Scalar(0, 255, 0), cv::FILLED);
  cv::rectangle(m, {r - w / 5 - 2 * k, e - k / 2, k * 2, k}, cv::Scalar(0, 255, 0), cv::FILLED);
  cv::rectangle(m, {l - k / 2, e + k * 2, k, (c - e) / 2}, cv::Scalar(0, 255, 255), cv::FILLED);
  cv::rectangle(m, {r - k / 2, e + k * 2, k, (c - e) / 2}, cv::Scalar(0, 255, 255), cv::FILLED);
  cv::rectangle(m, {l + w / 3, c - k / 2, w / 3, k}, cv::Scalar(255, 0, 255), cv::FILLED);
  return m;
}

// Mean row (or column) of the pixels of one marker colour.
double centre_of(const cv::Mat &mask, bool rows) {
  const cv::Moments mo = cv::moments(mask, true);
  if (mo.m00 < 4) return -1;
  return rows ? mo.m01 / mo.m00 : mo.m10 / mo.m00;
}

Markers find_markers(const cv::Mat &bgr) {
  std::vector<cv::Mat> ch;
  cv::split(bgr, ch);
  const cv::Mat &b = ch[0], &g = ch[1], &r = ch[2];
  Markers out;
  out.crown = centre_of((r > 160) & (b < 120) & (g < 120), true);
  out.eyes = centre_of((g > 160) & (r < 120) & (b < 120), true);
  out.chin = centre_of((r > 160) & (b > 160) & (g < 120), true);
  const cv::Mat yellow = (r > 160) & (g > 160) & (b < 120);
  const int half = bgr.cols / 2;
  out.cheek_left = centre_of(yellow(cv::Rect(0, 0, half, bgr.rows)), false);
  const double right = centre_of(yellow(cv::Rect(half, 0, bgr.cols - half, bgr.rows)), false);
  out.cheek_right = right < 0 ? -1 : right + half;
  return out;
}

}  // namespace

TEST_CASE("rendered photos of 1,000 random drawn subjects: markers found in the photo sit in every SPEC §5 window") {
  const StandardProfile p;
  std::mt19937 rng(7);
  std::uniform_real_distribution<double> uw(120, 700), ue(0.82, 0.98), uc(1.65, 2.0), ujx(-0.15, 0.15), ujy(0.25, 0.45);
  int rendered = 0;
  for (int i = 0; i < 1000; ++i) {
    const cv::Size src(1800, 1200);
    const double w = uw(rng);
    const double cx = src.width * (0.5 + ujx(rng)), eyes = ue(rng), chin = uc(rng);
    const double top = src.height * ujy(rng) - eyes * w;
    const FramingFeatures f = face_at(cx, top, w, eyes, chin);
    const CropPlan c = plan_crop(f, src, p);
    if (!c.fits) continue;
    auto jpeg = encode_jpeg_at(draw_subject(src, f), 92, 300);
    REQUIRE(jpeg.ok());
    auto out = render_crop(*jpeg, c, p);
    REQUIRE(out.ok());
    REQUIRE(out->size() == cv::Size(960, 1280));
    const Markers m = find_markers(*out);
    INFO("subject " << i << ": face " << w << " px, crown " << m.crown << ", eyes " << m.eyes << ", chin " << m.chin);
    REQUIRE(m.crown >= 0);
    REQUIRE(m.eyes >= 0);
    REQUIRE(m.chin >= 0);
    REQUIRE(m.cheek_left >= 0);
    REQUIRE(m.cheek_right >= 0);
    // SPEC §5's windows, literally; a marker's centre may move by a pixel or two in the resample
    // (and the planner may sit on a window's edge).
    constexpr double tol = 2.5;
    CHECK(m.crown >= 100 - tol);
    CHECK(m.crown <= 220 + tol);
    CHECK(m.eyes >= 400 - tol);
    CHECK(m.eyes <= 600 + tol);
    CHECK(m.cheek_right - m.cheek_left >= 360 - tol);
    CHECK(m.cheek_right - m.cheek_left <= 600 + tol);
    CHECK(m.chin <= 853 + tol);
    CHECK(std::abs(0.5 * (m.cheek_left + m.cheek_right) - 480) <= 48 + tol);
    ++rendered;
  }
  MESSAGE(rendered << " of 1000 random subjects fit and were rendered");
  CHECK(rendered > 300);
}

TEST_CASE("render_crop cuts the planned rectangle out of the JPEG at the profile's size") {
  const StandardProfile p;
  // A 2400×1800 "camera file" with a marker square exactly where the plan's head top lands.
  cv::Mat src = image_test::synthetic_photo({2400, 1800}, 2.0);
  auto jpeg = encode_jpeg_at(src, 95, 300);
  REQUIRE(jpeg.ok());
  const FramingFeatures f = face_at(1200, 300, 400);
  const CropPlan c = plan_crop(f, src.size(), p);
  REQUIRE(c.fits);
  auto out = render_crop(*jpeg, c, p);
  REQUIRE(out.ok());
  CHECK(out->size() == cv::Size(p.width, p.height));
  CHECK(out->type() == CV_8UC3);
  // Compare with an OpenCV crop+resize of the original pixels.
  cv::Mat expect;
  const cv::Rect r(cvRound(c.source.x), cvRound(c.source.y), cvRound(c.source.width), cvRound(c.source.height));
  cv::resize(src(r & cv::Rect(0, 0, src.cols, src.rows)), expect, out->size(), 0, 0, cv::INTER_AREA);
  CHECK(cv::PSNR(out.value(), expect) > 25);

  CropPlan refused = c;
  refused.fits = false;
  refused.reason_en = "Too near the left edge of the picture. Move to the centre.";
  auto bad = render_crop(*jpeg, refused, p);
  REQUIRE_FALSE(bad.ok());
  CHECK(bad.error().code == "image.crop_does_not_fit");
}

TEST_CASE("render_crop lets the DCT take a large shrink and still matches a plain resize") {
  const StandardProfile p = legacy_480x640();  // a small output so the plan shrinks by more than 2×
  const cv::Mat src = image_test::synthetic_photo({3000, 2600}, 2.0);
  auto jpeg = encode_jpeg_at(src, 95, 300);
  REQUIRE(jpeg.ok());
  const FramingFeatures f = face_at(1500, 300, 600);
  const CropPlan c = plan_crop(f, src.size(), p);
  REQUIRE(c.fits);
  REQUIRE(c.scale < 0.5);
  auto out = render_crop(*jpeg, c, p);
  REQUIRE(out.ok());
  CHECK(out->size() == cv::Size(p.width, p.height));
  cv::Mat expect;
  const cv::Rect r(cvRound(c.source.x), cvRound(c.source.y), cvRound(c.source.width), cvRound(c.source.height));
  cv::resize(src(r & cv::Rect(0, 0, src.cols, src.rows)), expect, out->size(), 0, 0, cv::INTER_AREA);
  MESSAGE("scale " << c.scale << ", PSNR against a full-resolution INTER_AREA: " << cv::PSNR(out.value(), expect));
  CHECK(cv::PSNR(out.value(), expect) > 28);
}

TEST_CASE("the legacy 480×640 profile is the same standard at half scale") {
  const StandardProfile legacy = legacy_480x640();
  const cv::Size src(6000, 4000);
  const FramingFeatures f = face_at(3000, 900, 1000);
  const CropPlan full = plan_crop(f, src, StandardProfile{});
  const CropPlan half = plan_crop(f, src, legacy);
  REQUIRE(full.fits);
  REQUIRE(half.fits);
  // The same rectangle of the camera frame, half the pixels.
  CHECK(half.source.x == doctest::Approx(full.source.x).epsilon(0.01));
  CHECK(half.source.y == doctest::Approx(full.source.y).epsilon(0.01));
  CHECK(half.source.width == doctest::Approx(full.source.width).epsilon(0.01));
  CHECK(half.eye_line_px == doctest::Approx(full.eye_line_px / 2).epsilon(0.01));
  CHECK(half.eye_line_px >= 200);
  CHECK(half.eye_line_px <= 300);
  CHECK(half.chin_px <= 426);
}

TEST_CASE("render_crop from a 1/2 decode equals render_crop from the JPEG") {
  const StandardProfile p = legacy_480x640();
  const cv::Mat src = image_test::synthetic_photo({3000, 2600}, 2.0);
  auto jpeg = encode_jpeg_at(src, 95, 300);
  REQUIRE(jpeg.ok());
  const CropPlan c = plan_crop(face_at(1500, 300, 600), src.size(), p);
  REQUIRE(c.fits);
  auto half = decode_jpeg(*jpeg, 2);
  REQUIRE(half.ok());
  auto from_decoded = render_crop(*half, c, p);
  auto from_jpeg = render_crop(*jpeg, c, p);
  REQUIRE(from_decoded.ok());
  REQUIRE(from_jpeg.ok());
  // Same rectangle; the JPEG path lets the DCT take 1/4 here, so the filtering differs slightly.
  CHECK(cv::PSNR(from_decoded.value(), from_jpeg.value()) > 30);
  // A 1/8 decode has too few pixels for this plan: refused, not upscaled.
  auto eighth = decode_jpeg(*jpeg, 8);
  REQUIRE(eighth.ok());
  CHECK(render_crop(*eighth, c, p).error().code == "image.crop_needs_full_resolution");
}
