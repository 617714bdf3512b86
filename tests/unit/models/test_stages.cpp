// check()'s stages on a 24 MP camera file, driven one by one: the crop source's decode is steered
// by the stages (held during the detection, settled on the crop's last row, stopped when no
// photo will be cut) and is always joined, whichever stage the check stops after.
#include "analysis/stages.h"
#include "testdata.h"

#include <doctest/doctest.h>
#include <opencv2/imgproc.hpp>

using namespace gradbooth::models;
using namespace gradbooth::models::testing;

namespace {

Standard standard() {
  Standard s;
  s.thresholds = default_thresholds();
  return s;
}

std::vector<std::uint8_t> camera_file(const cv::Mat &frame) {
  cv::Mat big;
  cv::resize(frame, big, cv::Size(4240, 5653), 0, 0, cv::INTER_CUBIC);
  return to_jpeg(big, 90);
}

}  // namespace

TEST_CASE("with one face the crop source holds at least the crop's rows, and the photo is cut from it") {
  const Standard st = standard();
  const auto jpeg = camera_file(read_image(subject("booth_04035")));
  Session s(jpeg, st, finder());
  REQUIRE(decode(s).ok());
  REQUIRE(s.source.denom == 2);
  detect(s);
  landmarks(s);
  plan(s);
  REQUIRE(s.m.crop);
  REQUIRE(s.m.crop->fits);
  const int needed = crop_rows_needed(*s.m.crop, 2, s.source.size);
  CHECK(needed < s.source.size.height);  // the subject sits above the frame's bottom
  REQUIRE(render(s).ok());
  CHECK(s.log.crop_source_scale_denom == 2);
  CHECK(s.photo.size() == cv::Size(st.profile.width, st.profile.height));
}

TEST_CASE("no face: the crop source's decode, held from its first row, stops there") {
  const Standard st = standard();
  cv::Mat wall(480, 360, CV_8UC3, cv::Scalar(200, 180, 150));
  cv::randn(wall, cv::Scalar(200, 180, 150), cv::Scalar(6, 6, 6));
  const auto jpeg = camera_file(wall);
  Session s(jpeg, st, finder());
  s.source.gate.hold();  // as if the detection had started before the decode's first row
  REQUIRE(decode(s).ok());
  detect(s);
  CHECK(s.m.face_count == 0);
  landmarks(s);
  plan(s);
  s.source.done.wait();
  CHECK(s.source.image.rows_decoded == 0);
  REQUIRE(render(s).ok());
  CHECK(s.photo.empty());
}

TEST_CASE("a check stopped after any stage joins its crop source's decode, held or not") {
  const Standard st = standard();
  const auto jpeg = camera_file(read_image(subject("booth_01829")));
  for (int stop_after = 0; stop_after < 4; ++stop_after) {
    CAPTURE(stop_after);
    Session s(jpeg, st, finder());
    REQUIRE(decode(s).ok());
    if (stop_after >= 1) s.source.gate.hold();  // the held state detect() leaves while it runs
    if (stop_after >= 2) detect(s);
    if (stop_after >= 3) landmarks(s);
    // Leaving the scope destroys the Session with its decode running or held: it must settle
    // and join it (a Session that waited forever fails this test by its timeout).
    CHECK(s.source.done.valid());
  }
}
