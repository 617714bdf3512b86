// A camera that plays a video or a folder of pictures: the demo booth and tests use it
// where no DSLR is attached. Each preview() is the next frame (looping); capture() is the
// current frame as a camera-sized JPEG.
#include "camera/camera.h"
#include "camera/errors.h"

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace gradbooth::camera {

namespace {

namespace fs = std::filesystem;

// Live view on DSLRs is about 640 px wide; originals are several thousand pixels.
constexpr int kLiveWidth = 640;
constexpr int kCaptureLongSide = 3000;

bool is_picture(const fs::path &p) {
  std::string ext = p.extension().string();
  std::transform(ext.begin(), ext.end(), ext.begin(), [](unsigned char c) { return std::tolower(c); });
  return ext == ".jpg" || ext == ".jpeg" || ext == ".png";
}

std::vector<std::uint8_t> encode_jpeg(const cv::Mat &img, int quality) {
  std::vector<std::uint8_t> out;
  cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, quality});
  return out;
}

class ReplayCamera final : public Camera {
public:
  explicit ReplayCamera(std::string source) : source_(std::move(source)) {}

  Status open() override {
    close();
    std::error_code ec;
    if (fs::is_directory(source_, ec)) {
      for (const auto &e : fs::directory_iterator(source_, ec))
        if (e.is_regular_file() && is_picture(e.path())) files_.push_back(e.path());
      std::sort(files_.begin(), files_.end());
      if (files_.empty()) return camera_error(errc::not_found, "no pictures in " + source_);
    } else if (fs::is_regular_file(source_, ec)) {
      video_ = std::make_unique<cv::VideoCapture>(source_);
      if (!video_->isOpened()) {
        video_.reset();
        return camera_error(errc::not_found, "cannot decode " + source_);
      }
    } else {
      return camera_error(errc::not_found, source_ + " does not exist");
    }
    open_ = true;
    return {};
  }

  void close() override {
    open_ = false;
    video_.reset();
    files_.clear();
    next_ = 0;
    current_.release();
    current_file_.clear();
  }

  Result<CameraStatus> status() override {
    CameraStatus s;
    s.model = "Replay camera";
    s.serial = fs::path(source_).filename().string();
    s.port = "replay:" + source_;
    s.battery_percent = 100;
    s.connected = open_;
    return s;
  }

  Result<LiveFrame> preview() override {
    if (!open_) {
      if (Status s = open(); !s) return s.error();
    }
    if (Status s = advance(); !s) return s.error();
    cv::Mat live = current_;
    if (live.cols > kLiveWidth) {
      cv::resize(current_, live, cv::Size(kLiveWidth, current_.rows * kLiveWidth / current_.cols), 0, 0, cv::INTER_AREA);
    }
    return LiveFrame{encode_jpeg(live, 85), std::chrono::steady_clock::now()};
  }

  Result<CapturedFile> capture() override {
    if (!open_) {
      if (Status s = open(); !s) return s.error();
    }
    if (current_.empty()) {
      if (Status s = advance(); !s) return s.error();
    }
    ++shots_;
    char name[32];
    std::snprintf(name, sizeof name, "RPL_%04d.JPG", shots_);
    // A picture that is already camera-sized is served as it is, like an original.
    const int long_side = std::max(current_.cols, current_.rows);
    if (!current_file_.empty() && long_side >= kCaptureLongSide) {
      std::ifstream in(current_file_, std::ios::binary);
      std::vector<std::uint8_t> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (!bytes.empty()) return CapturedFile{std::move(bytes), name};
    }
    cv::Mat big = current_;
    if (long_side < kCaptureLongSide) {
      const double k = static_cast<double>(kCaptureLongSide) / long_side;
      cv::resize(current_, big, cv::Size(), k, k, cv::INTER_CUBIC);
    }
    return CapturedFile{encode_jpeg(big, 95), name};
  }

private:
  Status advance() {
    if (video_) {
      cv::Mat frame;
      if (!video_->read(frame) || frame.empty()) {
        // End of the video: start again, the demo loops.
        video_->set(cv::CAP_PROP_POS_FRAMES, 0);
        if (!video_->read(frame) || frame.empty()) return camera_error(errc::io, "cannot read a frame from " + source_);
      }
      current_ = frame;
      return {};
    }
    for (std::size_t tries = 0; tries < files_.size(); ++tries) {
      const fs::path &p = files_[next_];
      next_ = (next_ + 1) % files_.size();
      cv::Mat img = cv::imread(p.string(), cv::IMREAD_COLOR);
      if (!img.empty()) {
        current_ = img;
        current_file_ = p;
        return {};
      }
    }
    return camera_error(errc::io, "no readable picture in " + source_);
  }

  std::string source_;
  bool open_ = false;
  std::unique_ptr<cv::VideoCapture> video_;
  std::vector<fs::path> files_;
  std::size_t next_ = 0;
  cv::Mat current_;
  fs::path current_file_;
  int shots_ = 0;
};

}  // namespace

std::unique_ptr<Camera> make_replay_camera(std::string video_or_dir) { return std::make_unique<ReplayCamera>(std::move(video_or_dir)); }

}  // namespace gradbooth::camera
