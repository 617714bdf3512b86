// The one translation unit that includes dlib.
#include "face/face_finder.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <future>
#include <list>
#include <system_error>

namespace gradbooth::models {

namespace {

// `f` on a second thread (deferred to get() when none can be had).
template <class F> auto on_second_thread(F f) -> std::future<decltype(f())> {
  try {
    return std::async(std::launch::async, std::move(f));
  } catch (const std::system_error &) { return std::async(std::launch::deferred, std::move(f)); }
}

// dlib's fhog feature extractor, deferred: while scan_fhog_pyramid::load() builds the image
// pyramid (each level shrunk from the one before), each level's image is kept and its features
// left for extract(), which computes them on two threads (a level's features depend on its
// image alone). The features are dlib's own, so the detections are too.
class LaterFhog {
public:
  struct Level {
    dlib::array2d<unsigned char> image;
    dlib::array<dlib::array2d<float>> *hog = nullptr;  // the scanner's slot for this level
    int cell_size = 0, rows_padding = 0, cols_padding = 0;
  };

  LaterFhog() = default;
  explicit LaterFhog(std::list<Level> *pending) : pending_(pending) {}

  dlib::rectangle image_to_feats(const dlib::rectangle &r, int cell, int rows_pad, int cols_pad) const {
    return dlib::image_to_fhog(r, cell, rows_pad, cols_pad);
  }
  dlib::rectangle feats_to_image(const dlib::rectangle &r, int cell, int rows_pad, int cols_pad) const {
    return dlib::fhog_to_image(r, cell, rows_pad, cols_pad);
  }
  unsigned long get_num_planes() const { return dlib::default_fhog_feature_extractor().get_num_planes(); }

  template <class Image>
  void operator()(const Image &img, dlib::array<dlib::array2d<float>> &hog, int cell, int rows_pad, int cols_pad) const {
    Level &level = pending_->emplace_back();
    dlib::assign_image(level.image, img);  // the pyramid reuses its buffers for the next level
    level.hog = &hog;
    level.cell_size = cell;
    level.rows_padding = rows_pad;
    level.cols_padding = cols_pad;
  }

  // The pending levels' features, largest level first, taken in turn by this thread and a second one.
  static void extract(std::list<Level> &pending) {
    std::vector<Level *> levels;
    for (auto &l : pending) levels.push_back(&l);
    std::atomic<std::size_t> next{0};
    const auto work = [&levels, &next] {
      for (std::size_t i; (i = next++) < levels.size();) {
        Level &l = *levels[i];
        dlib::default_fhog_feature_extractor()(l.image, *l.hog, l.cell_size, l.rows_padding, l.cols_padding);
      }
    };
    auto second = on_second_thread(work);
    work();
    second.get();
    pending.clear();
  }

private:
  std::list<Level> *pending_ = nullptr;
};

inline void serialize(const LaterFhog &, std::ostream &) {}
inline void deserialize(LaterFhog &, std::istream &) {}

using Scanner = dlib::scan_fhog_pyramid<dlib::pyramid_down<6>, LaterFhog>;

// The frontal face detector taken apart as dlib's object_detector runs it: one feature pyramid,
// then each filter (frontal, left, right, two rotated) scanned over it, then one non-maximum
// suppression over all their detections. The pyramid's features and then the filters are
// shared out between two threads.
struct SplitDetector {
  std::list<LaterFhog::Level> pending;  // the pyramid's levels between load() and their features
  Scanner scanner{LaterFhog(&pending)};
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
    pending.clear();
    scanner.load(img);
    LaterFhog::extract(pending);
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
