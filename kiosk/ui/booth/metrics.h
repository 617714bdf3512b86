// The booth's timing figures for the performance log (--perf-log): start-up, live-view frame
// rate, main-loop jobs, capture to review, card to done. The parts of the app mark events here;
// write() adds the pipeline's and the analyzer's own samples at exit.
#pragma once

#include "booth/analysis.h"
#include "booth/live_pipeline.h"
#include "booth/screen.h"
#include "booth/stats.h"
#include "core/workflow.h"

#include <chrono>
#include <string>

namespace gradbooth::ui {

class BoothMetrics {
public:
  using Clock = std::chrono::steady_clock;

  explicit BoothMetrics(Clock::time_point started) : started_(started) {}

  static double ms_since(Clock::time_point t0);

  // Start-up marks: the booth on screen, the landmark model loaded. Both return the ms since start.
  double ready();
  double models_loaded();
  void capture_requested() { capture_started_ = Clock::now(); }
  void card_read() { flow_started_ = Clock::now(); }
  void main_job(double ms) { main_job_ms_.add(ms); }
  // A live picture handed to the window while `screen` was showing.
  void frame_delivered(Screen screen);
  // GTK's frame clock ticked while `screen` was showing.
  void frame_clock(Screen screen);
  // The booth was redrawn in `state` on `screen`; true when the state changed since last time.
  bool shown(core::State state, Screen screen);

  // What GTK painted: the live view's paint times and count.
  struct Painted {
    Samples paint_ms;
    long frames = 0;
  };
  void write(const std::string &path, const Painted &painted, const LivePipeline *pipeline, const AnalysisWorker *analysis) const;

private:
  Clock::time_point started_;
  double startup_ms_ = 0, models_ms_ = 0;
  Samples main_job_ms_, frame_interval_ms_, capture_to_review_ms_, flow_ms_;
  Clock::time_point capture_started_{}, flow_started_{}, last_frame_tick_{};
  long live_frames_ = 0;
  Clock::time_point live_since_{};
  double live_seconds_ = 0;
  bool on_live_ = false;
  core::State last_state_ = core::State::Idle;
};

}  // namespace gradbooth::ui
