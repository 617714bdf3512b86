// Live-view guidance on real frames: Analyzer::guide on FGNet frames made into the situations a
// booth sees (tilted, turned, eyes closed, laughing, off-centre, too far, too close, two people).
#include "testdata.h"

#include <doctest/doctest.h>
#include <opencv2/imgproc.hpp>

using namespace gradbooth::models;
using namespace gradbooth::models::testing;

namespace {

// Each case starts from a fresh "previous frame" so HoldStill/Ready are deterministic:
// the first call on a frame says HoldStill at best, the second (same frame) Ready.
Hint settled_hint(const cv::Mat &frame) {
  (void)analyzer().guide(cv::Mat());  // forget the previous face
  (void)analyzer().guide(frame);
  return analyzer().guide(frame).hint;
}

// Rotate about the nose tip so the eye line becomes level (roll from the analyzer's own measure).
cv::Mat straightened(const std::string &frame) {
  const cv::Mat img = read_image(franck(frame));
  const Guidance g = analyzer().guide(img);
  REQUIRE(g.face);
  const LandmarkMeasures m = measure_landmarks(*g.face, img.size());
  const cv::Mat rot = cv::getRotationMatrix2D(g.face->points[lm::kNoseTip], m.roll, 1.0);
  cv::Mat out;
  cv::warpAffine(img, out, rot, img.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
  return out;
}

// The frame's content scaled by `k` about its centre on a blue canvas of the same size.
cv::Mat zoomed(const cv::Mat &img, double k, double shift_x = 0) {
  const cv::Mat m = (cv::Mat_<double>(2, 3) << k, 0, (1 - k) * img.cols / 2.0 + shift_x, 0, k, (1 - k) * img.rows / 2.0);
  cv::Mat out;
  cv::warpAffine(img, out, m, img.size(), cv::INTER_AREA, cv::BORDER_CONSTANT, cv::Scalar(240, 110, 40));
  return out;
}

} // namespace

TEST_CASE("hint names and texts are stable and bilingual") {
  CHECK(hint_name(Hint::NoFace) == "no_face");
  CHECK(hint_name(Hint::Ready) == "ready");
  const Guidance g = make_guidance(Hint::OpenEyes);
  CHECK(g.text_zh == "请自然睁开双眼");
  CHECK(g.text_en == "Open your eyes naturally");
}

TEST_CASE("an empty blue frame says no face") {
  const cv::Mat blue(480, 640, CV_8UC3, cv::Scalar(255, 197, 100));
  const Guidance g = analyzer().guide(blue);
  CHECK(g.hint == Hint::NoFace);
  CHECK_FALSE(g.face);
}

TEST_CASE("a level, frontal, closed-mouth face: hold still on the first frame, ready on the next") {
  const cv::Mat img = straightened("04035");
  (void)analyzer().guide(cv::Mat());
  const Guidance first = analyzer().guide(img);
  CHECK(first.hint == Hint::HoldStill);
  REQUIRE(first.face);
  const Guidance second = analyzer().guide(img);
  CHECK(second.hint == Hint::Ready);
  CHECK(second.text_en == "Good, hold it");
}

TEST_CASE("a face that jumps between frames: hold still") {
  const cv::Mat img = straightened("04035");
  (void)analyzer().guide(cv::Mat());
  (void)analyzer().guide(img);
  CHECK(analyzer().guide(zoomed(img, 1.0, -20)).hint == Hint::HoldStill);
}

TEST_CASE("tilted heads are told which way to straighten") {
  // 01829 and 04035 lean towards the student's right shoulder (image-left eye lower). As shot,
  // their hair nearly touches the top edge (move back comes first); shrunk a little they have room.
  CHECK(settled_hint(read_image(franck("01829"))) == Hint::MoveBack);
  CHECK(settled_hint(zoomed(read_image(franck("01829")), 0.8)) == Hint::TiltLeft);
  CHECK(settled_hint(zoomed(read_image(franck("04035")), 0.8)) == Hint::TiltLeft);
}

TEST_CASE("turned heads are told which way to turn") {
  CHECK(settled_hint(zoomed(read_image(franck("02683")), 0.8)) == Hint::TurnRight);  // nose towards image-right
  CHECK(settled_hint(zoomed(read_image(franck("04000")), 0.8)) == Hint::TurnLeft);   // nose towards image-left
}

TEST_CASE("closed eyes and a laugh") {
  CHECK(settled_hint(zoomed(straightened("02888"), 0.8)) == Hint::OpenEyes);
  CHECK(settled_hint(zoomed(read_image(franck("04117")), 0.8)) == Hint::CloseMouth);
}

TEST_CASE("position: too far, too close, off-centre") {
  const cv::Mat img = straightened("04035");
  CHECK(settled_hint(zoomed(img, 0.55)) == Hint::MoveCloser);
  CHECK(settled_hint(zoomed(img, 1.5)) == Hint::MoveBack);
  // Face pushed to image-right = the student's left: they must move to their right.
  CHECK(settled_hint(zoomed(img, 0.8, 200)) == Hint::MoveRight);
  CHECK(settled_hint(zoomed(img, 0.8, -200)) == Hint::MoveLeft);
}

TEST_CASE("two people in view") {
  const cv::Mat a = read_image(franck("04035")), b = read_image(franck("01829"));
  cv::Mat both;
  cv::hconcat(a(cv::Rect(230, 0, 360, 576)), b(cv::Rect(230, 0, 360, 576)), both);
  CHECK(settled_hint(both) == Hint::ManyFaces);
}

TEST_CASE("guide_jpeg decodes a preview JPEG and gives landmarks in its coordinates") {
  const cv::Mat img = straightened("04035");
  (void)analyzer().guide(cv::Mat());
  const Guidance g = analyzer().guide_jpeg(to_jpeg(img));
  REQUIRE(g.face);
  CHECK(g.face->points[lm::kNoseTip].x == doctest::Approx(analyzer().guide(img).face->points[lm::kNoseTip].x).epsilon(0.02));
}

TEST_CASE("while tracking one face, a second person is noticed within five frames") {
  const cv::Mat a = read_image(franck("04035")), b = read_image(franck("01829"));
  cv::Mat both;
  cv::hconcat(a(cv::Rect(230, 0, 360, 576)), b(cv::Rect(230, 0, 360, 576)), both);
  cv::Mat alone = both.clone();
  alone(cv::Rect(360, 0, 360, 576)).setTo(cv::Scalar(240, 110, 40));  // only the left student
  (void)analyzer().guide(cv::Mat());
  for (int i = 0; i < 3; ++i) CHECK(analyzer().guide(alone).hint != Hint::ManyFaces);
  bool noticed = false;
  for (int i = 0; i < 5 && !noticed; ++i) noticed = analyzer().guide(both).hint == Hint::ManyFaces;
  CHECK(noticed);
}
