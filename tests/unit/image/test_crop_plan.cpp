// The crop planner against the standard's windows, and render_crop on a real JPEG round trip.
#include "image_test_support.h"

#include <image/crop_plan.h>
#include <image/spec_jpeg.h>

#include <doctest/doctest.h>

#include <random>

using namespace gradbooth::models;

namespace {

// A 6000×4000 camera frame with a face of `face_w` px whose cheeks straddle `cx` and whose hair
// top is at `top`.
FramingFeatures face_at(double cx, double top, double face_w) {
  return {top, cx - face_w / 2, cx + face_w / 2, cx};
}

void check_plan_obeys_standard(const CropPlan &c, const FramingFeatures &f, cv::Size src, const StandardProfile &p) {
  REQUIRE(c.fits);
  CHECK(c.reason_en.empty());
  CHECK(c.source.x >= -1e-6);
  CHECK(c.source.y >= -1e-6);
  CHECK(c.source.x + c.source.width <= src.width + 1e-6);
  CHECK(c.source.y + c.source.height <= src.height + 1e-6);
  CHECK(c.source.width * c.scale == doctest::Approx(p.width));
  CHECK(c.source.height * c.scale == doctest::Approx(p.height));
  CHECK(c.head_top_px >= p.head_top_px.min - 1e-6);
  CHECK(c.head_top_px <= p.head_top_px.max + 1e-6);
  CHECK(c.cheek_left_px >= p.cheek_margin_px.min - 1e-6);
  CHECK(c.cheek_left_px <= p.cheek_margin_px.max + 1e-6);
  CHECK(c.cheek_right_px >= p.cheek_margin_px.min - 1e-6);
  CHECK(c.cheek_right_px <= p.cheek_margin_px.max + 1e-6);
  // The predictions are the features mapped through the plan.
  CHECK((f.head_top_y - c.source.y) * c.scale == doctest::Approx(c.head_top_px));
  CHECK((f.cheek_left_x - c.source.x) * c.scale == doctest::Approx(c.cheek_left_px));
  CHECK(c.upscales == (c.scale > 1.0));
}

} // namespace

TEST_CASE("a centred subject gets the middle of every window") {
  const StandardProfile p;
  const cv::Size src(6000, 4000);
  const FramingFeatures f = face_at(3000, 800, 1300);
  const CropPlan c = plan_crop(f, src, p);
  check_plan_obeys_standard(c, f, src, p);
  CHECK(c.head_top_px == doctest::Approx(82.5));
  CHECK(c.cheek_left_px == doctest::Approx(147.5));
  CHECK(c.cheek_right_px == doctest::Approx(147.5));
  CHECK(c.scale == doctest::Approx(665.0 / 1300));
  CHECK_FALSE(c.upscales);
}

TEST_CASE("a small face upscales: a warning, not a refusal") {
  const StandardProfile p;
  const FramingFeatures f = face_at(360, 60, 160);  // an FGNet-sized frame
  const CropPlan c = plan_crop(f, {720, 576}, p);
  check_plan_obeys_standard(c, f, {720, 576}, p);
  CHECK(c.upscales);
}

TEST_CASE("subjects the frame cannot hold are refused with a reason") {
  const StandardProfile p;
  const cv::Size src(6000, 4000);
  SUBCASE("at the left edge") {
    const CropPlan c = plan_crop(face_at(500, 800, 1300), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.reason_en.find("left edge") != std::string::npos);
    CHECK(c.reason_zh.find("左") != std::string::npos);
  }
  SUBCASE("at the right edge") {
    const CropPlan c = plan_crop(face_at(5600, 800, 1300), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.reason_en.find("right edge") != std::string::npos);
  }
  SUBCASE("head at the top") {
    const CropPlan c = plan_crop(face_at(3000, 20, 1300), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.reason_en.find("top") != std::string::npos);
  }
  SUBCASE("too low") {
    const CropPlan c = plan_crop(face_at(3000, 2500, 1300), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.reason_en.find("low") != std::string::npos);
  }
  SUBCASE("too close") {
    const CropPlan c = plan_crop(face_at(3000, 300, 3400), src, p);
    CHECK_FALSE(c.fits);
    CHECK(c.reason_en.find("close") != std::string::npos);
    CHECK_FALSE(c.reason_zh.empty());
  }
  SUBCASE("no geometry") {
    CHECK_FALSE(plan_crop(face_at(3000, 800, 0), src, p).fits);
    CHECK_FALSE(plan_crop(face_at(3000, std::nan(""), 1300), src, p).fits);
  }
}

TEST_CASE("near the edge the plan moves inside its windows rather than refusing") {
  const StandardProfile p;
  const cv::Size src(6000, 4000);
  // Centred placement would need x < 0, but a margin toward 118 px on the left still fits.
  const double fw = 1300;
  const double scale = 665.0 / fw;
  const double cx = 147.5 / scale + fw / 2 - 20;  // 20 source px short of the ideal
  const FramingFeatures f = face_at(cx, 800, fw);
  const CropPlan c = plan_crop(f, src, p);
  check_plan_obeys_standard(c, f, src, p);
  CHECK(c.cheek_left_px < 147.5);
}

TEST_CASE("every plan that fits obeys every window (random subjects)") {
  const StandardProfile p;
  std::mt19937 rng(42);
  std::uniform_real_distribution<double> ux(0, 6000), uy(-100, 3000), uw(200, 4000);
  int fits = 0, refused = 0;
  for (int i = 0; i < 3000; ++i) {
    const FramingFeatures f = face_at(ux(rng), uy(rng), uw(rng));
    const CropPlan c = plan_crop(f, {6000, 4000}, p);
    if (c.fits) {
      ++fits;
      check_plan_obeys_standard(c, f, {6000, 4000}, p);
    } else {
      ++refused;
      CHECK_FALSE(c.reason_en.empty());
      CHECK_FALSE(c.reason_zh.empty());
    }
  }
  CHECK(fits > 100);
  CHECK(refused > 100);
}

TEST_CASE("render_crop cuts the planned rectangle out of the JPEG at the profile's size") {
  const StandardProfile p;
  // A 2400×1800 "camera file" with a marker square exactly where the plan's head top lands.
  cv::Mat src = image_test::synthetic_photo({2400, 1800}, 2.0);
  auto jpeg = encode_jpeg_at(src, 95, 300);
  REQUIRE(jpeg.ok());
  const FramingFeatures f = face_at(1200, 300, 900);
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
  StandardProfile p;  // a small output so the plan shrinks by more than 2×
  p.width = 480;
  p.height = 640;
  p.head_top_px = {50, 110};
  p.cheek_margin_px = {90, 150};
  const cv::Mat src = image_test::synthetic_photo({3000, 2600}, 2.0);
  auto jpeg = encode_jpeg_at(src, 95, 300);
  REQUIRE(jpeg.ok());
  const FramingFeatures f = face_at(1500, 300, 1000);
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
