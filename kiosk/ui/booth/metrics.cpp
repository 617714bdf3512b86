#include "booth/metrics.h"

#include <fstream>

namespace gradbooth::ui {

double BoothMetrics::ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

double BoothMetrics::ready() { return startup_ms_ = ms_since(started_); }

double BoothMetrics::models_loaded() { return models_ms_ = ms_since(started_); }

void BoothMetrics::frame_delivered(Screen screen) {
  if (shows_live(screen)) ++live_frames_;
}

void BoothMetrics::frame_clock(Screen screen) {
  const auto now = Clock::now();
  if (shows_live(screen)) {
    if (last_frame_tick_ != Clock::time_point{}) frame_interval_ms_.add(ms_since(last_frame_tick_));
    last_frame_tick_ = now;
  } else {
    last_frame_tick_ = {};
  }
}

bool BoothMetrics::shown(core::State state, Screen screen) {
  bool changed = false;
  if (state != last_state_) {
    if (state == core::State::Review && capture_started_ != Clock::time_point{}) capture_to_review_ms_.add(ms_since(capture_started_));
    if (state == core::State::Done && flow_started_ != Clock::time_point{}) flow_ms_.add(ms_since(flow_started_));
    last_state_ = state;
    changed = true;
  }
  // Live-view time counts while the live picture is on screen (not behind the identity screen).
  const bool on_live = shows_live(screen);
  if (on_live && !on_live_) live_since_ = Clock::now();
  if (!on_live && on_live_) live_seconds_ += ms_since(live_since_) / 1000.0;
  on_live_ = on_live;
  return changed;
}

void BoothMetrics::write(const std::string &path, const Painted &painted, const LivePipeline *pipeline,
                         const AnalysisWorker *analysis) const {
  if (path.empty()) return;
  std::ofstream out(path);
  auto line = [&](const char *name, const Samples &s) {
    out << name << " n=" << s.count() << " median=" << s.quantile(0.5) << " p95=" << s.quantile(0.95) << " max=" << s.quantile(1.0) << "\n";
  };
  double live_s = live_seconds_;
  if (on_live_) live_s += ms_since(live_since_) / 1000.0;
  out << "startup_to_ready_ms " << startup_ms_ << "\n";
  out << "startup_to_models_loaded_ms " << models_ms_ << "\n";
  // Frames handed to the live view while it was on screen, and frames GTK actually painted.
  out << "live_seconds " << live_s << " frames_delivered " << live_frames_ << " fps_delivered " << (live_s > 0 ? live_frames_ / live_s : 0)
      << " frames_painted " << painted.frames << " fps_painted " << (live_s > 0 ? painted.frames / live_s : 0) << "\n";
  line("paint_ms", painted.paint_ms);
  line("main_queue_job_ms", main_job_ms_);
  line("frame_clock_interval_ms", frame_interval_ms_);
  line("capture_to_review_ms", capture_to_review_ms_);
  line("card_to_done_ms", flow_ms_);
  if (pipeline) {
    line("decode_ms", pipeline->decode_ms());
    line("guidance_ms", pipeline->guidance_ms());
  }
  if (analysis) line("check_ms", analysis->check_ms());
}

}  // namespace gradbooth::ui
