#include "frame_source.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <fstream>
#include <iterator>

namespace gradbooth::emu {

namespace fs = std::filesystem;

namespace {

constexpr int kLiveWidth = 640;         // what DSLR live view delivers, roughly
constexpr int kCaptureLongSide = 4000;  // a camera-sized original

bool is_jpeg(const fs::path &p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".jpg" || ext == ".jpeg";
}

std::vector<fs::path> jpegs_in(const std::string &dir) {
  std::vector<fs::path> out;
  std::error_code ec;
  for (const auto &e : fs::directory_iterator(dir, ec))
    if (e.is_regular_file() && is_jpeg(e.path())) out.push_back(e.path());
  std::sort(out.begin(), out.end());
  return out;
}

Bytes upscale_to_capture(const cv::Mat &img) {
  Bytes out;
  if (img.empty()) return out;
  const double k = static_cast<double>(kCaptureLongSide) / std::max(img.cols, img.rows);
  cv::Mat big;
  cv::resize(img, big, cv::Size(), k, k, cv::INTER_CUBIC);
  cv::imencode(".jpg", big, out, {cv::IMWRITE_JPEG_QUALITY, 95});
  return out;
}

class FolderLiveView final : public LiveViewSource {
public:
  explicit FolderLiveView(std::vector<fs::path> files) : files_(std::move(files)) {}
  Bytes next_jpeg() override {
    current_ = files_[next_];
    next_ = (next_ + 1) % files_.size();
    return read_file(current_);
  }
  Bytes current_as_capture() override { return upscale_to_capture(cv::imread((current_.empty() ? files_[0] : current_).string())); }

private:
  std::vector<fs::path> files_;
  std::size_t next_ = 0;
  fs::path current_;
};

class VideoLiveView final : public LiveViewSource {
public:
  explicit VideoLiveView(std::unique_ptr<cv::VideoCapture> v) : video_(std::move(v)) {}
  Bytes next_jpeg() override {
    cv::Mat frame;
    if (!video_->read(frame) || frame.empty()) {
      video_->set(cv::CAP_PROP_POS_FRAMES, 0);  // loop
      video_->read(frame);
    }
    Bytes out;
    if (frame.empty()) return out;
    current_ = frame;
    cv::Mat live = frame;
    if (frame.cols > kLiveWidth) cv::resize(frame, live, cv::Size(kLiveWidth, frame.rows * kLiveWidth / frame.cols), 0, 0, cv::INTER_AREA);
    cv::imencode(".jpg", live, out, {cv::IMWRITE_JPEG_QUALITY, 80});
    return out;
  }
  Bytes current_as_capture() override {
    if (current_.empty()) next_jpeg();
    return upscale_to_capture(current_);
  }

private:
  std::unique_ptr<cv::VideoCapture> video_;
  cv::Mat current_;
};

}  // namespace

Bytes read_file(const fs::path &p) {
  std::ifstream in(p, std::ios::binary | std::ios::ate);
  Bytes out(static_cast<std::size_t>(std::max<std::streamoff>(0, in.tellg())));
  in.seekg(0);
  in.read(reinterpret_cast<char *>(out.data()), static_cast<std::streamsize>(out.size()));
  return out;
}

std::unique_ptr<LiveViewSource> LiveViewSource::open(const std::string &path, std::string *error) {
  std::error_code ec;
  if (fs::is_directory(path, ec)) {
    auto files = jpegs_in(path);
    if (files.empty()) {
      *error = "no JPEG files in " + path;
      return nullptr;
    }
    return std::make_unique<FolderLiveView>(std::move(files));
  }
  auto v = std::make_unique<cv::VideoCapture>(path);
  if (!v->isOpened()) {
    *error = "cannot open video " + path;
    return nullptr;
  }
  return std::make_unique<VideoLiveView>(std::move(v));
}

std::unique_ptr<CaptureSource> CaptureSource::open(const std::string &dir, std::string *error) {
  auto files = jpegs_in(dir);
  if (files.empty()) {
    *error = "no JPEG files in " + dir;
    return nullptr;
  }
  return std::make_unique<CaptureSource>(std::move(files));
}

Bytes CaptureSource::next(std::string *name) {
  const fs::path &p = files_[next_];
  next_ = (next_ + 1) % files_.size();
  *name = p.filename().string();
  return read_file(p);
}

}  // namespace gradbooth::emu
