// The spec JPEG writer, verified by reading the output back byte by byte: markers, JFIF
// density, components, sampling, baseline, size window.
#include "image_test_support.h"

#include <image/decode.h>
#include <image/mcu_row_sample.h>
#include <image/spec_jpeg.h>

#include <doctest/doctest.h>

using namespace gradbooth::models;
using image_test::Segment;

namespace {

// Every property SPEC §5 states about the file, checked on the bytes.
void check_spec_bytes(const std::vector<std::uint8_t> &b, const StandardProfile &p) {
  bool eoi = false;
  const std::vector<Segment> segs = image_test::header_segments(b, eoi);
  REQUIRE(segs.size() >= 3);
  CHECK(eoi);
  CHECK(segs[0].marker == 0xD8);
  // APP0 JFIF right after SOI, units 1 (dpi), density = profile dpi both ways.
  REQUIRE(segs[1].marker == 0xE0);
  const auto &app0 = segs[1].payload;
  REQUIRE(app0.size() >= 14);
  CHECK(std::string(app0.begin(), app0.begin() + 5) == std::string("JFIF\0", 5));
  CHECK(app0[7] == 1);
  CHECK(((app0[8] << 8) | app0[9]) == p.dpi);
  CHECK(((app0[10] << 8) | app0[11]) == p.dpi);
  CHECK(app0[12] == 0);  // no thumbnail
  CHECK(app0[13] == 0);
  bool sof0 = false, sos = false;
  for (std::size_t i = 2; i < segs.size(); ++i) {
    const Segment &s = segs[i];
    CAPTURE(static_cast<int>(s.marker));
    // No other APPn (EXIF = APP1, ICC = APP2, XMP = APP1, Adobe = APP14), no COM.
    CHECK_FALSE((s.marker >= 0xE0 && s.marker <= 0xEF));
    CHECK(s.marker != 0xFE);
    // Only baseline SOF0; no progressive (C2) or extended (C1) or arithmetic frames.
    CHECK((s.marker == 0xC0 || s.marker == 0xC4 || s.marker == 0xDB || s.marker == 0xDA || s.marker == 0xDD));
    if (s.marker == 0xC0) {
      sof0 = true;
      REQUIRE(s.payload.size() == 6 + 3 * 3);
      CHECK(s.payload[0] == 8);  // 8-bit samples
      CHECK(((s.payload[1] << 8) | s.payload[2]) == p.height);
      CHECK(((s.payload[3] << 8) | s.payload[4]) == p.width);
      CHECK(s.payload[5] == 3);  // three components
      for (int c = 0; c < 3; ++c) {
        CHECK(s.payload[6 + 3 * c] == c + 1);     // component ids 1,2,3 = Y Cb Cr (JFIF)
        CHECK(s.payload[6 + 3 * c + 1] == 0x11);  // 1×1 sampling: 4:4:4
      }
    }
    if (s.marker == 0xDA) {
      sos = true;
      CHECK(s.payload[0] == 3);  // one interleaved scan with all three components
    }
  }
  CHECK(sof0);
  CHECK(sos);
}

}  // namespace

TEST_CASE("a grainy camera-like picture lands in the byte window with few encodes") {
  const StandardProfile p;
  const cv::Mat img = image_test::synthetic_photo({p.width, p.height}, 1.0);
  auto r = encode_spec_jpeg(img, p);
  REQUIRE(r.ok());
  MESSAGE("q=" << r->quality << " bytes=" << r->bytes.size() << " encodes=" << r->encodes);
  CHECK_FALSE(r->under_window);
  CHECK(p.file_bytes.contains(static_cast<double>(r->bytes.size())));
  CHECK(r->encodes <= 6);
  check_spec_bytes(r->bytes, p);
  // Re-encoding at the chosen quality gives the same bytes: the search adds nothing else.
  auto again = encode_jpeg_at(img, r->quality, p.dpi, r->chroma_quality);
  REQUIRE(again.ok());
  CHECK(*again == r->bytes);
  // And it decodes back to the picture.
  auto back = decode_jpeg(r->bytes, 1);
  REQUIRE(back.ok());
  CHECK(back->bgr.size() == img.size());
  CHECK(cv::PSNR(back->bgr, img) > 30);
}

TEST_CASE("quality is searched on both sides of the window") {
  const StandardProfile p;
  // Heavy grain overshoots at q98: the search must come down; light grain needs q99–100.
  for (double grain : {1.0, 2.0, 3.0, 5.0, 8.0, 14.0}) {
    CAPTURE(grain);
    const cv::Mat img = image_test::synthetic_photo({p.width, p.height}, grain, 11);
    auto r = encode_spec_jpeg(img, p);
    REQUIRE(r.ok());
    MESSAGE("grain " << grain << ": q=" << r->quality << " bytes=" << r->bytes.size() << " encodes=" << r->encodes
                     << " chroma q=" << r->chroma_quality << " under=" << r->under_window);
    check_spec_bytes(r->bytes, p);
    const double n = static_cast<double>(r->bytes.size());
    if (r->under_window) {
      CHECK(n < p.file_bytes.min);
      CHECK(n >= p.file_bytes_floor);
      // Under the window is only allowed when one quality step more would overshoot (or q100).
      if (r->quality < 100) {
        auto next = encode_jpeg_at(img, r->quality + 1, p.dpi, std::max(r->quality + 1, r->chroma_quality));
        REQUIRE(next.ok());
        CHECK(static_cast<double>(next->size()) > p.file_bytes.max);
      }
    } else {
      CHECK(p.file_bytes.contains(n));
    }
    CHECK(r->encodes <= 8);
  }
}

TEST_CASE("a picture under the window at the first probe (q98) is searched upward into it") {
  // The window is placed between this picture's sizes at q98, q99 and q100, so only q99 fits:
  // the search must start under the window and climb, not settle for q98's smaller file.
  StandardProfile p;
  const cv::Mat img = image_test::synthetic_photo({p.width, p.height}, 1.0, 5);
  std::size_t at[101] = {};
  for (int q : {98, 99, 100}) {
    auto e = encode_jpeg_at(img, q, p.dpi);
    REQUIRE(e.ok());
    at[q] = e->size();
  }
  REQUIRE(at[98] < at[99]);
  REQUIRE(at[99] < at[100]);
  p.file_bytes = {static_cast<double>(at[99]) - static_cast<double>(at[99] - at[98]) / 4,
                  static_cast<double>(at[99]) + static_cast<double>(at[100] - at[99]) / 4};
  p.file_bytes_floor = static_cast<double>(at[98]) / 2;
  REQUIRE(p.file_bytes.min > static_cast<double>(at[98]));  // the first probe is under the window
  auto r = encode_spec_jpeg(img, p);
  REQUIRE(r.ok());
  MESSAGE("upward: q=" << r->quality << " chroma q=" << r->chroma_quality << " bytes=" << r->bytes.size() << " encodes=" << r->encodes);
  CHECK_FALSE(r->under_window);
  CHECK(r->quality == 99);
  CHECK(r->chroma_quality == 99);
  CHECK(r->bytes.size() == at[99]);
  CHECK(r->sample_encodes >= 2);  // q98 first, then up, on estimates
  CHECK(r->encodes == 1);         // and only q99 encoded in full
  check_spec_bytes(r->bytes, p);
  // The same climb on full encodes alone (the search the estimates stand in for).
  auto full = encode_spec_jpeg(img, p, {.estimate = false});
  REQUIRE(full.ok());
  CHECK(full->quality == 99);
  CHECK(full->bytes == r->bytes);
  CHECK(full->sample_encodes == 0);
  CHECK(full->encodes >= 2);  // q98 first, then up
  CHECK(full->encodes <= 3);
}

TEST_CASE("a clean picture stays under the window at q100 and says so") {
  const StandardProfile p;
  cv::Mat img = image_test::synthetic_photo({p.width, p.height}, 0);
  cv::GaussianBlur(img, img, cv::Size(), 4.0);  // studio-smooth: no grain, soft edges
  auto r = encode_spec_jpeg(img, p);
  REQUIRE(r.ok());
  CHECK(r->under_window);
  if (r->quality < 100) {  // only when one step more overshoots
    auto next = encode_jpeg_at(img, r->quality + 1, p.dpi, std::max(r->quality + 1, r->chroma_quality));
    REQUIRE(next.ok());
    CHECK(static_cast<double>(next->size()) > p.file_bytes.max);
  }
  CHECK(static_cast<double>(r->bytes.size()) < p.file_bytes.min);
  CHECK(static_cast<double>(r->bytes.size()) >= p.file_bytes_floor);
  check_spec_bytes(r->bytes, p);
}

TEST_CASE("below the floor even at q100 is an error, never padding") {
  const StandardProfile p;
  const cv::Mat flat(p.height, p.width, CV_8UC3, cv::Scalar(255, 197, 100));
  auto r = encode_spec_jpeg(flat, p);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "image.too_small");
  CHECK_FALSE(r.error().message_zh.empty());
}

TEST_CASE("the writer refuses the wrong size or type") {
  const StandardProfile p;
  CHECK(encode_spec_jpeg(cv::Mat(100, 100, CV_8UC3, cv::Scalar::all(0)), p).error().code == "image.encode_size");
  CHECK(encode_spec_jpeg(cv::Mat(p.height, p.width, CV_8UC1, cv::Scalar::all(0)), p).error().code == "image.encode_input");
  CHECK_FALSE(encode_jpeg_at(cv::Mat(8, 8, CV_8UC3, cv::Scalar::all(0)), 0, 300).ok());
  CHECK_FALSE(encode_jpeg_at(cv::Mat(), 90, 300).ok());
}

TEST_CASE("another profile's dpi and window are honoured") {
  StandardProfile p;
  p.width = 480;
  p.height = 640;
  p.dpi = 350;
  p.file_bytes = {20480, 40000};
  p.file_bytes_floor = 20480;
  const cv::Mat img = image_test::synthetic_photo({p.width, p.height}, 3.0);
  auto r = encode_spec_jpeg(img, p);
  REQUIRE(r.ok());
  MESSAGE("legacy: q=" << r->quality << " bytes=" << r->bytes.size() << " encodes=" << r->encodes);
  CHECK(p.file_bytes.contains(static_cast<double>(r->bytes.size())));
  check_spec_bytes(r->bytes, p);
}

TEST_CASE("the MCU-row sample is every 4th row of 8×8 blocks, and only of photos tall enough") {
  const StandardProfile p;
  const cv::Mat img = image_test::synthetic_photo({p.width, p.height}, 3.0);
  const auto s = detail::sample_mcu_rows(img);
  REQUIRE(s.has_value());
  CHECK(s->bgr.size() == cv::Size(p.width, p.height / 4));
  CHECK(s->row_ratio == doctest::Approx(4.0));
  for (int i : {0, 1, 17, 39}) {  // sample MCU row i is the photo's MCU row 4i
    CAPTURE(i);
    CHECK(cv::norm(s->bgr.rowRange(8 * i, 8 * i + 8), img.rowRange(32 * i, 32 * i + 8), cv::NORM_INF) == 0);
  }
  // 30 MCU rows sample to 8 (ratio 30/8); 25 would give 7: too few, and a partial MCU row never.
  const auto short_one = detail::sample_mcu_rows(img.rowRange(0, 240));
  REQUIRE(short_one.has_value());
  CHECK(short_one->bgr.rows == 64);
  CHECK(short_one->row_ratio == doctest::Approx(30.0 / 8));
  CHECK_FALSE(detail::sample_mcu_rows(img.rowRange(0, 200)).has_value());
  CHECK_FALSE(detail::sample_mcu_rows(img.rowRange(0, 1276)).has_value());
}

TEST_CASE("the sample's size estimate is close to the full encode's size") {
  const StandardProfile p;
  double worst = 0;
  for (double grain : {0.0, 1.0, 3.0, 8.0, 14.0}) {
    const cv::Mat img = image_test::synthetic_photo({p.width, p.height}, grain, 11);
    const auto s = detail::sample_mcu_rows(img);
    REQUIRE(s.has_value());
    for (int q : {75, 85, 92, 96, 98, 99, 100}) {
      CAPTURE(grain);
      CAPTURE(q);
      auto full = encode_jpeg_at(img, q, p.dpi);
      auto sample = encode_jpeg_at(s->bgr, q, p.dpi);
      REQUIRE(full.ok());
      REQUIRE(sample.ok());
      const double error = detail::estimated_file_bytes(*sample, s->row_ratio) / static_cast<double>(full->size()) - 1;
      worst = std::max(worst, std::abs(error));
      CHECK(std::abs(error) < 0.01);
    }
  }
  MESSAGE("worst estimate error: " << 100 * worst << " %");
}

TEST_CASE("the search on estimates makes the full search's choice with one full encode") {
  const StandardProfile p;
  for (unsigned seed : {5u, 11u})
    for (double grain : {0.0, 0.5, 1.0, 2.0, 3.0, 5.0, 8.0, 14.0}) {
      CAPTURE(seed);
      CAPTURE(grain);
      const cv::Mat img = image_test::synthetic_photo({p.width, p.height}, grain, seed);
      auto est = encode_spec_jpeg(img, p);
      auto full = encode_spec_jpeg(img, p, {.estimate = false});
      REQUIRE(est.ok());
      REQUIRE(full.ok());
      MESSAGE("seed " << seed << " grain " << grain << ": q" << est->quality << "/" << est->chroma_quality << " " << est->bytes.size()
                      << " bytes, " << est->sample_encodes << " sample + " << est->encodes
                      << " full encodes (full search: " << full->encodes << ")");
      CHECK(est->quality == full->quality);
      CHECK(est->chroma_quality == full->chroma_quality);
      CHECK(est->under_window == full->under_window);
      CHECK(est->bytes == full->bytes);
      CHECK(est->sample_encodes >= 1);
      CHECK(full->sample_encodes == 0);
      CHECK(est->encodes <= full->encodes);
      // In the window the estimate's choice is confirmed by its one full encode; under it the
      // next quality's overshoot is only known from full encodes.
      if (!est->under_window) CHECK(est->encodes == 1);
    }
}

TEST_CASE("an estimate that misses the window is repaired by full encodes from where it pointed") {
  const StandardProfile p;
  const cv::Mat img = image_test::synthetic_photo({p.width, p.height}, 1.0, 11);
  auto honest = encode_spec_jpeg(img, p);
  REQUIRE(honest.ok());
  REQUIRE(honest->encodes == 1);
  // Estimates 40% low send the search up to q99 (its true file is over the window), 15% high
  // down below q98 (under it): either way the confirming encode misses and full encodes go on.
  for (double scale : {0.6, 1.15}) {
    CAPTURE(scale);
    auto r = encode_spec_jpeg(img, p, {.estimate_scale = scale});
    REQUIRE(r.ok());
    MESSAGE("estimate x" << scale << ": q" << r->quality << "/" << r->chroma_quality << " " << r->bytes.size() << " bytes, "
                         << r->sample_encodes << " sample + " << r->encodes << " full encodes");
    CHECK(r->encodes >= 2);
    CHECK_FALSE(r->under_window);
    CHECK(p.file_bytes.contains(static_cast<double>(r->bytes.size())));
    check_spec_bytes(r->bytes, p);
    auto again = encode_jpeg_at(img, r->quality, p.dpi, r->chroma_quality);
    REQUIRE(again.ok());
    CHECK(*again == r->bytes);
  }
}
