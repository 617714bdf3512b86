#include "status_report.h"

#include <chrono>
#include <filesystem>

namespace gradbooth::ui {

std::string status_line(const AppContext &ctx, const StatusExtras &extras) {
  const Booth &booth = *ctx.booth;
  const core::SupervisorLock &lock = *ctx.lock;
  const auto &v = booth.view();
  const auto &q = ctx.queue_view;
  return "screen=" + std::string(screen_name(booth.screen())) + ";state=" + core::state_name(v.state) +
      ";number=" + (v.number ? v.number->text() : "") + ";attempts=" + std::to_string(v.attempts) +
      ";pass=" + (v.last_pass ? (*v.last_pass ? "1" : "0") : "") + ";supervisor=" + core::supervisor_reason_name(v.supervisor) +
      ";panel=" + (ctx.panel_visible ? (lock.unlocked() ? "open" : "locked") : "hidden") + ";pin_digits=" + std::to_string(lock.typed()) +
      ";lockout_s=" + std::to_string(lock.lockout_left_s(std::chrono::system_clock::now())) + ";outcome=" + ctx.said.status +
      ";lang=" + std::string(lang_code(ctx.lang)) + ";camera=" + (ctx.health.camera_ok ? "ok" : "down") +
      ";models=" + (extras.models_ready ? "ready" : "loading") + ";accept_enabled=" + (booth.review().pass ? "1" : "0") +
      ";card_warnings=" + std::to_string(booth.card() ? booth.card()->warnings.size() : 0) +
      ";sounds=" + std::to_string(booth.sounds_requested()) +
      ";queue=" + (q ? std::to_string(q->done) + "/" + std::to_string(q->roster) : "") +
      ";last_hour=" + (q ? std::to_string(q->last_hour) : "") + ";eta_min=" + (q && q->eta_min ? std::to_string(*q->eta_min) : "") +
      ";left=" + (q ? std::to_string(q->left_without_number) : "") + ";export_progress=" + extras.export_progress +
      ";message=" + ctx.said.text(ctx.lang);
}

StatusPort::StatusPort(Gtk::Application &app) {
  screen_ = Gio::SimpleAction::create("screen", Glib::Variant<Glib::ustring>::create("welcome"));
  app.add_action(screen_);
  status_ = Gio::SimpleAction::create("status", Glib::Variant<Glib::ustring>::create(""));
  app.add_action(status_);
}

void StatusPort::publish(const AppContext &ctx, const StatusExtras &extras) {
  screen_->set_state(Glib::Variant<Glib::ustring>::create(std::string(screen_name(ctx.booth->screen()))));
  status_->set_state(Glib::Variant<Glib::ustring>::create(status_line(ctx, extras)));
}

void refresh_health(AppContext &ctx) {
  std::error_code ec;
  auto space = std::filesystem::space(ctx.store->dir(), ec);
  if (!ec) ctx.health.free_disk_bytes = space.available;
  if (auto left = ctx.store->numbers_left()) ctx.health.numbers_left = *left;
}

void refresh_queue(AppContext &ctx) {
  auto q = core::queue_view(*ctx.store, std::chrono::system_clock::now(), ctx.booth ? ctx.booth->current_id_number() : "");
  if (q) ctx.queue_view = *q;
}

PanelData panel_data(AppContext &ctx) {
  PanelData d;
  if (!ctx.panel_open()) return d;
  if (auto a = core::recent_attempt_views(*ctx.store, 8)) d.attempts = std::move(*a);
  if (auto n = core::last_accepted_number(*ctx.store)) d.last_number = *n;
  if (auto c = core::panel_counts(*ctx.store)) d.counts = *c;
  d.queue = ctx.queue_view;
  return d;
}

}  // namespace gradbooth::ui
