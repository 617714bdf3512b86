// The one translation unit that includes dlib.
#include "face/face_finder.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <fstream>
#include <future>
#include <system_error>

namespace gradbooth::models {

namespace {

using Scanner = dlib::scan_fhog_pyramid<dlib::pyramid_down<6>>;

// The frontal face detector taken apart as dlib's object_detector runs it: one feature pyramid,
// then each filter (frontal, left, right, two rotated) scanned over it, then one non-maximum
// suppression over all their detections. The filters may then be scanned on two threads.
struct SplitDetector {
  Scanner scanner;
  std::vector<Scanner::fhog_filterbank> filters;
  std::vector<double> thresholds;
  dlib::test_box_overlap overlaps;

  explicit SplitDetector(const dlib::frontal_face_detector &d) : overlaps(d.get_overlap_tester()) {
    scanner.copy_configuration(d.get_scanner());
    for (unsigned long i = 0; i < d.num_detectors(); ++i) {
      filters.push_back(scanner.build_fhog_filterbank(d.get_w(i)));
      thresholds.push_back(d.get_w(i)(scanner.get_num_dimensions()));
    }
  }

  // Filters [from, to) over the loaded pyramid (Scanner::detect is const: safe on two threads).
  std::vector<dlib::rect_detection> scan(unsigned long from, unsigned long to) const {
    std::vector<dlib::rect_detection> out;
    std::vector<std::pair<double, dlib::rectangle>> dets;
    for (unsigned long i = from; i < to; ++i) {
      scanner.detect(filters[i], dets, thresholds[i]);
      for (const auto &d : dets) out.push_back({d.first - thresholds[i], i, d.second});
    }
    return out;
  }

  std::vector<dlib::rect_detection> operator()(const dlib::cv_image<unsigned char> &img) {
    scanner.load(img);
    const unsigned long half = (filters.size() + 1) / 2;
    std::future<std::vector<dlib::rect_detection>> second;
    try {
      second = std::async(std::launch::async, [this, half] { return scan(half, filters.size()); });
    } catch (const std::system_error &) {
      second = std::async(std::launch::deferred, [this, half] { return scan(half, filters.size()); });
    }
    std::vector<dlib::rect_detection> all = scan(0, half);
    const std::vector<dlib::rect_detection> rest = second.get();
    all.insert(all.end(), rest.begin(), rest.end());
    // As object_detector::operator(): strongest first, then drop what overlaps a kept box.
    if (filters.size() > 1) std::sort(all.rbegin(), all.rend());
    std::vector<dlib::rect_detection> kept;
    for (const auto &d : all)
      if (std::none_of(kept.begin(), kept.end(), [&](const auto &k) { return overlaps(k.rect, d.rect); })) kept.push_back(d);
    return kept;
  }
};

std::vector<FaceFinder::Detection> strongest_first(const std::vector<dlib::rect_detection> &found) {
  std::vector<FaceFinder::Detection> out;
  out.reserve(found.size());
  for (const auto &d : found)
    out.push_back({cv::Rect(static_cast<int>(d.rect.left()), static_cast<int>(d.rect.top()), static_cast<int>(d.rect.width()),
                            static_cast<int>(d.rect.height())),
                   d.detection_confidence});
  std::sort(out.begin(), out.end(), [](const auto &a, const auto &b) { return a.score > b.score; });
  return out;
}

}  // namespace

struct FaceFinder::Impl {
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  std::shared_ptr<const dlib::shape_predictor> predictor;
  std::unique_ptr<SplitDetector> split;  // made on the first detect_on_two_cores()
};

FaceFinder::FaceFinder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceFinder::~FaceFinder() = default;

Result<std::unique_ptr<FaceFinder>> FaceFinder::load(const std::string &landmark_model_path) {
  std::ifstream in(landmark_model_path, std::ios::binary);
  if (!in)
    return make_error("face.model_missing", "cannot open the landmark model " + landmark_model_path,
                      "无法打开人脸特征点模型 " + landmark_model_path);
  auto predictor = std::make_shared<dlib::shape_predictor>();
  try {
    dlib::deserialize(*predictor, in);
  } catch (const std::exception &e) {
    // dlib reports a corrupt model by exception; it stops here and becomes a value.
    return make_error("face.model_corrupt", "the landmark model " + landmark_model_path + " is unreadable: " + e.what(),
                      "人脸特征点模型损坏：" + landmark_model_path);
  }
  if (predictor->num_parts() != 68)
    return make_error("face.model_wrong", "the landmark model must have 68 points", "人脸特征点模型必须是68点模型");
  auto impl = std::make_unique<Impl>();
  impl->predictor = std::move(predictor);
  return std::unique_ptr<FaceFinder>(new FaceFinder(std::move(impl)));
}

std::unique_ptr<FaceFinder> FaceFinder::sibling() const {
  auto impl = std::make_unique<Impl>();
  impl->predictor = impl_->predictor;
  return std::unique_ptr<FaceFinder>(new FaceFinder(std::move(impl)));
}

std::vector<FaceFinder::Detection> FaceFinder::detect(const cv::Mat &gray) {
  CV_Assert(gray.type() == CV_8UC1);
  dlib::cv_image<unsigned char> img(gray);
  std::vector<dlib::rect_detection> found;
  impl_->detector(img, found);
  return strongest_first(found);
}

std::vector<FaceFinder::Detection> FaceFinder::detect_on_two_cores(const cv::Mat &gray) {
  CV_Assert(gray.type() == CV_8UC1);
  if (!impl_->split) impl_->split = std::make_unique<SplitDetector>(impl_->detector);
  return strongest_first((*impl_->split)(dlib::cv_image<unsigned char>(gray)));
}

FaceLandmarks FaceFinder::landmarks(const cv::Mat &gray, const cv::Rect &box, double score) const {
  CV_Assert(gray.type() == CV_8UC1);
  dlib::cv_image<unsigned char> img(gray);
  const dlib::rectangle r(box.x, box.y, box.x + box.width - 1, box.y + box.height - 1);
  const dlib::full_object_detection shape = (*impl_->predictor)(img, r);
  FaceLandmarks f;
  f.box = box;
  f.detector_score = score;
  for (unsigned long i = 0; i < shape.num_parts() && i < f.points.size(); ++i)
    f.points[i] = cv::Point2f(static_cast<float>(shape.part(i).x()), static_cast<float>(shape.part(i).y()));
  return f;
}

}  // namespace gradbooth::models
