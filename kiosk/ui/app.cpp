#include "app.h"

#include "app_context.h"
#include "booth/analyzer_host.h"
#include "booth/metrics.h"
#include "booth_window.h"
#include "device_wiring.h"
#include "export_job.h"
#include "gsound_port.h"
#include "status_report.h"
#include "style.h"
#include "supervisor_actions.h"
#include "supervisor_panel.h"

#include <gdkmm/display.h>
#include <gdkmm/monitor.h>
#include <glib-unix.h>
#include <glibmm/dispatcher.h>
#include <glibmm/main.h>
#include <gtkmm/application.h>
#include <systemd/sd-daemon.h>

#include <csignal>
#include <cstdio>

namespace gradbooth::ui {

using Clock = std::chrono::steady_clock;

// Builds the booth from its parts and runs the main loop. The parts, one file each: startup.cpp
// (config overrides, store, lock, roster), booth/analyzer_host (model loading), device_wiring
// (camera and reader), supervisor_actions (every button's handler), export_job, status_report
// (the test port's status line, health, queue) and booth/metrics (the performance log).
class BoothApp {
public:
  explicit BoothApp(AppOptions opts) : metrics_(Clock::now()) { ctx_.opts = std::move(opts); }

  int run();

private:
  void activate();
  void build_booth();
  void place_panel();
  void start_timers();
  bool models_arrived();
  void on_tick();
  void refresh();
  void shutdown();

  AppContext ctx_;
  BoothMetrics metrics_;
  AnalyzerHost models_;
  DeviceWiring devices_{ctx_, metrics_};
  ExportJob exports_{ctx_};
  ActionHost actions_{ctx_, devices_, exports_};
  Glib::RefPtr<Gtk::Application> app_;
  std::unique_ptr<StatusPort> status_;
  Glib::RefPtr<Gio::SimpleAction> accept_action_;
  std::unique_ptr<Glib::Dispatcher> dispatcher_;
  int exit_status_ = 0;
  bool ready_sent_ = false;
  int ticks_ = 0;
};

int BoothApp::run() {
  if (auto s = open_booth(ctx_); !s) {
    std::fprintf(stderr, "gradbooth: %s\n", s.error().message_en.c_str());
    sd_notifyf(0, "STATUS=failed: %s", s.error().message_en.c_str());
    return 1;
  }
  // The landmark model takes most of a second: read it while GTK starts; activate() waits.
  models_.start_loading(ctx_.cfg, ctx_.opts.landmark_model);
  ctx_.refresh = [this] { refresh(); };

  app_ = Gtk::Application::create(ctx_.opts.app_id, Gio::Application::Flags::NONE);
  app_->signal_activate().connect([this] { activate(); });
  install_actions(*app_, actions_);
  accept_action_ = std::dynamic_pointer_cast<Gio::SimpleAction>(app_->lookup_action("accept"));
  // Read-only states for tests: the visible screen, and a one-line status.
  status_ = std::make_unique<StatusPort>(*app_);
  // SIGTERM (systemd stop) and SIGINT: leave the main loop; devices stop below, in order.
  auto quit = +[](gpointer self) -> gboolean {
    auto *me = static_cast<BoothApp *>(self);
    sd_notify(0, "STOPPING=1");
    me->app_->quit();
    return G_SOURCE_CONTINUE;
  };
  g_unix_signal_add(SIGTERM, quit, this);
  g_unix_signal_add(SIGINT, quit, this);
  char arg0[] = "gradbooth";
  char *argv[] = {arg0, nullptr};
  const int status = app_->run(1, argv);
  shutdown();
  return exit_status_ != 0 ? exit_status_ : status;
}

void BoothApp::shutdown() {
  exports_.join();
  if (!ctx_.opts.perf_log.empty()) {
    const LiveView *live = ctx_.window ? &ctx_.window->live() : nullptr;
    const BoothMetrics::Painted painted = live ? BoothMetrics::Painted{live->paint_ms(), live->frames_painted()} : BoothMetrics::Painted{};
    metrics_.write(ctx_.opts.perf_log, painted, devices_.pipeline(), models_.worker());
  }
  // Devices first (their callbacks post into the queue), then the workers, then the store.
  devices_.stop();
  models_.stop();
  if (ctx_.queue) ctx_.queue->drain();
  ctx_.booth.reset();
  ctx_.store.reset();
}

void BoothApp::activate() {
  if (ctx_.window) {
    ctx_.window->present();
    return;
  }
  ctx_.queue = std::make_unique<MainQueue>([this] { dispatcher_->emit(); });
  dispatcher_ = std::make_unique<Glib::Dispatcher>();
  dispatcher_->connect([this] {
    const auto t0 = Clock::now();
    if (ctx_.queue->drain() > 0) metrics_.main_job(BoothMetrics::ms_since(t0));
  });
  build_booth();
  apply_style();
  ctx_.window = new BoothWindow();
  app_->add_window(*ctx_.window);
  place_panel();
  ctx_.window->add_tick_callback([this](const Glib::RefPtr<Gdk::FrameClock> &) {
    metrics_.frame_clock(ctx_.booth->screen());
    return true;
  });
  // Ready = the booth is on screen and the devices are starting: tell systemd once.
  ctx_.window->signal_map().connect([this] {
    if (ready_sent_) return;
    ready_sent_ = true;
    const double ms = metrics_.ready();
    const std::string &batch = ctx_.cfg.booth.batch;
    sd_notifyf(0, "READY=1\nSTATUS=booth ready in %.0f ms, batch %s", ms, batch.c_str());
    std::fprintf(stderr, "gradbooth: ready in %.0f ms (batch %s, %s)\n", ms, batch.c_str(), ctx_.store->dir().c_str());
  });
  if (!ctx_.opts.windowed) ctx_.window->fullscreen();
  devices_.start(models_.analyzer());
  refresh_health(ctx_);
  refresh_queue(ctx_);
  refresh();
  ctx_.window->present();
  start_timers();
}

// The booth's ports: the camera through the device wiring, the analysis through the analyzer.
void BoothApp::build_booth() {
  core::WorkflowOptions wo;
  wo.retake_limit = ctx_.cfg.booth.retake_limit;
  wo.idle_timeout = std::chrono::seconds(ctx_.cfg.booth.idle_timeout_s);
  wo.countdown = std::chrono::seconds(ctx_.cfg.ui.countdown_s);
  Booth::Ports ports;
  ports.set_liveview = [this](bool on) { devices_.set_liveview(on); };
  ports.request_capture = [this] {
    metrics_.capture_requested();
    devices_.request_capture();
  };
  ports.analyze = [this](std::vector<std::uint8_t> original, std::function<void(Result<CaptureVerdict>)> done) {
    models_.analyze(std::move(original), std::move(done));
  };
  ports.changed = [this] { refresh(); };
  // [ui].sound = false: no sound context at all (nothing opens the sound card).
  if (ctx_.cfg.ui.sound) ctx_.sound = make_gsound_port();
  ports.sound = ctx_.sound.get();
  ports.sound_enabled = ctx_.cfg.ui.sound;
  ctx_.booth = std::make_unique<Booth>(wo, *ctx_.store, ports);
}

// A second monitor gets the supervisor panel in its own window; otherwise it overlays the booth.
void BoothApp::place_panel() {
  ctx_.panel = Gtk::make_managed<SupervisorPanel>();
  ctx_.panel->on_touch([this] { ctx_.lock->touch(Clock::now()); });
  auto monitors = Gdk::Display::get_default()->get_monitors();
  if (monitors && monitors->get_n_items() > 1) {
    auto *w = new Gtk::Window();
    ctx_.panel_window = w;
    app_->add_window(*w);
    w->set_child(*ctx_.panel);
    w->add_css_class("booth");
    auto second = std::dynamic_pointer_cast<Gdk::Monitor>(monitors->get_object(1));
    if (second && !ctx_.opts.windowed) w->fullscreen_on_monitor(second);
    w->present();
    // Always on show there: its keypad takes PINs from the start.
    ctx_.panel_visible = true;
    ctx_.lock->show(true);
  } else {
    ctx_.panel->set_halign(Gtk::Align::FILL);
    ctx_.panel->set_valign(Gtk::Align::FILL);
    ctx_.panel->set_visible(false);
    ctx_.window->overlay().add_overlay(*ctx_.panel);
  }
}

void BoothApp::start_timers() {
  std::uint64_t watchdog_usec = 0;
  if (sd_watchdog_enabled(0, &watchdog_usec) > 0) {
    // Pinged from the main loop, so a hung UI stops the pings and systemd restarts us.
    Glib::signal_timeout().connect(
        [] {
          sd_notify(0, "WATCHDOG=1");
          return true;
        },
        static_cast<unsigned>(watchdog_usec / 2000));
  }
  Glib::signal_timeout().connect(
      [this] {
        on_tick();
        return true;
      },
      100);
  // The landmark model loads in the background: the booth is up (cards, live view) before it;
  // guidance and checks start the moment it is there.
  Glib::signal_timeout().connect([this] { return !models_arrived(); }, 50);
}

bool BoothApp::models_arrived() {
  auto loaded = models_.arrived(*ctx_.queue);
  if (!loaded) return false;
  if (!*loaded) {
    std::fprintf(stderr, "gradbooth: analyzer: %s\n", loaded->error().message_en.c_str());
    sd_notifyf(0, "STATUS=failed: %s", loaded->error().message_en.c_str());
    exit_status_ = 1;
    app_->quit();
    return true;
  }
  devices_.set_analyzer(models_.analyzer());
  metrics_.models_loaded();
  refresh();
  return true;
}

void BoothApp::on_tick() {
  ctx_.booth->tick(core::Clock::now());
  if (lock_when_idle(ctx_)) refresh();
  if (++ticks_ % 20 == 0) {  // every 2 s
    refresh_health(ctx_);
    refresh_queue(ctx_);
    refresh();
  }
}

void BoothApp::refresh() {
  if (!ctx_.window || !ctx_.booth) return;
  const Booth &booth = *ctx_.booth;
  if (metrics_.shown(booth.state(), booth.screen())) refresh_queue(ctx_);
  accept_action_->set_enabled(booth.state() == core::State::Review && booth.review().pass);
  ctx_.window->refresh(booth, ctx_.lang, ctx_.health);
  ctx_.panel->refresh(booth, ctx_.lang, ctx_.health, ctx_.lock->unlocked(), ctx_.lock->typed(), ctx_.said.text(ctx_.lang),
                      panel_data(ctx_));
  if (!ctx_.panel_window) ctx_.panel->set_visible(ctx_.panel_visible);
  status_->publish(ctx_, {.models_ready = models_.analyzer() != nullptr, .export_progress = exports_.progress()});
}

int run_booth(const AppOptions &opts) {
  BoothApp app(opts);
  return app.run();
}

}  // namespace gradbooth::ui
