// Live-view guidance on real frames: Analyzer::guide on FGNet frames made into the situations a
// booth sees (tilted, turned, eyes closed, laughing, off-centre, too far, too close, two people).
#include "testdata.h"

#include <doctest/doctest.h>
#include <opencv2/imgproc.hpp>

#include <algorithm>

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

// The frame's content scaled by `k` about its centre on a blue canvas of the same size.
cv::Mat zoomed(const cv::Mat &img, double k, double shift_x = 0) {
  const cv::Mat m = (cv::Mat_<double>(2, 3) << k, 0, (1 - k) * img.cols / 2.0 + shift_x, 0, k, (1 - k) * img.rows / 2.0);
  cv::Mat out;
  cv::warpAffine(img, out, m, img.size(), cv::INTER_AREA, cv::BORDER_CONSTANT, cv::Scalar(240, 110, 40));
  return out;
}

// The live-view frame of a booth subject: the camera file scaled to a 480-px preview.
cv::Mat preview_of(const cv::Mat &camera_frame) {
  cv::Mat out;
  const double k = 480.0 / camera_frame.cols;
  cv::resize(camera_frame, out, cv::Size(), k, k, cv::INTER_AREA);
  return out;
}

const CheckResult &check_named(const PhotoReport &r, const std::string &id) {
  auto it = std::find_if(r.checks.begin(), r.checks.end(), [&](const CheckResult &c) { return c.id == id; });
  REQUIRE_MESSAGE(it != r.checks.end(), id);
  return *it;
}

}  // namespace

TEST_CASE(
    "live view agrees with the check: every frame the live view calls ready gives a photo that meets every framing window when captured") {
  // Booth subjects moved and zoomed the way students sit: the camera file and its preview.
  int ready = 0, not_ready = 0;
  for (std::string name : {"booth_01829", "booth_04035", "booth_02888"}) {
    const cv::Mat full = read_image(subject(name));
    for (double k : {0.7, 0.85, 1.0, 1.15, 1.3})
      for (double dx : {-0.12, 0.0, 0.1})
        for (double dy : {-0.08, 0.0, 0.12}) {
          CAPTURE(name);
          CAPTURE(k);
          CAPTURE(dx);
          CAPTURE(dy);
          // Scaled about the centre and moved; the camera sees more backdrop and body around (the
          // edge rows and columns continue), never a painted border.
          const cv::Mat m = (cv::Mat_<double>(2, 3) << k, 0, (1 - k) * full.cols / 2.0 + dx * full.cols, 0, k,
                             (1 - k) * full.rows / 2.0 + dy * full.rows);
          cv::Mat camera;
          cv::warpAffine(full, camera, m, full.size(), cv::INTER_AREA, cv::BORDER_REPLICATE);
          const Hint live = settled_hint(preview_of(camera));
          // Pose, eyes and mouth are the student's, not the framing: only a framing hint or Ready
          // says anything about where the photo will be cut.
          if (live != Hint::Ready && live != Hint::OpenEyes && live != Hint::CloseMouth) {
            ++not_ready;
            continue;
          }
          ++ready;
          auto r = analyzer().check(to_jpeg(camera, 92));
          REQUIRE(r.ok());
          CAPTURE(r->crop.reason_en);
          for (const std::string id : {"crop_fits", "head_top", "eye_line", "face_width", "chin", "shoulders_visible"})
            CHECK_MESSAGE(check_named(*r, id).pass, id << " = " << check_named(*r, id).value);
        }
  }
  MESSAGE(ready << " placements the live view called well framed, " << not_ready << " it asked to move");
  CHECK(ready >= 10);
  CHECK(not_ready >= 10);
}

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
  const cv::Mat img = preview_of(read_image(subject("booth_01829")));
  (void)analyzer().guide(cv::Mat());
  const Guidance first = analyzer().guide(img);
  CHECK(first.hint == Hint::HoldStill);
  REQUIRE(first.face);
  const Guidance second = analyzer().guide(img);
  CHECK(second.hint == Hint::Ready);
  CHECK(second.text_en == "Good, hold it");
  // The crop the live view shows is the planner's, in the preview's coordinates.
  REQUIRE(second.crop);
  CHECK(second.crop->width / second.crop->height == doctest::Approx(0.75));
  CHECK(second.crop->x >= 0);
  CHECK(second.crop->y >= 0);
  CHECK(second.crop->y + second.crop->height <= img.rows);
}

TEST_CASE("a face that jumps between frames: hold still") {
  const cv::Mat img = preview_of(read_image(subject("booth_01829")));
  (void)analyzer().guide(cv::Mat());
  (void)analyzer().guide(img);
  CHECK(analyzer().guide(zoomed(img, 1.0, -20)).hint == Hint::HoldStill);
}

TEST_CASE("an FGNet big-head video frame: the head is too near the top and the frame too close, move back") {
  CHECK(settled_hint(read_image(franck("01829"))) == Hint::MoveBack);
  CHECK(settled_hint(read_image(franck("04035"))) == Hint::MoveBack);
}

TEST_CASE("tilted heads are told which way to straighten") {
  // The booth subject's preview turned about the face: a positive angle turns the picture
  // counter-clockwise, so the head leans towards image-left = the student's right shoulder, and
  // they straighten towards their left.
  const cv::Mat img = preview_of(read_image(subject("booth_01829")));
  const auto turned = [&](double deg) {
    cv::Mat out;
    cv::warpAffine(img, out, cv::getRotationMatrix2D(cv::Point2f(img.cols / 2.0f, img.rows * 0.35f), deg, 1.0), img.size(),
                   cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    return out;
  };
  CHECK(settled_hint(turned(10)) == Hint::TiltLeft);
  CHECK(settled_hint(turned(-10)) == Hint::TiltRight);
}

TEST_CASE("turned heads are told which way to turn") {
  const cv::Mat img = preview_of(read_image(subject("booth_02683")));  // nose towards image-right
  CHECK(settled_hint(img) == Hint::TurnRight);
  cv::Mat mirrored;
  cv::flip(img, mirrored, 1);  // test material only: the same turn the other way
  CHECK(settled_hint(mirrored) == Hint::TurnLeft);
}

TEST_CASE("closed eyes and a laugh") {
  CHECK(settled_hint(preview_of(read_image(subject("booth_02888")))) == Hint::OpenEyes);
  CHECK(settled_hint(preview_of(read_image(subject("booth_04117")))) == Hint::CloseMouth);
}

TEST_CASE("position: too far, too close, off-centre") {
  const cv::Mat img = preview_of(read_image(subject("booth_01829")));
  CHECK(settled_hint(img) == Hint::Ready);
  CHECK(settled_hint(zoomed(img, 0.6)) == Hint::MoveCloser);
  CHECK(settled_hint(zoomed(img, 1.5)) == Hint::MoveBack);
  // Face pushed to image-right = the student's left: they must move to their right.
  CHECK(settled_hint(zoomed(img, 1.0, 100)) == Hint::MoveRight);
  CHECK(settled_hint(zoomed(img, 1.0, -100)) == Hint::MoveLeft);
}

TEST_CASE("two people in view") {
  const cv::Mat a = read_image(franck("04035")), b = read_image(franck("01829"));
  cv::Mat both;
  cv::hconcat(a(cv::Rect(230, 0, 360, 576)), b(cv::Rect(230, 0, 360, 576)), both);
  CHECK(settled_hint(both) == Hint::ManyFaces);
}

TEST_CASE("guide_jpeg decodes a preview JPEG and gives landmarks in its coordinates") {
  const cv::Mat img = preview_of(read_image(subject("booth_01829")));
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
