// The decoder: scaled decodes, region decodes that match the full decode pixel for pixel,
// EXIF orientation, and bad input as error values.
#include "image_test_support.h"
#include "libjpeg_writer.h"

#include <image/decode.h>
#include <image/spec_jpeg.h>

#include <doctest/doctest.h>

using namespace gradbooth::models;

namespace {

std::vector<std::uint8_t> jpeg_of(const cv::Mat &bgr, int q = 90) {
  auto r = encode_jpeg_at(bgr, q, 300);
  REQUIRE(r.ok());
  return *r;
}

// A CMYK JPEG (cameras never make one; print shops do).
std::vector<std::uint8_t> cmyk_jpeg(int w, int h) {
  return gradbooth::test::flat_libjpeg(w, h, 100, {.colour = gradbooth::test::JpegColour::Cmyk});
}

// An APP1 Exif segment holding only the orientation tag, inserted after SOI.
std::vector<std::uint8_t> with_orientation(std::vector<std::uint8_t> jpeg, int orientation, bool little) {
  std::vector<std::uint8_t> tiff = little
      ? std::vector<std::uint8_t>{'I', 'I', 42, 0, 8, 0, 0, 0, 1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, static_cast<std::uint8_t>(orientation),
                                  0,   0,   0,  0, 0, 0, 0}
      : std::vector<std::uint8_t>{
            'M', 'M', 0, 42, 0, 0, 0, 8, 0, 1, 0x01, 0x12, 0, 3, 0, 0, 0, 1, 0, static_cast<std::uint8_t>(orientation), 0, 0, 0, 0, 0, 0};
  std::vector<std::uint8_t> seg{0xFF, 0xE1, 0, 0, 'E', 'x', 'i', 'f', 0, 0};
  seg.insert(seg.end(), tiff.begin(), tiff.end());
  const std::size_t len = seg.size() - 2;
  seg[2] = static_cast<std::uint8_t>(len >> 8);
  seg[3] = static_cast<std::uint8_t>(len & 0xFF);
  jpeg.insert(jpeg.begin() + 2, seg.begin(), seg.end());
  return jpeg;
}

// Overwrites the SOF0 frame size (the header says one thing, the data another).
void patch_dimensions(std::vector<std::uint8_t> &jpeg, int w, int h) { REQUIRE(gradbooth::test::claim_dimensions(jpeg, w, h)); }

}  // namespace

TEST_CASE("scaled decodes have the DCT-scaled size and the original's look") {
  const cv::Mat src = image_test::synthetic_photo({803, 611}, 0);
  const auto jpeg = jpeg_of(src);
  auto dims = jpeg_dimensions(jpeg);
  REQUIRE(dims.ok());
  CHECK(*dims == cv::Size(803, 611));
  for (int denom : {1, 2, 4, 8}) {
    auto d = decode_jpeg(jpeg, denom);
    REQUIRE(d.ok());
    CHECK(d->scale_denom == denom);
    CHECK(d->original_size == cv::Size(803, 611));
    CHECK(d->bgr.type() == CV_8UC3);
    CHECK(d->bgr.cols == (803 + denom - 1) / denom);
    CHECK(d->bgr.rows == (611 + denom - 1) / denom);
    CHECK(d->exif_orientation == 1);
    cv::Mat small;
    cv::resize(src, small, d->bgr.size(), 0, 0, cv::INTER_AREA);
    CHECK(cv::norm(small, d->bgr, cv::NORM_L1) / small.total() / 3 < 8.0);  // mean abs error per channel
  }
  CHECK_FALSE(decode_jpeg(jpeg, 3).ok());
}

TEST_CASE("decode_for_detection picks the largest reduction that keeps the long side") {
  const cv::Mat big(4000, 6000, CV_8UC3, cv::Scalar(90, 160, 200));
  const auto jpeg = jpeg_of(big, 50);
  auto d = decode_for_detection(jpeg, 1000);
  REQUIRE(d.ok());
  CHECK(d->scale_denom == 4);
  CHECK(d->bgr.size() == cv::Size(1500, 1000));
  auto d2 = decode_for_detection(jpeg, 800);
  REQUIRE(d2.ok());
  CHECK(d2->scale_denom == 4);  // 1/8 would be 750 < 800
  auto d3 = decode_for_detection(jpeg, 700);
  REQUIRE(d3.ok());
  CHECK(d3->scale_denom == 8);
  CHECK(d3->bgr.size() == cv::Size(750, 500));
  const auto small = jpeg_of(cv::Mat(480, 640, CV_8UC3, cv::Scalar(1, 2, 3)));
  auto d4 = decode_for_detection(small, 1000);
  REQUIRE(d4.ok());
  CHECK(d4->scale_denom == 1);
}

TEST_CASE("region decode equals the same rectangle of the full decode") {
  const cv::Mat src = image_test::synthetic_photo({1203, 907}, 6);
  for (bool own_encoder : {true, false}) {
    // Our 4:4:4 writer, and a 4:2:0 file like a camera's (libjpeg's defaults).
    const auto jpeg = own_encoder ? jpeg_of(src) : gradbooth::test::libjpeg_encode(src);  // defaults: 2×2 luma, 4:2:0
    auto full = decode_jpeg(jpeg, 1);
    REQUIRE(full.ok());
    for (const cv::Rect r : {cv::Rect(0, 0, 1203, 907), cv::Rect(13, 17, 301, 402), cv::Rect(500, 333, 703, 574), cv::Rect(1202, 906, 1, 1),
                             cv::Rect(8, 16, 16, 8)}) {
      CAPTURE(r);
      CAPTURE(own_encoder);
      auto region = decode_region(jpeg, r);
      REQUIRE(region.ok());
      REQUIRE(region->size() == r.size());
      // Fancy upsampling of 4:2:0 chroma near the crop's left edge may differ by a level or two.
      CHECK(cv::norm(region.value(), full->bgr(r), cv::NORM_INF) <= (own_encoder ? 0 : 3));
    }
    CHECK(decode_region(jpeg, cv::Rect(-1, 0, 10, 10)).error().code == "image.region_outside");
    CHECK(decode_region(jpeg, cv::Rect(1200, 0, 10, 10)).error().code == "image.region_outside");
    CHECK(decode_region(jpeg, cv::Rect(0, 900, 10, 10)).error().code == "image.region_outside");
    CHECK_FALSE(decode_region(jpeg, cv::Rect(5, 5, 0, 10)).ok());
  }
}

TEST_CASE("scaled region decode equals the same rectangle of the scaled decode") {
  const cv::Mat src = image_test::synthetic_photo({1203, 907}, 6);
  const auto jpeg = jpeg_of(src);
  for (int denom : {2, 4, 8}) {
    CAPTURE(denom);
    auto whole = decode_jpeg(jpeg, denom);
    REQUIRE(whole.ok());
    const cv::Size s = whole->bgr.size();
    for (const cv::Rect r : {cv::Rect(0, 0, s.width, s.height), cv::Rect(s.width / 3, s.height / 4, s.width / 2, s.height / 2),
                             cv::Rect(s.width - 1, s.height - 1, 1, 1)}) {
      CAPTURE(r);
      auto region = decode_region_scaled(jpeg, r, denom);
      REQUIRE(region.ok());
      REQUIRE(region->size() == r.size());
      CHECK(cv::norm(region.value(), whole->bgr(r), cv::NORM_INF) == 0);
    }
    CHECK(decode_region_scaled(jpeg, cv::Rect(0, 0, s.width + 1, 1), denom).error().code == "image.region_outside");
  }
  CHECK(decode_region_scaled(jpeg, cv::Rect(0, 0, 8, 8), 3).error().code == "image.bad_scale");
}

TEST_CASE("EXIF orientation is reported, never applied") {
  const cv::Mat src = image_test::synthetic_photo({320, 240}, 0);
  const auto plain = jpeg_of(src);
  for (bool little : {true, false}) {
    for (int o : {1, 3, 6, 8}) {
      const auto jpeg = with_orientation(plain, o, little);
      CHECK(exif_orientation(jpeg) == o);
      auto d = decode_jpeg(jpeg, 1);
      REQUIRE(d.ok());
      CHECK(d->exif_orientation == o);
      CHECK(d->bgr.size() == cv::Size(320, 240));  // pixels as stored: not rotated
    }
  }
  CHECK(exif_orientation(with_orientation(plain, 9, true)) == 1);  // out of range: ignored
}

TEST_CASE("bad input is an error value") {
  const auto good = jpeg_of(image_test::synthetic_photo({640, 480}, 4));
  SUBCASE("empty and not a JPEG") {
    CHECK(decode_jpeg({}, 1).error().code == "image.not_jpeg");
    const std::vector<std::uint8_t> png{0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0};
    CHECK(decode_jpeg(png, 1).error().code == "image.not_jpeg");
    CHECK(jpeg_dimensions(png).error().code == "image.not_jpeg");
    const std::vector<std::uint8_t> only_soi{0xFF, 0xD8, 0xFF, 0xD9};
    CHECK(decode_jpeg(only_soi, 1).error().code == "image.corrupt");
  }
  SUBCASE("truncated") {
    for (std::size_t cut : {good.size() / 2, good.size() - 10, std::size_t(300), std::size_t(20)}) {
      CAPTURE(cut);
      const std::vector<std::uint8_t> part(good.begin(), good.begin() + static_cast<long>(cut));
      auto d = decode_jpeg(part, 1);
      REQUIRE_FALSE(d.ok());
      CHECK(d.error().code == "image.corrupt");
      CHECK_FALSE(d.error().message_zh.empty());
      CHECK_FALSE(decode_jpeg(part, 8).ok());
    }
  }
  SUBCASE("corrupt entropy data") {
    auto bad = good;
    for (std::size_t i = bad.size() / 2; i < bad.size() / 2 + 64; ++i) bad[i] = 0xFF;
    CHECK_FALSE(decode_jpeg(bad, 1).ok());
  }
  SUBCASE("arithmetic coding") {
    const auto arith = gradbooth::test::flat_libjpeg(64, 48, 120, {.arithmetic = true});
    CHECK(decode_jpeg(arith, 1).error().code == "image.arithmetic");
    CHECK(jpeg_dimensions(arith).error().code == "image.arithmetic");
  }
  SUBCASE("CMYK") {
    const auto cmyk = cmyk_jpeg(64, 48);
    CHECK(decode_jpeg(cmyk, 1).error().code == "image.cmyk");
    CHECK(jpeg_dimensions(cmyk).error().code == "image.cmyk");
    CHECK(decode_region(cmyk, cv::Rect(0, 0, 8, 8)).error().code == "image.cmyk");
  }
  SUBCASE("huge") {
    auto huge = good;
    patch_dimensions(huge, 65000, 65000);
    CHECK(jpeg_dimensions(huge).error().code == "image.too_large");
    CHECK(decode_jpeg(huge, 8).error().code == "image.too_large");
    CHECK(decode_for_detection(huge).error().code == "image.too_large");
    // Within the limit but larger than the data: the decode runs out of data and says so.
    auto lying = good;
    patch_dimensions(lying, 4000, 3000);
    auto d = decode_jpeg(lying, 8);
    REQUIRE_FALSE(d.ok());
    CHECK(d.error().code == "image.corrupt");
  }
  SUBCASE("grayscale decodes to three equal channels") {
    // Not a valid standard photo (the verdict judges colour), but not a crash either.
    const auto gray = gradbooth::test::flat_libjpeg(32, 16, 77, {.colour = gradbooth::test::JpegColour::Gray});
    auto d = decode_jpeg(gray, 1);
    REQUIRE(d.ok());
    CHECK(d->bgr.at<cv::Vec3b>(5, 5) == cv::Vec3b(77, 77, 77));
  }
}
