// The live-view picture with the framing overlay: head-top band, face oval and eye line
// where the standard wants them, the detected eye line, the hint, and the countdown number.
// Paints the newest decoded frame; never decodes (the LivePipeline does that off-thread).
#pragma once

#include "booth/live_pipeline.h"
#include "booth/stats.h"

#include <gtkmm/drawingarea.h>

#include <memory>
#include <string>

namespace gradbooth::ui {

class LiveView : public Gtk::DrawingArea {
public:
  LiveView();

  void show_picture(std::shared_ptr<const LivePicture> pic);  // main thread
  void show_hint(const LiveHint &hint, const std::string &text);
  void set_countdown(int seconds_left);      // 0 = none
  void set_banner(const std::string &text);  // e.g. "taking the photo…"; empty = none

  // Frames painted, and the time each paint took (for the performance log).
  long frames_painted() const { return painted_; }
  const Samples &paint_ms() const { return paint_ms_; }

private:
  void draw(const Cairo::RefPtr<Cairo::Context> &cr, int width, int height);

  std::shared_ptr<const LivePicture> pic_;
  LiveHint hint_;
  std::string hint_text_, banner_;
  int countdown_ = 0;
  long painted_ = 0;
  Samples paint_ms_;
};

}  // namespace gradbooth::ui
