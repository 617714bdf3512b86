#include "live_view.h"

#include <cairomm/context.h>
#include <cairomm/surface.h>
#include <pangomm/layout.h>

#include <algorithm>
#include <chrono>

namespace gradbooth::ui {

namespace {

// The target framing inside the live frame: where the crop planner would cut the standard photo
// from this frame when it fits (so the box follows the student as the capture will), else a 3:4
// box 92 % of the frame's height, centred, as a place to aim for.
struct Target {
  double x, y, w, h;
};

Target target_box(double fw, double fh, const LiveHint &hint) {
  if (hint.has_crop && hint.frame_width > 0) {
    const double sx = fw / hint.frame_width, sy = fh / hint.frame_height;
    return {hint.crop_x * sx, hint.crop_y * sy, hint.crop_w * sx, hint.crop_h * sy};
  }
  const double h = fh * 0.92;
  const double w = h * 960.0 / 1280.0;
  return {(fw - w) / 2, (fh - h) / 2, w, h};
}

void text_centered(const Cairo::RefPtr<Cairo::Context> &cr, Gtk::Widget &w, const std::string &text, double cx, double cy, int px,
                   bool bold) {
  auto layout = w.create_pango_layout(text);
  Pango::FontDescription font("Noto Sans CJK SC");
  font.set_absolute_size(px * PANGO_SCALE);
  if (bold) font.set_weight(Pango::Weight::BOLD);
  layout->set_font_description(font);
  int tw = 0, th = 0;
  layout->get_pixel_size(tw, th);
  // A dark plate under the text keeps it readable over any picture.
  cr->set_source_rgba(0, 0, 0, 0.6);
  cr->rectangle(cx - tw / 2.0 - 16, cy - th / 2.0 - 8, tw + 32, th + 16);
  cr->fill();
  cr->set_source_rgb(1, 1, 1);
  cr->move_to(cx - tw / 2.0, cy - th / 2.0);
  layout->show_in_cairo_context(cr);
}

}  // namespace

LiveView::LiveView() {
  set_hexpand(true);
  set_vexpand(true);
  set_draw_func(sigc::mem_fun(*this, &LiveView::draw));
}

void LiveView::show_picture(std::shared_ptr<const LivePicture> pic) {
  pic_ = std::move(pic);
  queue_draw();
}

void LiveView::show_hint(const LiveHint &hint, const std::string &text) {
  hint_ = hint;
  hint_text_ = text;
  queue_draw();
}

void LiveView::set_countdown(int s) {
  if (s == countdown_) return;
  countdown_ = s;
  queue_draw();
}

void LiveView::set_banner(const std::string &text) {
  if (text == banner_) return;
  banner_ = text;
  queue_draw();
}

void LiveView::draw(const Cairo::RefPtr<Cairo::Context> &cr, int width, int height) {
  const auto t0 = std::chrono::steady_clock::now();
  cr->set_source_rgb(0.07, 0.07, 0.08);
  cr->paint();
  if (pic_ && pic_->width > 0) {
    const double fw = pic_->width, fh = pic_->height;
    // Fit the frame's height (portrait screen): the sides outside the 3:4 target may be cut.
    const double scale = std::min(width / (fw * 0.80), height / fh);
    const double ox = (width - fw * scale) / 2, oy = (height - fh * scale) / 2;
    auto surface = Cairo::ImageSurface::create(const_cast<unsigned char *>(pic_->bgrx.data()), Cairo::Surface::Format::RGB24, pic_->width,
                                               pic_->height, pic_->width * 4);
    cr->save();
    cr->translate(ox, oy);
    cr->scale(scale, scale);
    auto pattern = Cairo::SurfacePattern::create(surface);
    pattern->set_filter(Cairo::SurfacePattern::Filter::FAST);  // bilinear costs ~3x on a 2-core box
    cr->set_source(pattern);
    cr->paint();

    // Overlay in frame coordinates.
    const Target t = target_box(fw, fh, hint_);
    const double lw = 3 / scale;
    cr->set_line_width(lw);
    // Outside the crop: dimmed, so the student sees what will be submitted.
    cr->set_source_rgba(0, 0, 0, 0.45);
    cr->rectangle(0, 0, fw, t.y);
    cr->rectangle(0, t.y + t.h, fw, fh - t.y - t.h);
    cr->rectangle(0, t.y, t.x, t.h);
    cr->rectangle(t.x + t.w, t.y, fw - t.x - t.w, t.h);
    cr->fill();
    // The profile's aims inside the crop (SPEC §5: crown 130–150 of 1280, eyes at 480, face
    // 360–390 of 960 wide, chin about 820): crown band, face oval from the hairline to the chin,
    // eye line.
    const double band_top = t.y + t.h * hint_.aim_crown_top, band_bottom = t.y + t.h * hint_.aim_crown_bottom;
    cr->set_source_rgba(1.0, 0.85, 0.1, 0.35);
    cr->rectangle(t.x, band_top, t.w, band_bottom - band_top);
    cr->fill();
    const double face_w = t.w * hint_.aim_face_width;
    const double oval_top = band_bottom + 0.12 * face_w, oval_bottom = t.y + t.h * hint_.aim_chin;
    const double face_h = std::max(face_w, oval_bottom - oval_top);
    const double oval_cx = t.x + t.w / 2;
    const bool ready = hint_.ready;
    cr->save();
    cr->translate(oval_cx, oval_top + face_h / 2);
    cr->scale(face_w / 2, face_h / 2);
    cr->arc(0, 0, 1, 0, 2 * M_PI);
    cr->restore();
    if (ready) cr->set_source_rgba(0.2, 0.9, 0.3, 0.95);
    else cr->set_source_rgba(1, 1, 1, 0.85);
    cr->set_line_width(lw * 1.5);
    cr->stroke();
    // Target eye line.
    const double eye_y = t.y + t.h * hint_.aim_eye;
    cr->set_dash(std::vector<double>{12 / scale, 8 / scale}, 0);
    cr->set_source_rgba(1, 1, 1, 0.8);
    cr->move_to(t.x + t.w * 0.12, eye_y);
    cr->line_to(t.x + t.w * 0.88, eye_y);
    cr->stroke();
    cr->unset_dash();
    // The student's own eye line, as guidance found it (frame coordinates of that frame).
    if (hint_.has_face && hint_.frame_width > 0) {
      const double sx = fw / hint_.frame_width, sy = fh / hint_.frame_height;
      cr->set_source_rgba(ready ? 0.2 : 1.0, ready ? 0.9 : 0.55, 0.2, 0.95);
      cr->set_line_width(lw * 1.3);
      cr->move_to(hint_.eye_left_x * sx, hint_.eye_left_y * sy);
      cr->line_to(hint_.eye_right_x * sx, hint_.eye_right_y * sy);
      cr->stroke();
      cr->arc(hint_.eye_left_x * sx, hint_.eye_left_y * sy, 6 / scale, 0, 2 * M_PI);
      cr->fill();
      cr->arc(hint_.eye_right_x * sx, hint_.eye_right_y * sy, 6 / scale, 0, 2 * M_PI);
      cr->fill();
    }
    cr->restore();
  }
  if (!hint_text_.empty()) text_centered(cr, *this, hint_text_, width / 2.0, height - 90, 44, true);
  if (!banner_.empty()) text_centered(cr, *this, banner_, width / 2.0, height / 2.0, 48, true);
  if (countdown_ > 0) {
    auto layout = create_pango_layout(std::to_string(countdown_));
    Pango::FontDescription font("Noto Sans CJK SC");
    font.set_absolute_size(320 * PANGO_SCALE);
    font.set_weight(Pango::Weight::BOLD);
    layout->set_font_description(font);
    int tw = 0, th = 0;
    layout->get_pixel_size(tw, th);
    cr->set_source_rgba(1, 1, 1, 0.9);
    cr->move_to((width - tw) / 2.0, (height - th) / 2.0);
    layout->show_in_cairo_context(cr);
  }
  ++painted_;
  paint_ms_.add(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace gradbooth::ui
