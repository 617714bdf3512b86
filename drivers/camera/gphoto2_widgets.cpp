// The body's settings through libgphoto2's config widgets: battery level, capture target, the
// toggles some bodies need around live view.
#include "camera/gphoto2_camera.h"

#include <cstdlib>
#include <cstring>

namespace gradbooth::camera::gp {

namespace {

// Sets the radio widget `name` to the first choice `pred` accepts.
template <typename Pred> void set_radio(::Camera *cam, GPContext *ctx, CameraWidget *w, const char *name, Pred pred) {
  for (int i = 0; i < gp_widget_count_choices(w); ++i) {
    const char *c = nullptr;
    if (gp_widget_get_choice(w, i, &c) >= GP_OK && c && pred(c)) {
      gp_widget_set_value(w, c);
      gp_camera_set_single_config(cam, name, w, ctx);
      return;
    }
  }
}

}  // namespace

gp::WidgetPtr Gphoto2Camera::widget(const char *name) {
  CameraWidget *w = nullptr;
  if (gp_camera_get_single_config(cam_.get(), name, &w, ctx_.get()) < GP_OK) return nullptr;
  return gp::WidgetPtr(w);
}

std::optional<std::string> Gphoto2Camera::text_config(const char *name) {
  gp::WidgetPtr w = widget(name);
  if (!w) return std::nullopt;
  CameraWidgetType type;
  gp_widget_get_type(w.get(), &type);
  if (type != GP_WIDGET_TEXT && type != GP_WIDGET_RADIO && type != GP_WIDGET_MENU) return std::nullopt;
  const char *v = nullptr;
  if (gp_widget_get_value(w.get(), &v) < GP_OK || !v) return std::nullopt;
  return std::string(v);
}

void Gphoto2Camera::read_battery() {
  // ptp2 shows the level as text ("80%"); other drivers as a range.
  gp::WidgetPtr w = widget("batterylevel");
  if (!w) return;
  CameraWidgetType type;
  gp_widget_get_type(w.get(), &type);
  if (type == GP_WIDGET_RANGE) {
    float v = -1;
    if (gp_widget_get_value(w.get(), &v) >= GP_OK) status_.battery_percent = static_cast<int>(v);
  } else if (type == GP_WIDGET_TEXT) {
    const char *v = nullptr;
    if (gp_widget_get_value(w.get(), &v) >= GP_OK && v && std::strchr(v, '%')) status_.battery_percent = std::atoi(v);
    // Canon EOS reports five steps; its lowest, "Low", is the blinking-battery state, below
    // the booth's refusal threshold by design.
    else if (v && (std::strcmp(v, "Low") == 0 || gphoto_text("Low") == v)) status_.battery_percent = 5;
  }
}

// Shots land in the camera's RAM where the body allows it: no card wear, no stale files.
// Bodies without the setting keep shooting to the card, which capture() then empties.
void Gphoto2Camera::ensure_capture_target() {
  const std::string ram = body_->capture_target_ram, ram_here = gphoto_text(body_->capture_target_ram);
  auto is_ram = [&](const std::string &c) { return c == ram || c == ram_here; };
  const std::optional<std::string> now = text_config(body_->capture_target_widget);
  if (!now || is_ram(*now)) return;
  if (gp::WidgetPtr w = widget(body_->capture_target_widget))
    set_radio(cam_.get(), ctx_.get(), w.get(), body_->capture_target_widget, is_ram);
}

void Gphoto2Camera::set_toggle(const char *name, int value) {
  gp::WidgetPtr w = widget(name);
  if (!w) return;
  gp_widget_set_value(w.get(), &value);
  gp_camera_set_single_config(cam_.get(), name, w.get(), ctx_.get());
}

}  // namespace gradbooth::camera::gp
