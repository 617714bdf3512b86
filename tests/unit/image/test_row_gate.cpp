// A decode steered from another thread (image/row_gate.h): it waits while held, stops where the
// gate settles with exactly the rows a whole decode has there, and a crop reaching below those
// rows is refused rather than cut from pixels that were never decoded.
#include "image_test_support.h"

#include <image/crop_plan.h>
#include <image/decode.h>
#include <image/profile.h>
#include <image/row_gate.h>
#include <image/spec_jpeg.h>

#include <doctest/doctest.h>

#include <future>
#include <thread>

using namespace gradbooth::models;

namespace {

std::vector<std::uint8_t> jpeg_of(const cv::Mat &bgr) {
  auto r = encode_jpeg_at(bgr, 90, 300);
  REQUIRE(r.ok());
  return *r;
}

bool same_pixels(const cv::Mat &a, const cv::Mat &b) { return a.size() == b.size() && cv::norm(a, b, cv::NORM_INF) == 0; }

}  // namespace

TEST_CASE("the gate admits rows below its limit, and once settled it is never overruled") {
  RowGate g;
  CHECK(g.admit(0));
  CHECK(g.admit(1'000'000));  // open from the start
  g.settle(40);
  CHECK(g.admit(39));
  CHECK_FALSE(g.admit(40));
  g.open();  // too late: a settled gate stays settled
  CHECK_FALSE(g.admit(40));
  g.hold();
  g.settle(0);
  CHECK(g.admit(39));
}

TEST_CASE("a held decode waits for the gate and goes on when it opens") {
  const auto jpeg = jpeg_of(image_test::synthetic_photo({320, 480}, 3));
  RowGate gate;
  gate.hold();
  DecodedImage img;
  auto done = std::async(std::launch::async, [&] { return decode_jpeg_into(jpeg, 2, img, &gate); });
  // Held at row 0 however long this thread takes; open() lets it finish the image.
  CHECK(done.wait_for(std::chrono::milliseconds(50)) == std::future_status::timeout);
  gate.open();
  REQUIRE(done.get().ok());
  CHECK(img.rows_decoded == 240);
  CHECK(same_pixels(img.bgr, decode_jpeg(jpeg, 2)->bgr));
}

TEST_CASE("a settled decode stops there, its rows the whole decode's") {
  const auto jpeg = jpeg_of(image_test::synthetic_photo({640, 960}, 5));
  const DecodedImage whole = *decode_jpeg(jpeg, 2);
  CHECK(whole.rows_decoded == whole.bgr.rows);
  for (int stop : {0, 1, 7, 8, 133, 479, 480, 10'000}) {
    CAPTURE(stop);
    RowGate gate;
    gate.settle(stop);
    DecodedImage part;
    REQUIRE(decode_jpeg_into(jpeg, 2, part, &gate).ok());
    CHECK(part.rows_decoded == std::min(stop, 480));
    CHECK(part.original_size == whole.original_size);
    if (part.rows_decoded > 0) CHECK(same_pixels(part.bgr.rowRange(0, part.rows_decoded), whole.bgr.rowRange(0, part.rows_decoded)));
  }
}

TEST_CASE("a crop reaching below the decoded rows is refused, one within them is cut") {
  StandardProfile p;
  const cv::Mat photo = image_test::synthetic_photo({2400, 3200}, 6);
  const auto jpeg = jpeg_of(photo);
  CropPlan plan;
  plan.fits = true;
  plan.source = cv::Rect2d(100, 200, 2000, 2000.0 * p.height / p.width);
  plan.scale = double(p.width) / plan.source.width;
  const int needed = crop_rows_needed(plan, 2, cv::Size(1200, 1600));
  CHECK(needed == 100 + 1333);  // (200 + 2666.7) / 2, rounded
  RowGate gate;
  gate.settle(needed - 1);
  DecodedImage source;
  REQUIRE(decode_jpeg_into(jpeg, 2, source, &gate).ok());
  auto short_cut = render_crop(source, plan, p);
  REQUIRE_FALSE(short_cut.ok());
  CHECK(short_cut.error().code == "image.crop_source_short");

  RowGate enough;
  enough.settle(needed);
  REQUIRE(decode_jpeg_into(jpeg, 2, source, &enough).ok());
  auto cut = render_crop(source, plan, p);
  REQUIRE(cut.ok());
  auto from_whole = render_crop(*decode_jpeg(jpeg, 2), plan, p);
  REQUIRE(from_whole.ok());
  CHECK(same_pixels(*cut, *from_whole));
}
