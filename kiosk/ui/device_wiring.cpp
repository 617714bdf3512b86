#include "device_wiring.h"

#include "booth_window.h"
#include "camera_options.h"

#include "camera/camera.h"
#include "core/journal.h"

namespace gradbooth::ui {

void DeviceWiring::start(models::Analyzer *analyzer) {
  start_camera(analyzer);
  start_reader();
}

void DeviceWiring::stop() {
  reader_.reset();
  camera_.reset();
  pipeline_.reset();
}

void DeviceWiring::set_analyzer(models::Analyzer *analyzer) {
  if (pipeline_) pipeline_->set_analyzer(analyzer);
}

void DeviceWiring::set_liveview(bool on) {
  if (camera_) camera_->set_liveview(on);
}

void DeviceWiring::request_capture() {
  if (camera_) camera_->request_capture();
}

void DeviceWiring::start_camera(models::Analyzer *analyzer) {
  const core::Config &cfg = ctx_.cfg;
  std::unique_ptr<camera::Camera> cam;
  if (!ctx_.opts.camera_replay.empty()) cam = camera::make_replay_camera(ctx_.opts.camera_replay);
  else cam = camera::make_gphoto2_camera(cfg.camera.port, cfg.camera.model, gphoto2_options(cfg.camera));
  pipeline_ = std::make_unique<LivePipeline>(
      analyzer,
      [this](LivePicture pic) {
        auto shared = std::make_shared<const LivePicture>(std::move(pic));
        ctx_.queue->push([this, shared] {
          ctx_.window->live().show_picture(shared);
          camera_back();
          ctx_.booth->frame_shown(last_hint_ready_);
          metrics_.frame_delivered(ctx_.booth->screen());
        });
      },
      [this](LiveHint hint) {
        ctx_.queue->push([this, hint] {
          last_hint_ready_ = hint.ready;
          ctx_.window->live().show_hint(hint, ui::pick(ctx_.lang, hint.text_zh, hint.text_en));
        });
      });
  camera::CameraWorker::Callbacks cb;
  cb.on_frame = [this](camera::LiveFrame f) { pipeline_->submit(std::move(f.jpeg), f.at); };
  cb.on_capture = [this](Result<camera::CapturedFile> file) {
    auto shared = std::make_shared<Result<camera::CapturedFile>>(std::move(file));
    ctx_.queue->push([this, shared] {
      if (*shared) ctx_.booth->capture_finished(std::move((*shared)->bytes));
      else ctx_.booth->capture_finished(shared->error());
    });
  };
  cb.on_status = [this](camera::CameraStatus st) {
    ctx_.queue->push([this, st] {
      ctx_.health.camera_ok = st.connected;
      if (st.connected) {
        ctx_.health.camera_model = st.model;
        ctx_.health.camera_battery = st.battery_percent;
        camera_back();
      }
    });
  };
  cb.on_fault = [this](Error e) { ctx_.queue->push([this, e] { camera_fault(e); }); };
  camera_ = std::make_unique<camera::CameraWorker>(std::move(cam), cb, cfg.camera.liveview_max_fps);
  camera_->start();
}

void DeviceWiring::camera_fault(const Error &e) {
  ctx_.health.camera_ok = false;
  ctx_.health.camera_error = e.text();
  if (!camera_faulted_) {
    camera_faulted_ = true;
    ctx_.booth->device_fault("camera", e);
  }
  ctx_.refresh();
}

// The camera answers again (a frame, or a status after reopening): leave the fault screen. The
// workflow kept the student's visit through the fault and carries on with it by itself; only a
// card placed while the fault was on screen (which nobody took) is offered again.
void DeviceWiring::camera_back() {
  if (!camera_faulted_) return;
  camera_faulted_ = false;
  ctx_.health.camera_ok = true;
  ctx_.booth->device_recovered("camera");
  if (card_waiting_ && card_present_ && card_ && ctx_.booth->state() == core::State::Idle) ctx_.booth->card_placed(card_holder(*card_));
  card_waiting_ = false;
}

void DeviceWiring::start_reader() {
  Health &health = ctx_.health;
  if (ctx_.cfg.card.kind == "none") {
    health.reader_ok = false;
    health.reader_error = {"未配置读卡器", "no card reader configured"};
    return;
  }
  const idcard::TransportConfig &tc = ctx_.cfg.card;
  health.reader_ok = true;
  health.reader_name = tc.kind + (tc.reader.empty() ? "" : ": " + tc.reader);
  reader_ = std::make_unique<idcard::CardReader>(tc, [this](const idcard::CardEvent &ev) {
    auto shared = std::make_shared<idcard::CardEvent>(ev);
    ctx_.queue->push([this, shared] { card_event(*shared); });
  });
  reader_->start();
}

void DeviceWiring::card_event(const idcard::CardEvent &ev) {
  if (auto *placed = std::get_if<idcard::CardPlaced>(&ev)) {
    ctx_.health.reader_ok = true;
    card_placed(placed->identity);
  } else if (std::holds_alternative<idcard::CardRemoved>(ev)) {
    card_removed();
  } else if (auto *fault = std::get_if<idcard::ReaderFault>(&ev)) {
    core::journal::send({.event = "fault",
                         .priority = core::journal::Priority::Err,
                         .message = "reader: " + fault->error.message_en,
                         .batch = ctx_.cfg.booth.batch,
                         .masked_id = {},
                         .number = {},
                         .reason = fault->error.code,
                         .fields = {{"device", "reader"}}});
    ctx_.health.reader_ok = false;
    ctx_.health.reader_error = fault->error.text();
    ctx_.refresh();
  }
}

void DeviceWiring::card_placed(const idcard::CardIdentity &id) {
  card_present_ = true;
  card_ = id;
  metrics_.card_read();
  ctx_.booth->card_placed(card_holder(id));
  card_waiting_ = ctx_.booth->state() == core::State::Fault;
}

void DeviceWiring::card_removed() {
  card_present_ = false;
  card_waiting_ = false;
  card_.reset();
  ctx_.booth->card_removed();
}

}  // namespace gradbooth::ui
