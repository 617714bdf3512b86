// The one translation unit that includes dlib.
#include "face/face_finder.h"

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <algorithm>
#include <fstream>

namespace gradbooth::models {

struct FaceFinder::Impl {
  dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();
  std::shared_ptr<const dlib::shape_predictor> predictor;
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
  std::vector<Detection> out;
  out.reserve(found.size());
  for (const auto &d : found)
    out.push_back({cv::Rect(static_cast<int>(d.rect.left()), static_cast<int>(d.rect.top()),
                            static_cast<int>(d.rect.width()), static_cast<int>(d.rect.height())),
                   d.detection_confidence});
  std::sort(out.begin(), out.end(), [](const Detection &a, const Detection &b) { return a.score > b.score; });
  return out;
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

} // namespace gradbooth::models
