// dlib's HOG face detector; the landmark model is landmark_trees.cpp's (the two files that include dlib).
#include "face/face_finder.h"

#include "face/landmark_trees.h"
#include "second_thread.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <atomic>
#include <deque>
#include <functional>
#include <fstream>
#include <future>
#include <list>

namespace gradbooth::models {

namespace {

// dlib's fhog feature extractor, shared out: scan_fhog_pyramid::load() shrinks the image level by
// level and asks for each level's features; each request becomes a job (a level's features
// depend on its image alone) that this thread and a second one take in turn, the first (the
// image itself, the largest level) starting on the second thread while load() is still
// shrinking. The features are dlib's own, so the detections are too.
class SharedFhog {
public:
  // One load()'s levels.
  struct Levels {
    std::list<dlib::array2d<unsigned char>> images;  // the shrunk levels, copied (load() reuses its buffers)
    std::deque<std::function<void()>> jobs;          // a level's features each; jobs[0] goes through `first`
    std::promise<std::function<void()>> first;
    std::promise<void> all_asked;  // load() is done: the rest of `jobs` may be taken
    bool first_handed = false;

    void asked_for_all() {
      if (!first_handed) first.set_value([] {});
      first_handed = true;
      all_asked.set_value();
    }
  };

  SharedFhog() = default;
  explicit SharedFhog(Levels **current) : current_(current) {}

  dlib::rectangle image_to_feats(const dlib::rectangle &r, int cell, int rows_pad, int cols_pad) const {
    return dlib::image_to_fhog(r, cell, rows_pad, cols_pad);
  }
  dlib::rectangle feats_to_image(const dlib::rectangle &r, int cell, int rows_pad, int cols_pad) const {
    return dlib::fhog_to_image(r, cell, rows_pad, cols_pad);
  }
  unsigned long get_num_planes() const { return dlib::default_fhog_feature_extractor().get_num_planes(); }

  template <class Image>
  void operator()(const Image &img, dlib::array<dlib::array2d<float>> &hog, int cell, int rows_pad, int cols_pad) const {
    Levels &l = **current_;
    const auto features_of = [&hog, cell, rows_pad, cols_pad](const auto &image) {
      return [&image, &hog, cell, rows_pad, cols_pad] { dlib::default_fhog_feature_extractor()(image, hog, cell, rows_pad, cols_pad); };
    };
    if (l.jobs.empty()) {  // the image load() was given: it outlives load(), and its job starts now
      l.jobs.push_back(features_of(img));
      l.first.set_value(l.jobs.front());
      l.first_handed = true;
      return;
    }
    dlib::array2d<unsigned char> &copy = l.images.emplace_back();
    dlib::assign_image(copy, img);
    l.jobs.push_back(features_of(copy));
  }

  // scanner.load(img) with every level's features computed on this thread and a second one.
  template <class Scanner> static void load(Scanner &scanner, Levels *&current, const dlib::cv_image<unsigned char> &img) {
    Levels levels;
    current = &levels;
    std::atomic<std::size_t> next{1};
    const auto take_rest = [&levels, &next] {
      for (std::size_t i; (i = next++) < levels.jobs.size();) levels.jobs[i]();
    };
    auto second = on_second_thread([&take_rest, first = levels.first.get_future(), all = levels.all_asked.get_future()]() mutable {
      first.get()();
      all.wait();
      take_rest();
    });
    try {
      scanner.load(img);
    } catch (...) {  // out of memory: the second thread is let go before the levels are
      levels.jobs.resize(std::min<std::size_t>(levels.jobs.size(), 1));
      levels.asked_for_all();
      second.wait();
      current = nullptr;
      throw;
    }
    levels.asked_for_all();
    take_rest();
    second.get();
    current = nullptr;
  }

private:
  Levels **current_ = nullptr;
};

inline void serialize(const SharedFhog &, std::ostream &) {}
inline void deserialize(SharedFhog &, std::istream &) {}

using Scanner = dlib::scan_fhog_pyramid<dlib::pyramid_down<6>, SharedFhog>;

// The frontal face detector taken apart as dlib's object_detector runs it: one feature pyramid,
// then each filter (frontal, left, right, two rotated) scanned over it, then one non-maximum
// suppression over all their detections. The pyramid's features and then the filters are
// shared out between two threads.
struct SplitDetector {
  SharedFhog::Levels *levels = nullptr;  // during load() only
  Scanner scanner{SharedFhog(&levels)};
  std::vector<Scanner::fhog_filterbank> filters;
  std::vector<double> thresholds;
  dlib::test_box_overlap overlaps;

  explicit SplitDetector(const dlib::frontal_face_detector &d) : overlaps(d.get_overlap_tester()) {
    // dlib's configuration, field by field (copy_configuration needs the same extractor type).
    const auto &from = d.get_scanner();
    scanner.set_detection_window_size(from.get_detection_window_width(), from.get_detection_window_height());
    scanner.set_padding(from.get_padding());
    scanner.set_cell_size(from.get_cell_size());
    scanner.set_max_pyramid_levels(from.get_max_pyramid_levels());
    scanner.set_min_pyramid_layer_size(from.get_min_pyramid_layer_width(), from.get_min_pyramid_layer_height());
    scanner.set_nuclear_norm_regularization_strength(from.get_nuclear_norm_regularization_strength());
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
    SharedFhog::load(scanner, levels, img);
    const unsigned long half = (filters.size() + 1) / 2;
    auto second = on_second_thread([this, half] { return scan(half, filters.size()); });
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
  std::shared_ptr<const LandmarkTrees> predictor;
  std::unique_ptr<SplitDetector> split;  // made on the first detect_on_two_cores()
};

FaceFinder::FaceFinder(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
FaceFinder::~FaceFinder() = default;

Result<std::unique_ptr<FaceFinder>> FaceFinder::load(const std::string &landmark_model_path) {
  std::ifstream in(landmark_model_path, std::ios::binary);
  if (!in)
    return make_error("face.model_missing", "cannot open the landmark model " + landmark_model_path,
                      "无法打开人脸特征点模型 " + landmark_model_path);
  auto predictor = LandmarkTrees::read(in, landmark_model_path);
  if (!predictor) return predictor.error();
  if ((*predictor)->parts() != 68)
    return make_error("face.model_wrong", "the landmark model must have 68 points", "人脸特征点模型必须是68点模型");
  auto impl = std::make_unique<Impl>();
  impl->predictor = std::move(predictor.value());
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
  const std::vector<cv::Point> parts = impl_->predictor->fit(gray, box);
  FaceLandmarks f;
  f.box = box;
  f.detector_score = score;
  for (std::size_t i = 0; i < parts.size() && i < f.points.size(); ++i) f.points[i] = cv::Point2f(parts[i]);
  return f;
}

}  // namespace gradbooth::models
