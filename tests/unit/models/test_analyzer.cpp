// Analyzer::check end to end on real faces: crops re-measured on the output image, and the
// photo faults a booth meets made from real frames (dark half face, blur, wrong background,
// subject at the edge, groups, rotated files, broken files).
#include "testdata.h"

#include "image/profile.h"

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cstdlib>
#include <string_view>

using namespace gradbooth::models;
using namespace gradbooth::models::testing;

namespace {

const CheckResult &check_named(const PhotoReport &r, const std::string &id) {
  auto it = std::find_if(r.checks.begin(), r.checks.end(), [&](const CheckResult &c) { return c.id == id; });
  REQUIRE_MESSAGE(it != r.checks.end(), id);
  return *it;
}

PhotoReport run(const std::vector<std::uint8_t> &jpeg) {
  auto r = analyzer().check(jpeg);
  REQUIRE_MESSAGE(r.ok(), (r.ok() ? "" : r.error().message_en));
  return std::move(r.value());
}

PhotoReport run(const cv::Mat &bgr) { return run(to_jpeg(bgr)); }

// Hair top on the output, measured independently of the pipeline: the first row from the top
// where a fifth of the central band (the crown is round: only its middle reaches the top)
// differs clearly from the background colour of the top rows.
int head_top_on(const cv::Mat &out, float centre_x, float face_w) {
  cv::Mat lab;
  cv::cvtColor(out, lab, cv::COLOR_BGR2Lab);
  const cv::Scalar bg = cv::mean(lab(cv::Rect(0, 0, out.cols, 30)));
  const int x0 = std::max(0, static_cast<int>(centre_x - 0.25f * face_w));
  const int x1 = std::min(out.cols, static_cast<int>(centre_x + 0.25f * face_w));
  for (int y = 0; y < out.rows; ++y) {
    int differ = 0;
    for (int x = x0; x < x1; ++x) {
      const cv::Vec3b p = lab.at<cv::Vec3b>(y, x);
      const double d = std::hypot(std::hypot(p[0] - bg[0], p[1] - bg[1]), p[2] - bg[2]);
      if (d > 25) ++differ;
    }
    if (differ > (x1 - x0) / 5) return y;
  }
  return -1;
}

} // namespace

TEST_CASE("each open-eyed FGNet frame gives a 960×1280 photo whose framing, re-measured, is in the SPEC windows") {
  for (std::string f : {"01829", "02045", "02159", "02221", "02683", "03909", "04035", "04117"}) {
    CAPTURE(f);
    const PhotoReport r = run(read_bytes(franck(f)));
    CHECK(check_named(r, "crop_fits").pass);
    // No red-eye and an even (if too dark) studio backdrop in any of these frames; squinting
    // lids and lash lines are not red pupils.
    CHECK(check_named(r, "red_eye").pass);
    CHECK(check_named(r, "background_uniform").pass);
    CHECK(check_named(r, "head_top").pass);
    REQUIRE_FALSE(r.spec_jpeg.empty());
    CHECK(check_named(r, "file_size").pass);
    CHECK(r.jpeg_quality > 0);
    const cv::Mat out = cv::imdecode(r.spec_jpeg, cv::IMREAD_COLOR);
    REQUIRE(out.cols == 960);
    REQUIRE(out.rows == 1280);
    // Landmarks found again on the output itself.
    cv::Mat gray;
    cv::cvtColor(out, gray, cv::COLOR_BGR2GRAY);
    cv::Mat small;
    cv::resize(gray, small, cv::Size(), 0.5, 0.5, cv::INTER_AREA);
    const auto dets = finder().detect(small);
    REQUIRE(dets.size() == 1);
    const cv::Rect box(dets[0].box.x * 2, dets[0].box.y * 2, dets[0].box.width * 2, dets[0].box.height * 2);
    const FaceLandmarks lmk = finder().landmarks(gray, box);
    const double left = lmk.points[lm::kJawLeft].x, right = out.cols - lmk.points[lm::kJawRight].x;
    CHECK(left >= 118);
    CHECK(left <= 177);
    CHECK(right >= 118);
    CHECK(right <= 177);
    const int top = head_top_on(out, (lmk.points[0].x + lmk.points[16].x) / 2, lmk.points[16].x - lmk.points[0].x);
    CHECK(top >= 71);
    CHECK(top <= 94);
    // The stored measures are JSON with the landmark measures in it.
    const auto j = nlohmann::json::parse(r.measures_json);
    CHECK(j["face_count"] == 1);
    CHECK(j.contains("landmark_measures"));
    CHECK(j["landmarks_68"].size() == 68);
  }
}

TEST_CASE("half the face darkened fails light_balance") {
  cv::Mat img = read_image(franck("04117"));
  const PhotoReport before = run(img);
  CHECK(check_named(before, "light_balance").pass);
  // Darken everything image-left of the nose (what a lamp on one side does).
  const Guidance g = analyzer().guide(img);
  REQUIRE(g.face);
  const int nose_x = static_cast<int>(g.face->points[lm::kNoseTip].x);
  cv::Mat half = img(cv::Rect(0, 0, nose_x, img.rows));
  half.convertTo(half, -1, 0.45, 0);
  const PhotoReport after = run(img);
  const CheckResult &c = check_named(after, "light_balance");
  CHECK_FALSE(c.pass);
  CHECK(c.value < check_named(before, "light_balance").value);
  CHECK_FALSE(c.reason_zh.empty());
}

TEST_CASE("a Gaussian-blurred frame fails sharpness") {
  const cv::Mat img = read_image(franck("04117"));
  CHECK(check_named(run(img), "sharpness").pass);
  cv::Mat blurred;
  cv::GaussianBlur(img, blurred, cv::Size(0, 0), 3.0);
  const CheckResult c = check_named(run(blurred), "sharpness");
  CHECK_FALSE(c.pass);
  CHECK(c.reason_en.find("not sharp") != std::string::npos);
}

TEST_CASE("the background colour check reflects the distance to the reference blue") {
  const cv::Mat img = read_image(franck("04117"));
  // The FGNet backdrop: strongly blue pixels.
  cv::Mat hsv, mask;
  cv::cvtColor(img, hsv, cv::COLOR_BGR2HSV);
  cv::inRange(hsv, cv::Scalar(100, 120, 80), cv::Scalar(130, 255, 255), mask);
  auto recoloured = [&](cv::Scalar bgr) {
    cv::Mat out = img.clone();
    out.setTo(bgr, mask);
    return out;
  };
  const double as_shot = check_named(run(img), "background_colour").value;
  const CheckResult reference = check_named(run(recoloured(cv::Scalar(255, 197, 100))), "background_colour");
  const CheckResult orange = check_named(run(recoloured(cv::Scalar(60, 140, 230))), "background_colour");
  CHECK(reference.pass);
  CHECK(reference.value < 5);
  CHECK_FALSE(orange.pass);
  CHECK(reference.value < as_shot);
  CHECK(as_shot < orange.value);
}

TEST_CASE("a subject at the frame edge: the crop is refused, never padded") {
  const cv::Mat img = read_image(franck("04035"));
  const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, -260, 0, 1, 0);
  cv::Mat moved;
  cv::warpAffine(img, moved, shift, img.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(240, 110, 40));
  const PhotoReport r = run(moved);
  CHECK(check_named(r, "faces").pass);
  const CheckResult &c = check_named(r, "crop_fits");
  CHECK_FALSE(c.pass);
  CHECK_FALSE(c.reason_zh.empty());
  CHECK(r.spec_jpeg.empty());
  CHECK_FALSE(r.pass);
}

TEST_CASE("group photos fail `faces` with \"more than one face\"") {
  for (std::string name : {"sample1", "sample3", "sample6"}) {
    CAPTURE(name);
    const PhotoReport r = run(read_bytes(testdata(std::string("face-api/") + name + ".jpg")));
    const CheckResult &c = check_named(r, "faces");
    CHECK_FALSE(c.pass);
    CHECK(c.value > 1);
    CHECK(c.reason_en.find("More than one face") != std::string::npos);
    CHECK(r.spec_jpeg.empty());
  }
}

TEST_CASE("no face: a report (not an error) whose faces check fails") {
  const cv::Mat blue(1280, 960, CV_8UC3, cv::Scalar(255, 197, 100));
  const PhotoReport r = run(blue);
  CHECK_FALSE(r.pass);
  CHECK_FALSE(check_named(r, "faces").pass);
  CHECK(check_named(r, "faces").value == 0);
}

TEST_CASE("an EXIF-rotated original fails orientation") {
  std::vector<std::uint8_t> jpeg = read_bytes(franck("04117"));
  // APP1 Exif, big-endian TIFF, one IFD0 entry: Orientation (0x0112) SHORT = 6.
  const std::vector<std::uint8_t> app1 = {0xFF, 0xE1, 0x00, 0x22, 'E', 'x', 'i', 'f', 0, 0, 'M', 'M', 0x00, 0x2A,
                                          0x00, 0x00, 0x00, 0x08, 0x00, 0x01, 0x01, 0x12, 0x00, 0x03, 0x00, 0x00,
                                          0x00, 0x01, 0x00, 0x06, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00};
  jpeg.insert(jpeg.begin() + 2, app1.begin(), app1.end());
  const PhotoReport r = run(jpeg);
  const CheckResult &c = check_named(r, "orientation");
  CHECK_FALSE(c.pass);
  CHECK(c.value == 6);
  CHECK_FALSE(r.pass);
}

TEST_CASE("bytes that are not a usable JPEG are an error value") {
  const std::vector<std::uint8_t> text = {'h', 'e', 'l', 'l', 'o'};
  CHECK_FALSE(analyzer().check(text).ok());
  std::vector<std::uint8_t> jpeg = read_bytes(franck("04117"));
  jpeg.resize(jpeg.size() / 3);
  CHECK_FALSE(analyzer().check(jpeg).ok());
  CHECK_FALSE(analyzer().check({}).ok());
}

TEST_CASE("the legacy 480×640 profile: the planner gets the eye line and puts it in its 200–300 px window") {
  const char *src = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(src != nullptr);
  const std::vector<std::uint8_t> toml = read_bytes(std::string(src) + "/config/profiles/legacy-480x640.toml");
  REQUIRE_FALSE(toml.empty());
  auto standard = parse_standard(std::string_view(reinterpret_cast<const char *>(toml.data()), toml.size()));
  REQUIRE(standard.ok());
  REQUIRE(standard->profile.eye_line_px.max > 0);
  auto loaded = Analyzer::load(kLandmarkModel, *standard);
  REQUIRE(loaded.ok());
  for (std::string f : {"04117", "02159"}) {
    CAPTURE(f);
    // The 480×640 framing (face 180–300 px of 480) needs a taller source than FGNet's 720×576:
    // extend the backdrop above and the shirt below, as a portrait-oriented camera would see them.
    cv::Mat tall;
    cv::copyMakeBorder(read_image(franck(f)), tall, 160, 160, 0, 0, cv::BORDER_REPLICATE);
    auto r = (*loaded)->check(to_jpeg(tall));
    REQUIRE(r.ok());
    CAPTURE(r->crop.reason_en);
    REQUIRE(r->crop.fits);
    // Without the eye line the planner reports -1 here and ignores the window.
    CHECK(r->crop.eye_line_px >= 200);
    CHECK(r->crop.eye_line_px <= 300);
    REQUIRE_FALSE(r->spec_jpeg.empty());
    const cv::Mat out = cv::imdecode(r->spec_jpeg, cv::IMREAD_COLOR);
    REQUIRE(out.cols == 480);
    REQUIRE(out.rows == 640);
    // The eyes found again on the output are in the window too.
    cv::Mat gray;
    cv::cvtColor(out, gray, cv::COLOR_BGR2GRAY);
    const auto dets = finder().detect(gray);
    REQUIRE(dets.size() == 1);
    const FaceLandmarks lmk = finder().landmarks(gray, dets[0].box);
    double eye_y = 0;
    for (int i = 36; i <= 47; ++i) eye_y += lmk.points[static_cast<std::size_t>(i)].y;
    eye_y /= 12.0;
    CHECK(eye_y >= 200);
    CHECK(eye_y <= 300);
  }
}

TEST_CASE("background evenness is judged on what the photo shows: a stand beside the crop passes, the same in the crop fails") {
  const cv::Mat img = read_image(franck("04117"));
  const PhotoReport clean = run(img);
  REQUIRE(clean.crop.fits);
  CHECK(check_named(clean, "background_uniform").pass);
  CHECK(check_named(clean, "head_top").pass);
  const cv::Rect2d c = clean.crop.source;
  const cv::Rect frame(0, 0, img.cols, img.rows);
  // A dark grey stand just left of the crop, at head height: the camera sees it, the photo not.
  cv::Mat beside = img.clone();
  const cv::Rect stand = cv::Rect(static_cast<int>(c.x - 0.2 * c.width), static_cast<int>(c.y),
                                  static_cast<int>(0.15 * c.width), static_cast<int>(0.3 * c.height)) & frame;
  REQUIRE(stand.x + stand.width <= static_cast<int>(c.x));
  REQUIRE(stand.width > 20);
  beside(stand).setTo(cv::Scalar(70, 70, 70));
  const PhotoReport outside = run(beside);
  REQUIRE(outside.crop.fits);
  CHECK(check_named(outside, "background_uniform").pass);
  // The same grey in the photo's top corner is a defect of the photo.
  cv::Mat in_photo = img.clone();
  const cv::Rect corner = cv::Rect(static_cast<int>(c.x), static_cast<int>(c.y), static_cast<int>(0.15 * c.width),
                                   static_cast<int>(0.1 * c.height)) & frame;
  in_photo(corner).setTo(cv::Scalar(70, 70, 70));
  const PhotoReport inside = run(in_photo);
  REQUIRE(inside.crop.fits);
  CHECK_FALSE(check_named(inside, "background_uniform").pass);
}

TEST_CASE("no crop fits: the backdrop is measured around the subject, not the camera frame's far edge") {
  const cv::Mat img = read_image(franck("04035"));
  CHECK(check_named(run(img), "background_uniform").pass);
  // The subject moved to the left edge; the camera sees a grey wall at the far right.
  const cv::Mat shift = (cv::Mat_<double>(2, 3) << 1, 0, -260, 0, 1, 0);
  cv::Mat moved;
  cv::warpAffine(img, moved, shift, img.size(), cv::INTER_LINEAR, cv::BORDER_CONSTANT, cv::Scalar(90, 90, 90));
  const PhotoReport r = run(moved);
  REQUIRE_FALSE(check_named(r, "crop_fits").pass);
  const CheckResult &u = check_named(r, "background_uniform");
  CAPTURE(u.value);
  CHECK(u.pass);
}

TEST_CASE("a 24 MP camera file is decoded once, at 1/2, and its photo is framed like the small file's") {
  const cv::Mat img = read_image(franck("04117"));
  const PhotoReport small = run(img);
  REQUIRE(small.crop.fits);
  cv::Mat big;
  cv::resize(img, big, cv::Size(5480, 4384), 0, 0, cv::INTER_CUBIC);
  const PhotoReport r = run(to_jpeg(big, 90));
  REQUIRE(r.crop.fits);
  const auto j = nlohmann::json::parse(r.measures_json);
  // One pass: the decode the detection ran on was the 1/2 one the crop is cut from (the
  // two-pass path detects on the 1/8 decode).
  CHECK(j["detect_scale_denom"] == 2);
  CHECK(r.crop.scale * 2 <= 1.0);
  // Same framing as the original frame's, in the output's pixels.
  CHECK(r.crop.head_top_px == doctest::Approx(small.crop.head_top_px).epsilon(0.03));
  CHECK(r.crop.cheek_left_px == doctest::Approx(small.crop.cheek_left_px).epsilon(0.05));
  CHECK(check_named(r, "head_top").pass);
  CHECK(check_named(r, "background_uniform").pass);
  CHECK(check_named(r, "sharpness").value > 0);
  const cv::Mat out = cv::imdecode(r.spec_jpeg, cv::IMREAD_COLOR);
  REQUIRE(out.cols == 960);
  REQUIRE(out.rows == 1280);
  // The photo is the same picture as the small file's (not shifted by the reduced coordinates).
  const cv::Mat ref = cv::imdecode(small.spec_jpeg, cv::IMREAD_COLOR);
  cv::Mat a, b;
  cv::resize(out, a, cv::Size(96, 128), 0, 0, cv::INTER_AREA);
  cv::resize(ref, b, cv::Size(96, 128), 0, 0, cv::INTER_AREA);
  CHECK(cv::norm(a, b, cv::NORM_L1) / (96.0 * 128 * 3) < 6.0);
}

TEST_CASE("red pupils painted on a real frame fail red_eye; the frame as shot passes") {
  const cv::Mat img = read_image(franck("04117"));
  CHECK(check_named(run(img), "red_eye").pass);
  const Guidance g = analyzer().guide(img);
  REQUIRE(g.face);
  cv::Mat red = img.clone();
  for (int first : {36, 42}) {
    cv::Point2f c(0, 0);
    for (int i = first; i < first + 6; ++i) c += g.face->points[static_cast<std::size_t>(i)];
    c *= 1.0f / 6.0f;
    const float w = static_cast<float>(cv::norm(g.face->points[static_cast<std::size_t>(first + 3)] -
                                                g.face->points[static_cast<std::size_t>(first)]));
    cv::circle(red, c, std::max(2, static_cast<int>(0.22f * w)), cv::Scalar(30, 30, 210), cv::FILLED, cv::LINE_AA);
  }
  const CheckResult &c = check_named(run(red), "red_eye");
  CAPTURE(c.value);
  CHECK_FALSE(c.pass);
  CHECK_FALSE(c.reason_zh.empty());
}
