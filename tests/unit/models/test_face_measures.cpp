// The landmark measures and their checks on the real FGNet talking-face frames (looked at one by
// one: which are blinks, smiles, turns), rotations, and group photos.
#include "testdata.h"
#include "verdict.h"

#include <doctest/doctest.h>
#include <opencv2/imgproc.hpp>

#include <cmath>

using namespace gradbooth::models;
using namespace gradbooth::models::testing;

namespace {

struct Seen {
  int faces = 0;
  FaceLandmarks face;
  LandmarkMeasures m;
};

Seen look(const cv::Mat &bgr) {
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  const auto dets = finder().detect(gray);
  Seen s;
  s.faces = static_cast<int>(dets.size());
  if (dets.empty()) return s;
  s.face = finder().landmarks(gray, dets[0].box, dets[0].score);
  s.m = measure_landmarks(s.face, gray.size());
  return s;
}

// The verdict's check `id` for this frame's landmark measures.
CheckResult check_of(const std::string &frame, const char *id) {
  const Seen s = look(read_image(franck(frame)));
  REQUIRE(s.faces == 1);
  Measurements m;
  m.face_count = 1;
  m.face = s.m;
  Standard standard;
  standard.thresholds = default_thresholds();
  for (auto &c : make_verdict(m, standard))
    if (c.id == id) return c;
  FAIL("no check " << id);
  return {};
}

}  // namespace

TEST_CASE("each FGNet frame has exactly one face") {
  for (std::string f : {"01829", "02045", "02159", "02221", "02683", "02888", "03909", "03979", "04000", "04035", "04117"}) {
    CAPTURE(f);
    CHECK(look(read_image(franck(f))).faces == 1);
  }
}

TEST_CASE("blink and squint frames fail eyes_open, open eyes pass") {
  for (std::string f : {"02888", "03979", "04000"}) {
    CAPTURE(f);
    const auto c = check_of(f, "eyes_open");
    CHECK_FALSE(c.pass);
    CHECK_FALSE(c.reason_zh.empty());
    CHECK_FALSE(c.reason_en.empty());
  }
  for (std::string f : {"01829", "02045", "02159", "02221", "03909", "04035"}) {
    CAPTURE(f);
    CHECK(check_of(f, "eyes_open").pass);
  }
}

TEST_CASE("open-mouth and smiling frames fail mouth_closed, closed lips pass") {
  for (std::string f : {"02045", "02159", "02221", "03909", "03979", "04000", "04117"}) {
    CAPTURE(f);
    CHECK_FALSE(check_of(f, "mouth_closed").pass);
  }
  for (std::string f : {"01829", "04035"}) {
    CAPTURE(f);
    CHECK(check_of(f, "mouth_closed").pass);
  }
}

TEST_CASE("head-turned frames fail pose_yaw and ear_symmetry, frontal ones pass") {
  for (std::string f : {"02683", "03909", "04000"}) {
    CAPTURE(f);
    CHECK_FALSE(check_of(f, "pose_yaw").pass);
    CHECK_FALSE(check_of(f, "ear_symmetry").pass);
  }
  for (std::string f : {"01829", "02888", "04035"}) {
    CAPTURE(f);
    CHECK(check_of(f, "pose_yaw").pass);
    CHECK(check_of(f, "ear_symmetry").pass);
  }
}

TEST_CASE("the visibly tilted frames fail pose_roll") {
  for (std::string f : {"01829", "04035"}) {
    CAPTURE(f);
    const auto c = check_of(f, "pose_roll");
    CHECK_FALSE(c.pass);
    CHECK(std::abs(c.value) > 10.0);
  }
}

TEST_CASE("rotating the image by ±5° and ±10° changes the measured roll by that angle, within 2°") {
  for (std::string f : {"01829", "02045", "04035"}) {
    const cv::Mat img = read_image(franck(f));
    const Seen base = look(img);
    REQUIRE(base.faces == 1);
    const cv::Point2f centre = (base.face.points[lm::kNoseTip]);
    for (double angle : {-10.0, -5.0, 5.0, 10.0}) {
      CAPTURE(f);
      CAPTURE(angle);
      // OpenCV's positive angle turns the picture counter-clockwise on screen, which raises the
      // image-right eye: the eye-line angle (y down) drops by the same amount.
      const cv::Mat rot = cv::getRotationMatrix2D(centre, angle, 1.0);
      cv::Mat turned;
      cv::warpAffine(img, turned, rot, img.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
      const Seen s = look(turned);
      REQUIRE(s.faces == 1);
      CHECK(std::abs((s.m.roll - base.m.roll) + angle) <= 2.0);
    }
  }
}

TEST_CASE("group photos have more than one face and fail `faces`") {
  // sample2 is left out: its three women look down or sideways, which a frontal HOG detector
  // does not find (one face found): a known limit, not a pass.
  for (std::string name : {"sample1", "sample3", "sample4", "sample5", "sample6"}) {
    CAPTURE(name);
    const Seen s = look(read_image(testdata(std::string("face-api/") + name + ".jpg")));
    CHECK(s.faces > 1);
    Measurements m;
    m.face_count = s.faces;
    Standard standard;
    const auto checks = make_verdict(m, standard);
    REQUIRE(checks.front().id == "faces");
    CHECK_FALSE(checks.front().pass);
    CHECK(checks.front().reason_en.find("More than one face") != std::string::npos);
  }
}

TEST_CASE("an image with no face gives no detection") {
  cv::Mat blue(480, 640, CV_8UC3, cv::Scalar(255, 197, 100));
  CHECK(look(blue).faces == 0);
}

TEST_CASE("the capture's two-core detection finds exactly what dlib's detector finds, groups included") {
  for (const std::string &path : {testdata("face-api/sample1.jpg"), testdata("face-api/sample3.jpg"), testdata("face-api/sample6.jpg"),
                                  franck("01829"), subject("booth_02045")}) {
    CAPTURE(path);
    cv::Mat gray;
    cv::cvtColor(read_image(path), gray, cv::COLOR_BGR2GRAY);
    if (gray.cols > 960) cv::resize(gray, gray, cv::Size(), 960.0 / gray.cols, 960.0 / gray.cols, cv::INTER_AREA);
    const auto one = finder().detect(gray), two = finder().detect_on_two_cores(gray);
    REQUIRE(one.size() == two.size());
    CHECK_FALSE(one.empty());
    for (std::size_t i = 0; i < one.size(); ++i) {
      CHECK(one[i].box == two[i].box);
      CHECK(one[i].score == two[i].score);
    }
  }
}
