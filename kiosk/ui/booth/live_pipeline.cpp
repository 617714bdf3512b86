#include "booth/live_pipeline.h"

#include <analyzer.h>
#include <guidance.h>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

namespace gradbooth::ui {

using Clock = std::chrono::steady_clock;

struct LivePipeline::Shared {
  std::mutex mu;
  std::condition_variable wake_decoder, wake_guider;
  bool stop = false;
  std::optional<std::pair<std::vector<std::uint8_t>, Clock::time_point>> jpeg;  // for the decoder
  std::optional<cv::Mat> bgr;                                                   // for the guider
  int dropped = 0;
  Samples decode_ms, guidance_ms;
};

LivePipeline::LivePipeline(models::Analyzer *analyzer, std::function<void(LivePicture)> deliver_picture,
                           std::function<void(LiveHint)> deliver_hint)
    : s_(std::make_unique<Shared>()), analyzer_(analyzer), deliver_picture_(std::move(deliver_picture)),
      deliver_hint_(std::move(deliver_hint)) {
  decoder_ = std::thread([this] { decode_loop(); });
  if (analyzer) guider_ = std::thread([this] { guide_loop(); });
}

void LivePipeline::set_analyzer(models::Analyzer *analyzer) {
  if (!analyzer || guider_.joinable()) return;
  analyzer_ = analyzer;
  guider_ = std::thread([this] { guide_loop(); });
}

LivePipeline::~LivePipeline() {
  {
    std::lock_guard lock(s_->mu);
    s_->stop = true;
  }
  s_->wake_decoder.notify_all();
  s_->wake_guider.notify_all();
  if (decoder_.joinable()) decoder_.join();
  if (guider_.joinable()) guider_.join();
}

void LivePipeline::submit(std::vector<std::uint8_t> jpeg, Clock::time_point at) {
  {
    std::lock_guard lock(s_->mu);
    if (s_->jpeg) ++s_->dropped;
    s_->jpeg.emplace(std::move(jpeg), at);
  }
  s_->wake_decoder.notify_one();
}

void LivePipeline::decode_loop() {
  for (;;) {
    std::vector<std::uint8_t> jpeg;
    Clock::time_point at;
    {
      std::unique_lock lock(s_->mu);
      s_->wake_decoder.wait(lock, [&] { return s_->stop || s_->jpeg.has_value(); });
      if (s_->stop) return;
      jpeg = std::move(s_->jpeg->first);
      at = s_->jpeg->second;
      s_->jpeg.reset();
    }
    const auto t0 = Clock::now();
    cv::Mat bgr = cv::imdecode(cv::Mat(1, static_cast<int>(jpeg.size()), CV_8UC1, jpeg.data()), cv::IMREAD_COLOR);
    if (bgr.empty()) continue;  // a torn frame: the next one comes in 40 ms
    LivePicture pic;
    pic.width = bgr.cols;
    pic.height = bgr.rows;
    pic.bgrx.resize(static_cast<std::size_t>(bgr.cols) * bgr.rows * 4);
    cv::Mat bgrx(bgr.rows, bgr.cols, CV_8UC4, pic.bgrx.data());
    cv::cvtColor(bgr, bgrx, cv::COLOR_BGR2BGRA);
    pic.camera_at = at;
    s_->decode_ms.add(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    if (analyzer_.load()) {
      bool handed = false;
      {
        std::lock_guard lock(s_->mu);
        if (!s_->bgr) {
          s_->bgr = std::move(bgr);
          handed = true;
        }
      }
      if (handed) s_->wake_guider.notify_one();
    }
    deliver_picture_(std::move(pic));
  }
}

void LivePipeline::guide_loop() {
  for (;;) {
    cv::Mat bgr;
    {
      std::unique_lock lock(s_->mu);
      s_->wake_guider.wait(lock, [&] { return s_->stop || s_->bgr.has_value(); });
      if (s_->stop) return;
      bgr = std::move(*s_->bgr);
    }
    const auto t0 = Clock::now();
    models::Analyzer *analyzer = analyzer_.load();
    models::Guidance g = analyzer->guide(bgr);
    s_->guidance_ms.add(std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
    {
      // Free the slot only after guiding, so the decoder hands over the newest frame next.
      std::lock_guard lock(s_->mu);
      s_->bgr.reset();
    }
    LiveHint h;
    h.name = std::string(models::hint_name(g.hint));
    h.text_zh = g.text_zh;
    h.text_en = g.text_en;
    h.ready = g.hint == models::Hint::Ready;
    h.frame_width = bgr.cols;
    h.frame_height = bgr.rows;
    const models::StandardProfile &sp = analyzer->standard().profile;
    h.aim_crown_top = static_cast<float>(sp.head_top_aim_px.min / sp.height);
    h.aim_crown_bottom = static_cast<float>(sp.head_top_aim_px.max / sp.height);
    h.aim_eye = static_cast<float>(sp.eye_line_aim_px / sp.height);
    h.aim_face_width = static_cast<float>(0.5 * (sp.face_width_aim_px.min + sp.face_width_aim_px.max) / sp.width);
    h.aim_chin = static_cast<float>(0.5 * (sp.chin_aim_px.min + sp.chin_aim_px.max) / sp.height);
    if (g.crop) {
      h.has_crop = true;
      h.crop_x = static_cast<float>(g.crop->x);
      h.crop_y = static_cast<float>(g.crop->y);
      h.crop_w = static_cast<float>(g.crop->width);
      h.crop_h = static_cast<float>(g.crop->height);
    }
    if (g.face) {
      const auto &p = g.face->points;
      h.has_face = true;
      // Eye centres: mean of each eye's six points (36–41 image-left, 42–47 image-right).
      for (int i = 36; i < 42; ++i) {
        h.eye_left_x += p[i].x / 6;
        h.eye_left_y += p[i].y / 6;
      }
      for (int i = 42; i < 48; ++i) {
        h.eye_right_x += p[i].x / 6;
        h.eye_right_y += p[i].y / 6;
      }
      h.face_left = static_cast<float>(g.face->box.x);
      h.face_right = static_cast<float>(g.face->box.x + g.face->box.width);
      h.face_top = static_cast<float>(g.face->box.y);
      h.face_bottom = static_cast<float>(g.face->box.y + g.face->box.height);
    }
    deliver_hint_(std::move(h));
  }
}

Samples LivePipeline::decode_ms() const { return s_->decode_ms; }
Samples LivePipeline::guidance_ms() const { return s_->guidance_ms; }
int LivePipeline::dropped() const {
  std::lock_guard lock(s_->mu);
  return s_->dropped;
}

}  // namespace gradbooth::ui
