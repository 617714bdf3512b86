// The booth's devices: the camera (gphoto2, or a replay for tests and the demo) through its
// worker and the live-view pipeline, and the ID card reader. Their threads post into the main
// queue; here those posts become the booth's events and the health the screens show. A camera
// fault puts the booth on the fault screen; the first frame or status after it takes it off.
#pragma once

#include "app_context.h"
#include "booth/live_pipeline.h"
#include "booth/metrics.h"
#include "camera/camera_worker.h"
#include "idcard/card_reader.h"

#include <memory>
#include <optional>

namespace gradbooth::ui {

class DeviceWiring {
public:
  DeviceWiring(AppContext &ctx, BoothMetrics &metrics) : ctx_(ctx), metrics_(metrics) {}

  // Main thread, after the booth and the window exist. `analyzer` may be null (still loading).
  void start(models::Analyzer *analyzer);
  // Reader, then camera, then the pipeline: their callbacks post into the queue.
  void stop();
  void set_analyzer(models::Analyzer *analyzer);
  void set_liveview(bool on);
  void request_capture();
  // A card placed on the reader (or given through the test port), and lifted.
  void card_placed(const idcard::CardIdentity &id);
  void card_removed();
  const LivePipeline *pipeline() const { return pipeline_.get(); }

private:
  void start_camera(models::Analyzer *analyzer);
  void start_reader();
  void camera_fault(const Error &e);
  void camera_back();
  void card_event(const idcard::CardEvent &ev);

  AppContext &ctx_;
  BoothMetrics &metrics_;
  std::unique_ptr<LivePipeline> pipeline_;
  std::unique_ptr<camera::CameraWorker> camera_;
  std::unique_ptr<idcard::CardReader> reader_;
  bool camera_faulted_ = false;
  bool card_present_ = false;
  std::optional<idcard::CardIdentity> card_;
  bool card_waiting_ = false;  // a card placed during a fault, offered again once the camera is back
  bool last_hint_ready_ = false;
};

}  // namespace gradbooth::ui
