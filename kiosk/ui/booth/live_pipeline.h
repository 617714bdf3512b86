// Live view between the camera thread and the screen: every frame is decoded off the main
// thread into the screen's pixel format (cairo RGB24); the newest decoded frame also goes to the guidance
// worker whenever it is free (guidance is slower than the camera, so it samples frames
// instead of queueing them). Results come back through `deliver_*` on the worker threads:
// post them to the main thread.
#pragma once

#include "booth/stats.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

namespace gradbooth::models {
class Analyzer;
}

namespace gradbooth::ui {

struct LivePicture {
  int width = 0, height = 0;  // B,G,R,x bytes per pixel (cairo RGB24), rows packed
  std::vector<std::uint8_t> bgrx;
  std::chrono::steady_clock::time_point camera_at;  // when the camera frame arrived
};

// What the overlay draws from the guidance: the hint and, when a face was found, its eyes.
struct LiveHint {
  std::string name = "no_face";  // models::hint_name
  std::string text_zh, text_en;
  bool ready = false;  // Hint::Ready: the countdown may start
  bool has_face = false;
  float eye_left_x = 0, eye_left_y = 0, eye_right_x = 0, eye_right_y = 0;  // frame coords
  float face_top = 0, face_bottom = 0, face_left = 0, face_right = 0;
  int frame_width = 0, frame_height = 0;
  // Where the standard photo would be cut from this frame (the crop planner's answer), if it fits.
  bool has_crop = false;
  float crop_x = 0, crop_y = 0, crop_w = 0, crop_h = 0;
  // The profile's aims as shares of the photo (crown band, eye line, face width, chin): the
  // overlay draws them inside the crop. Defaults: the default standard (SPEC §5).
  float aim_crown_top = 130.f / 1280, aim_crown_bottom = 150.f / 1280, aim_eye = 480.f / 1280;
  float aim_face_width = 375.f / 960, aim_chin = 820.f / 1280;
};

class LivePipeline {
public:
  // analyzer may be null: frames are shown without guidance.
  LivePipeline(models::Analyzer *analyzer, std::function<void(LivePicture)> deliver_picture, std::function<void(LiveHint)> deliver_hint);
  ~LivePipeline();
  LivePipeline(const LivePipeline &) = delete;
  LivePipeline &operator=(const LivePipeline &) = delete;

  // Main thread, once: guidance starts when the analyzer has loaded (frames show before that).
  void set_analyzer(models::Analyzer *analyzer);

  // Any thread. A frame not yet decoded is replaced by the newer one (never a backlog).
  void submit(std::vector<std::uint8_t> jpeg, std::chrono::steady_clock::time_point at);

  Samples decode_ms() const;
  Samples guidance_ms() const;
  int dropped() const;

private:
  void decode_loop();
  void guide_loop();

  struct Shared;
  std::unique_ptr<Shared> s_;
  std::atomic<models::Analyzer *> analyzer_;
  std::function<void(LivePicture)> deliver_picture_;
  std::function<void(LiveHint)> deliver_hint_;
  std::thread decoder_, guider_;
};

}  // namespace gradbooth::ui
