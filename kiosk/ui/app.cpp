#include "app.h"

#include "booth/analysis.h"
#include "booth/booth.h"
#include "booth/catalogue.h"
#include "booth/health.h"
#include "booth/live_pipeline.h"
#include "booth/main_queue.h"
#include "booth/stats.h"
#include "booth_window.h"
#include "camera_options.h"
#include "gsound_port.h"
#include "style.h"
#include "supervisor_panel.h"

#include "camera/camera.h"
#include "camera/camera_worker.h"
#include "core/booth_setup.h"
#include "core/config.h"
#include "core/id_number.h"
#include "core/journal.h"
#include "core/panel_views.h"
#include "core/progress.h"
#include "core/roster.h"
#include "core/supervisor_lock.h"
#include "core/store.h"
#include "idcard/card_reader.h"

#include <analyzer.h>
#include <image/profile.h>
#include <thresholds.h>

#include <gdkmm/display.h>
#include <gdkmm/monitor.h>
#include <giomm/simpleaction.h>
#include <glib-unix.h>
#include <glibmm/dispatcher.h>
#include <glibmm/main.h>
#include <glibmm/spawn.h>
#include <gtkmm/application.h>
#include <gtkmm/cssprovider.h>
#include <gtkmm/stylecontext.h>
#include <systemd/sd-daemon.h>

#include <chrono>
#include <ctime>
#include <csignal>
#include <cstdio>
#include <fstream>
#include <future>
#include <sstream>
#include <thread>

#include <sys/wait.h>

namespace gradbooth::ui {

namespace fs = std::filesystem;
using Clock = std::chrono::steady_clock;

namespace {

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

// "name|gender|id" from the test port.
struct FakeCard {
  std::string name, gender, id;  // name|gender|id[|warning zh|warning en]
  Bilingual warning;
};
FakeCard parse_fake_card(const std::string &s) {
  FakeCard c;
  std::stringstream in(s);
  std::getline(in, c.name, '|');
  std::getline(in, c.gender, '|');
  std::getline(in, c.id, '|');
  std::getline(in, c.warning.zh, '|');
  std::getline(in, c.warning.en, '|');
  return c;
}

// Where gradbooth-admin lives: next to us when installed, ../admin/ in the build tree.
std::string find_admin() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  for (const fs::path &p : {self.parent_path() / "gradbooth-admin", self.parent_path() / ".." / "admin" / "gradbooth-admin"})
    if (fs::exists(p, ec)) return p.string();
  return "gradbooth-admin";
}

} // namespace

class BoothApp {
public:
  explicit BoothApp(AppOptions opts) : opts_(std::move(opts)), started_(Clock::now()) {}

  int run();

private:
  Status load();
  void activate();
  void add_actions();
  void start_devices();
  void refresh();
  void set_screen_state();
  void on_tick();
  void update_health();
  void update_queue();
  void write_perf_log();
  void shutdown();
  // What the panel says about the last thing done on it, exactly as the booth/lock answered.
  void say(std::string zh, std::string en, std::string status);
  void say(const core::DecisionOutcome &o);
  void say(const core::LockAnswer &a);
  void show_panel(bool on);
  PanelData panel_data();
  void camera_back();
  bool models_arrived();

  template <class F> void action(const char *name, F f) {
    app_->add_action(name, [this, f] {
      f();
      refresh();
    });
  }
  template <class F> void action_s(const char *name, F f) {
    app_->add_action_with_parameter(name, Glib::VARIANT_TYPE_STRING, [this, f](const Glib::VariantBase &v) {
      f(Glib::VariantBase::cast_dynamic<Glib::Variant<Glib::ustring>>(v).get());
      refresh();
    });
  }

  AppOptions opts_;
  Clock::time_point started_;
  core::Config cfg_;
  std::optional<core::Store> store_;
  std::unique_ptr<models::Analyzer> analyzer_;
  std::future<Result<std::unique_ptr<models::Analyzer>>> analyzer_future_;
  int exit_status_ = 0;
  bool exporting_ = false;
  std::string export_progress_;  // "12/800": the running (or last) export's step, from the admin's lines
  std::optional<core::QueueView> queue_view_;  // the roster's progress, kept fresh by update_queue()
  std::thread export_thread_;
  double models_ms_ = 0;
  std::vector<std::pair<std::vector<std::uint8_t>, std::function<void(Result<CaptureVerdict>)>>> waiting_for_models_;
  Glib::RefPtr<Gtk::Application> app_;
  std::unique_ptr<Glib::Dispatcher> dispatcher_;
  std::unique_ptr<MainQueue> queue_;
  std::unique_ptr<SoundPort> sound_;  // before booth_: the booth plays through it
  std::unique_ptr<Booth> booth_;
  std::unique_ptr<LivePipeline> pipeline_;
  std::unique_ptr<AnalysisWorker> analysis_;
  std::unique_ptr<camera::CameraWorker> camera_;
  std::unique_ptr<idcard::CardReader> reader_;
  BoothWindow *window_ = nullptr;
  SupervisorPanel *panel_ = nullptr;
  Gtk::Window *panel_window_ = nullptr;  // second monitor, when there is one
  Glib::RefPtr<Gio::SimpleAction> screen_action_, status_action_, accept_action_;
  Lang lang_ = Lang::Zh;
  Health health_;
  bool camera_faulted_ = false;
  bool card_present_ = false;
  std::optional<idcard::CardIdentity> card_;
  bool panel_visible_ = false;
  std::unique_ptr<core::SupervisorLock> lock_;
  std::string said_zh_, said_en_, said_status_;
  bool card_waiting_ = false;  // a card placed during a fault, offered again once the camera is back
  bool ready_sent_ = false;
  bool last_hint_ready_ = false;
  core::State last_state_ = core::State::Idle;
  // Timing.
  double startup_ms_ = 0;
  Samples main_job_ms_, frame_interval_ms_, capture_to_review_ms_, flow_ms_;
  Clock::time_point capture_started_{}, flow_started_{}, last_frame_tick_{};
  long live_frames_ = 0;
  Clock::time_point live_since_{};
  double live_seconds_ = 0;
  bool on_live_ = false;
};

Status BoothApp::load() {
  auto cfg = core::load_config_auto(opts_.config);
  if (!cfg) return cfg.error();
  cfg_ = std::move(*cfg);
  if (opts_.data_dir) cfg_.booth.data_dir = *opts_.data_dir;
  if (!opts_.batch.empty()) cfg_.booth.batch = opts_.batch;
  if (!opts_.camera_port.empty()) cfg_.camera.port = opts_.camera_port;
  if (!opts_.card_transport.empty()) cfg_.card.kind = opts_.card_transport;
  lang_ = parse_lang(opts_.lang.empty() ? cfg_.ui.language : opts_.lang);

  core::StoreOptions so;
  so.data_dir = cfg_.booth.data_dir;
  so.batch = cfg_.booth.batch;
  so.booth_id = cfg_.booth.id;
  so.sequence_first = cfg_.booth.sequence_first;
  so.sequence_last = cfg_.booth.sequence_last;
  // Opening the same batch after a crash is the recovery: the store repairs half-written
  // files and every accepted number is still there.
  auto store = core::Store::open(so);
  if (!store) return store.error();
  store_.emplace(std::move(*store));
  for (const auto &line : store_->recovery_log()) std::fprintf(stderr, "gradbooth: recovered: %s\n", line.c_str());

  // The panel's lock; its lockout lives beside the batches so a restart does not lift it.
  core::LockOptions lo;
  lo.pin = cfg_.booth.supervisor_pin;
  lo.pin_hash = cfg_.booth.supervisor_pin_hash;
  lo.state_file = cfg_.booth.data_dir / ".supervisor-lock";
  lo.backoff = std::chrono::seconds(opts_.pin_backoff_s);
  lo.idle_lock = std::chrono::seconds(opts_.panel_lock_s);
  lock_ = std::make_unique<core::SupervisorLock>(lo);

  if (!opts_.roster.empty()) {
    auto parsed = core::parse_roster_file(opts_.roster, cfg_.roster);
    if (!parsed) return parsed.error();
    auto summary = store_->import_roster(parsed->entries);
    if (!summary) return summary.error();
    std::fprintf(stderr, "gradbooth: roster %s: %d new, %d updated, %d unchanged\n", opts_.roster.c_str(),
                 summary->inserted, summary->updated, summary->unchanged);
  }
  return {};
}

int BoothApp::run() {
  if (auto s = load(); !s) {
    std::fprintf(stderr, "gradbooth: %s\n", s.error().message_en.c_str());
    sd_notifyf(0, "STATUS=failed: %s", s.error().message_en.c_str());
    return 1;
  }
  // The landmark model takes most of a second: read it while GTK starts; activate() waits.
  analyzer_future_ = std::async(std::launch::async, [this]() -> Result<std::unique_ptr<models::Analyzer>> {
    auto setup = core::booth_setup(cfg_);
    if (!setup) return setup.error();
    const auto t0 = Clock::now();
    // --landmarks, else [standard].landmark_model, else Debian's dlib-data path.
    const std::string model = opts_.landmark_model.empty() ? setup->landmark_model : opts_.landmark_model;
    auto loaded = models::Analyzer::load(model, std::move(setup->standard));
    std::fprintf(stderr, "gradbooth: landmark model loaded in %.0f ms\n", ms_since(t0));
    return loaded;
  });

  app_ = Gtk::Application::create(opts_.app_id, Gio::Application::Flags::NONE);
  app_->signal_activate().connect([this] { activate(); });
  add_actions();
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
  if (export_thread_.joinable()) export_thread_.join();
  write_perf_log();
  // Devices first (their callbacks post into the queue), then the workers, then the store.
  reader_.reset();
  camera_.reset();
  pipeline_.reset();
  analysis_.reset();
  if (queue_) queue_->drain();
  booth_.reset();
  store_.reset();
}

void BoothApp::activate() {
  if (window_) {
    window_->present();
    return;
  }
  queue_ = std::make_unique<MainQueue>([this] { dispatcher_->emit(); });
  dispatcher_ = std::make_unique<Glib::Dispatcher>();
  dispatcher_->connect([this] {
    const auto t0 = Clock::now();
    if (queue_->drain() > 0) main_job_ms_.add(ms_since(t0));
  });

  core::WorkflowOptions wo;
  wo.retake_limit = cfg_.booth.retake_limit;
  wo.idle_timeout = std::chrono::seconds(cfg_.booth.idle_timeout_s);
  wo.countdown = std::chrono::seconds(cfg_.ui.countdown_s);
  Booth::Ports ports;
  ports.set_liveview = [this](bool on) {
    if (camera_) camera_->set_liveview(on);
  };
  ports.request_capture = [this] {
    capture_started_ = Clock::now();
    if (camera_) camera_->request_capture();
  };
  ports.analyze = [this](std::vector<std::uint8_t> original, std::function<void(Result<CaptureVerdict>)> done) {
    if (analysis_) analysis_->analyze(std::move(original), std::move(done));
    else waiting_for_models_.emplace_back(std::move(original), std::move(done));  // still loading
  };
  ports.changed = [this] { refresh(); };
  // [ui].sound = false: no sound context at all (nothing opens the sound card).
  if (cfg_.ui.sound) sound_ = make_gsound_port();
  ports.sound = sound_.get();
  ports.sound_enabled = cfg_.ui.sound;
  booth_ = std::make_unique<Booth>(wo, *store_, ports);

  apply_style();
  window_ = new BoothWindow();
  app_->add_window(*window_);
  panel_ = Gtk::make_managed<SupervisorPanel>();
  panel_->on_touch([this] { lock_->touch(Clock::now()); });
  // A second monitor gets the supervisor panel in its own window; otherwise it overlays the booth.
  auto monitors = Gdk::Display::get_default()->get_monitors();
  if (monitors && monitors->get_n_items() > 1) {
    panel_window_ = new Gtk::Window();
    app_->add_window(*panel_window_);
    panel_window_->set_child(*panel_);
    panel_window_->add_css_class("booth");
    auto second = std::dynamic_pointer_cast<Gdk::Monitor>(monitors->get_object(1));
    if (second && !opts_.windowed) panel_window_->fullscreen_on_monitor(second);
    panel_window_->present();
    // Always on show there: its keypad takes PINs from the start.
    panel_visible_ = true;
    lock_->show(true);
  } else {
    panel_->set_halign(Gtk::Align::FILL);
    panel_->set_valign(Gtk::Align::FILL);
    panel_->set_visible(false);
    window_->overlay().add_overlay(*panel_);
  }
  window_->add_tick_callback([this](const Glib::RefPtr<Gdk::FrameClock> &) {
    const auto now = Clock::now();
    if (booth_->screen_name() == "live" || booth_->screen_name() == "countdown") {
      if (last_frame_tick_ != Clock::time_point{}) frame_interval_ms_.add(ms_since(last_frame_tick_));
      last_frame_tick_ = now;
    } else {
      last_frame_tick_ = {};
    }
    return true;
  });
  // Ready = the booth is on screen and the devices are starting: tell systemd once.
  window_->signal_map().connect([this] {
    if (ready_sent_) return;
    ready_sent_ = true;
    startup_ms_ = ms_since(started_);
    sd_notifyf(0, "READY=1\nSTATUS=booth ready in %.0f ms, batch %s", startup_ms_, cfg_.booth.batch.c_str());
    std::fprintf(stderr, "gradbooth: ready in %.0f ms (batch %s, %s)\n", startup_ms_, cfg_.booth.batch.c_str(),
                 store_->dir().c_str());
  });
  if (!opts_.windowed) window_->fullscreen();
  start_devices();
  update_health();
  update_queue();
  refresh();
  window_->present();

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
  if (analyzer_future_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) return false;
  auto analyzer = analyzer_future_.get();
  if (!analyzer) {
    std::fprintf(stderr, "gradbooth: analyzer: %s\n", analyzer.error().message_en.c_str());
    sd_notifyf(0, "STATUS=failed: %s", analyzer.error().message_en.c_str());
    exit_status_ = 1;
    app_->quit();
    return true;
  }
  analyzer_ = std::move(*analyzer);
  analysis_ = std::make_unique<AnalysisWorker>(*analyzer_, *queue_);
  pipeline_->set_analyzer(analyzer_.get());
  models_ms_ = ms_since(started_);
  for (auto &[bytes, done] : waiting_for_models_) analysis_->analyze(std::move(bytes), std::move(done));
  waiting_for_models_.clear();
  refresh();
  return true;
}

void BoothApp::start_devices() {
  // Camera.
  std::unique_ptr<camera::Camera> cam;
  if (!opts_.camera_replay.empty()) cam = camera::make_replay_camera(opts_.camera_replay);
  else cam = camera::make_gphoto2_camera(cfg_.camera.port, cfg_.camera.model, gphoto2_options(cfg_.camera));
  pipeline_ = std::make_unique<LivePipeline>(
      analyzer_.get(),
      [this](LivePicture pic) {
        auto shared = std::make_shared<const LivePicture>(std::move(pic));
        queue_->push([this, shared] {
          window_->live().show_picture(shared);
          camera_back();
          booth_->frame_shown(last_hint_ready_);
          if (booth_->screen_name() == "live" || booth_->screen_name() == "countdown") ++live_frames_;
        });
      },
      [this](LiveHint hint) {
        queue_->push([this, hint] {
          last_hint_ready_ = hint.ready;
          window_->live().show_hint(hint, ui::pick(lang_, hint.text_zh, hint.text_en));
        });
      });
  camera::CameraWorker::Callbacks cb;
  cb.on_frame = [this](camera::LiveFrame f) { pipeline_->submit(std::move(f.jpeg), f.at); };
  cb.on_capture = [this](Result<camera::CapturedFile> file) {
    auto shared = std::make_shared<Result<camera::CapturedFile>>(std::move(file));
    queue_->push([this, shared] {
      if (*shared) booth_->capture_finished(std::move((*shared)->bytes));
      else booth_->capture_finished(shared->error());
    });
  };
  cb.on_status = [this](camera::CameraStatus st) {
    queue_->push([this, st] {
      health_.camera_ok = st.connected;
      if (st.connected) {
        health_.camera_model = st.model;
        health_.camera_battery = st.battery_percent;
        camera_back();
      }
    });
  };
  cb.on_fault = [this](Error e) {
    queue_->push([this, e] {
      health_.camera_ok = false;
      health_.camera_error_zh = e.message_zh;
      health_.camera_error_en = e.message_en;
      if (!camera_faulted_) {
        camera_faulted_ = true;
        booth_->device_fault("camera", e.message_zh, e.message_en);
      }
      refresh();
    });
  };
  camera_ = std::make_unique<camera::CameraWorker>(std::move(cam), cb, cfg_.camera.liveview_max_fps);
  camera_->start();

  // Card reader.
  if (cfg_.card.kind == "none") {
    health_.reader_ok = false;
    health_.reader_error_en = "no card reader configured";
    health_.reader_error_zh = "未配置读卡器";
    return;
  }
  const idcard::TransportConfig &tc = cfg_.card;
  health_.reader_ok = true;
  health_.reader_name = tc.kind + (tc.reader.empty() ? "" : ": " + tc.reader);
  reader_ = std::make_unique<idcard::CardReader>(tc, [this](const idcard::CardEvent &ev) {
    auto shared = std::make_shared<idcard::CardEvent>(ev);
    queue_->push([this, shared] {
      if (auto *placed = std::get_if<idcard::CardPlaced>(shared.get())) {
        health_.reader_ok = true;
        card_present_ = true;
        card_ = placed->identity;
        flow_started_ = Clock::now();
        booth_->card_placed(card_holder(placed->identity));
        card_waiting_ = booth_->state() == core::State::Fault;
      } else if (std::holds_alternative<idcard::CardRemoved>(*shared)) {
        card_present_ = false;
        card_waiting_ = false;
        card_.reset();
        booth_->card_removed();
      } else if (auto *fault = std::get_if<idcard::ReaderFault>(shared.get())) {
        core::journal::send({.event = "fault", .priority = core::journal::Priority::Err,
                             .message = "reader: " + fault->error.message_en, .batch = cfg_.booth.batch,
                             .masked_id = {}, .number = {}, .reason = fault->error.code, .fields = {{"device", "reader"}}});
        health_.reader_ok = false;
        health_.reader_error_zh = fault->error.message_zh;
        health_.reader_error_en = fault->error.message_en;
        refresh();
      }
    });
  });
  reader_->start();
}

// The camera answers again (a frame, or a status after reopening): leave the fault screen. The
// workflow kept the student's visit through the fault and carries on with it by itself; only a
// card placed while the fault was on screen (which nobody took) is offered again.
void BoothApp::camera_back() {
  if (!camera_faulted_) return;
  camera_faulted_ = false;
  health_.camera_ok = true;
  booth_->device_recovered("camera");
  if (card_waiting_ && card_present_ && card_ && booth_->state() == core::State::Idle)
    booth_->card_placed(card_holder(*card_));
  card_waiting_ = false;
}

void BoothApp::add_actions() {
  // Student.
  action("identity-confirm", [this] { booth_->confirm_identity(); });
  action("identity-reject", [this] { booth_->reject_identity(); });
  action("shoot", [this] { booth_->shoot(); });
  accept_action_ = app_->add_action("accept", [this] {
    booth_->accept();
    refresh();
  });
  action("retake", [this] { booth_->retake(); });
  action("lang-toggle", [this] { lang_ = lang_ == Lang::Zh ? Lang::En : Lang::Zh; });
  action_s("set-lang", [this](const std::string &l) { lang_ = parse_lang(l); });
  // Supervisor: the panel opens on a PIN typed on its keypad, one digit per press, while the
  // panel is open. Nothing takes a whole PIN in one call.
  action("supervisor-open", [this] { show_panel(true); });
  action("supervisor-close", [this] { show_panel(false); });
  action_s("pin-digit", [this](const std::string &d) {
    const auto a = lock_->digit(d, std::chrono::system_clock::now(), Clock::now());
    if (!a.ok) say(a);
    else if (said_status_.starts_with("lock.")) say("", "", "");
  });
  action("pin-clear", [this] { lock_->clear(); });
  action("pin-enter", [this] {
    const auto a = lock_->enter(std::chrono::system_clock::now(), Clock::now());
    say(a);
    namespace jl = core::journal;
    const bool out = a.code == "lock.locked_out";
    jl::send({.event = a.ok ? "panel_unlocked" : out ? "pin_lockout" : a.code == "lock.wrong" ? "pin_wrong" : "pin_refused",
              .priority = a.ok ? jl::Priority::Notice : jl::Priority::Warning,
              .message = a.ok ? "supervisor panel unlocked" : a.text_en, .batch = cfg_.booth.batch, .masked_id = {},
              .number = {}, .reason = a.code,
              .fields = {{"failures", std::to_string(lock_->failures())},
                         {"lockout_s", std::to_string(lock_->lockout_left_s(std::chrono::system_clock::now()))}}});
    if (!lock_->state_error().empty())
      std::fprintf(stderr, "gradbooth: cannot keep the PIN lockout: %s\n", lock_->state_error().c_str());
  });
  // Every supervisor action needs the open, unlocked panel; each use keeps it from locking itself.
  auto guarded = [this](auto f) {
    return [this, f](const std::string &arg) {
      if (!panel_visible_ || !lock_->unlocked()) {
        say(std::string(tr(Lang::Zh, "sv.pin")), std::string(tr(Lang::En, "sv.pin")), "lock.locked");
        return;
      }
      lock_->touch(Clock::now());
      f(arg);
    };
  };
  auto reason_or_panel = [this](const std::string &given) { return given.empty() ? panel_->reason(lang_) : given; };
  auto decided = [this](const core::DecisionOutcome &o) {
    say(o);
    if (o.applied()) panel_->clear_reason();
  };
  action_s("sv-override", guarded([this, reason_or_panel, decided](const std::string &r) {
             decided(booth_->override_accept("supervisor", reason_or_panel(r)));
           }));
  action_s("sv-skip", guarded([this, reason_or_panel, decided](const std::string &r) {
             decided(booth_->skip_student("supervisor", reason_or_panel(r)));
           }));
  // The reason comes with the call, or (the panel's buttons send "") from the panel's field.
  action_s("sv-force-retake", guarded([this, reason_or_panel, decided](const std::string &r) {
             decided(booth_->force_retake("supervisor", reason_or_panel(r)));
           }));
  action_s("sv-void-last", guarded([this, reason_or_panel, decided](const std::string &r) {
             decided(booth_->void_last("supervisor", reason_or_panel(r)));
           }));
  action("sv-pause", [g = guarded([this](const std::string &) { say(booth_->pause()); })] { g(""); });
  action("sv-resume", [g = guarded([this](const std::string &) { say(booth_->resume()); })] { g(""); });
  action("sv-export", [this, g = guarded([this](const std::string &) {
                         // The admin tool owns exports; the booth only starts it and reports.
                         std::vector<std::string> argv{find_admin(), "export"};
                         if (!cfg_.file.empty()) argv.insert(argv.end(), {"--config", cfg_.file.string()});
                         // A new folder per export under the batch's exports/, named by the time.
                         const fs::path out_dir = core::new_export_folder(*store_, std::time(nullptr));
                         argv.insert(argv.end(), {"--data-dir", cfg_.booth.data_dir.string(), "--batch", cfg_.booth.batch,
                                                  "--out", out_dir.string(), "--zip"});
                         // Off the main loop: a big batch takes longer than the watchdog allows.
                         if (exporting_) return;
                         exporting_ = true;
                         say(std::string(tr(Lang::Zh, "sv.exporting")), std::string(tr(Lang::En, "sv.exporting")),
                             "export.running");
                         if (export_thread_.joinable()) export_thread_.join();
                         export_progress_.clear();
                         export_thread_ = std::thread([this, argv, out_dir] {
                           std::string err;
                           int status = 0;
                           // The admin writes one "export DONE/TOTAL ITEM" line per photo on stderr
                           // (not a terminal here): read them as they come and show the count.
                           Glib::Pid pid = 0;
                           int err_fd = -1;
                           try {
                             Glib::spawn_async_with_pipes("", argv,
                                                          Glib::SpawnFlags::DO_NOT_REAP_CHILD |
                                                              Glib::SpawnFlags::STDOUT_TO_DEV_NULL,
                                                          {}, &pid, nullptr, nullptr, &err_fd);
                           } catch (const Glib::Error &e) {
                             err = e.what();
                             status = 1;
                           }
                           if (err_fd >= 0) {
                             std::FILE *in = ::fdopen(err_fd, "r");
                             char *line = nullptr;
                             std::size_t cap = 0;
                             auto last_shown = Clock::time_point{};
                             while (in && ::getline(&line, &cap, in) > 0) {
                               auto step = core::parse_progress_line(line);
                               if (!step) {
                                 err += line;  // an error or a note: said if the export fails
                                 continue;
                               }
                               // At most ten updates a second on the main loop, and always the last.
                               const auto now = Clock::now();
                               if (step->done != step->total && now - last_shown < std::chrono::milliseconds(100)) continue;
                               last_shown = now;
                               const std::string count = std::to_string(step->done) + "/" + std::to_string(step->total);
                               queue_->push([this, count] {
                                 if (!exporting_) return;
                                 export_progress_ = count;
                                 say(fill(tr(Lang::Zh, "sv.exporting_n"), count), fill(tr(Lang::En, "sv.exporting_n"), count),
                                     "export.running");
                                 refresh();
                               });
                             }
                             std::free(line);
                             if (in) std::fclose(in);
                             else ::close(err_fd);
                           }
                           if (pid > 0) {
                             int wait_status = 0;
                             if (::waitpid(pid, &wait_status, 0) < 0) status = 1;
                             else status = WIFEXITED(wait_status) ? WEXITSTATUS(wait_status) : 1;
                             Glib::spawn_close_pid(pid);
                           }
                           while (!err.empty() && err.back() == '\n') err.pop_back();
                           queue_->push([this, status, err, out_dir] {
                             exporting_ = false;
                             namespace jl = core::journal;
                             jl::send({.event = "export", .priority = status == 0 ? jl::Priority::Notice : jl::Priority::Err,
                                       .message = status == 0 ? "exported to " + out_dir.string() : "export failed: " + err,
                                       .batch = cfg_.booth.batch, .masked_id = {}, .number = {},
                                       .reason = status == 0 ? "" : err, .fields = {{"out", out_dir.string()}}});
                             if (status == 0)
                               say(fill(tr(Lang::Zh, "sv.exported"), out_dir.string()),
                                   fill(tr(Lang::En, "sv.exported"), out_dir.string()), "export.done");
                             else
                               say(fill(tr(Lang::Zh, "sv.export_failed"), err), fill(tr(Lang::En, "sv.export_failed"), err),
                                   "export.failed");
                             refresh();
                           });
                         });
                       })] { g(""); });
  // Read-only states for tests: the visible screen, and a one-line status.
  screen_action_ = Gio::SimpleAction::create("screen", Glib::Variant<Glib::ustring>::create("welcome"));
  app_->add_action(screen_action_);
  status_action_ = Gio::SimpleAction::create("status", Glib::Variant<Glib::ustring>::create(""));
  app_->add_action(status_action_);
  if (opts_.test_port) {
    // Test port: a card without a reader (tests of the UI alone, and the demo's fallback).
    action_s("test-card", [this](const std::string &s) {
      const FakeCard c = parse_fake_card(s);
      card_present_ = true;
      idcard::CardIdentity id;
      id.name.chinese = c.name;
      id.id_number = c.id;
      id.gender = core::parse_gender(c.gender) == core::Gender::Female ? idcard::Gender::Female : idcard::Gender::Male;
      if (!c.warning.empty()) id.warnings.push_back(c.warning);
      card_ = id;
      flow_started_ = Clock::now();
      booth_->card_placed(card_holder(id));
      card_waiting_ = booth_->state() == core::State::Fault;
    });
    action("test-card-removed", [this] {
      card_present_ = false;
      card_.reset();
      card_waiting_ = false;
      booth_->card_removed();
    });
  }
}

void BoothApp::show_panel(bool on) {
  // On its own monitor the panel never hides: closing it only locks it.
  if (panel_window_) {
    if (!on) {
      lock_->show(false);
      say("", "", "");
      panel_->clear_reason();
    }
    on = true;
  }
  panel_visible_ = on;
  lock_->show(on);
  if (!on) {
    say("", "", "");
    panel_->clear_reason();
  }
}

void BoothApp::say(std::string zh, std::string en, std::string status) {
  said_zh_ = std::move(zh);
  said_en_ = std::move(en);
  said_status_ = std::move(status);
}

void BoothApp::say(const core::DecisionOutcome &o) { say(o.text_zh, o.text_en, core::decision_status_name(o.status)); }

void BoothApp::say(const core::LockAnswer &a) { say(a.text_zh, a.text_en, a.code); }

// Read only while the panel is open: the views query the store.
PanelData BoothApp::panel_data() {
  PanelData d;
  if (!panel_visible_ || !lock_->unlocked()) return d;
  if (auto a = core::recent_attempt_views(*store_, 8)) d.attempts = std::move(*a);
  if (auto n = core::last_accepted_number(*store_)) d.last_number = *n;
  if (auto c = core::panel_counts(*store_)) d.counts = *c;
  d.queue = queue_view_;
  return d;
}

void BoothApp::on_tick() {
  booth_->tick(core::Clock::now());
  if (lock_->tick(Clock::now())) {
    say(std::string(tr(Lang::Zh, "sv.locked_itself")), std::string(tr(Lang::En, "sv.locked_itself")), "lock.idle");
    core::journal::send({.event = "panel_locked", .priority = core::journal::Priority::Info,
                         .message = "the supervisor panel locked itself after a minute untouched",
                         .batch = cfg_.booth.batch, .masked_id = {}, .number = {}, .reason = "idle", .fields = {}});
    refresh();
  }
  static int n = 0;
  if (++n % 20 == 0) {  // every 2 s
    update_health();
    update_queue();
    refresh();
  }
}

// The queue view reads every live number: every 2 s and when the booth's state changes, not on
// each redraw.
void BoothApp::update_queue() {
  auto q = core::queue_view(*store_, std::chrono::system_clock::now(), booth_ ? booth_->current_id_number() : "");
  if (q) queue_view_ = *q;
}

void BoothApp::update_health() {
  std::error_code ec;
  auto space = fs::space(store_->dir(), ec);
  if (!ec) health_.free_disk_bytes = space.available;
  if (auto left = store_->numbers_left()) health_.numbers_left = *left;
}

void BoothApp::set_screen_state() {
  const std::string screen = booth_->screen_name();
  const auto &v = booth_->view();
  screen_action_->set_state(Glib::Variant<Glib::ustring>::create(screen));
  std::string status = "screen=" + screen + ";state=" + core::state_name(v.state) +
                       ";number=" + (v.number ? v.number->text() : "") +
                       ";attempts=" + std::to_string(v.attempts) +
                       ";pass=" + (v.last_pass ? (*v.last_pass ? "1" : "0") : "") +
                       ";supervisor=" + core::supervisor_reason_name(v.supervisor) +
                       ";panel=" + (panel_visible_ ? (lock_->unlocked() ? "open" : "locked") : "hidden") +
                       ";pin_digits=" + std::to_string(lock_->typed()) +
                       ";lockout_s=" + std::to_string(lock_->lockout_left_s(std::chrono::system_clock::now())) +
                       ";outcome=" + said_status_ +
                       ";lang=" + std::string(lang_code(lang_)) +
                       ";camera=" + (health_.camera_ok ? "ok" : "down") +
                       ";models=" + (analyzer_ ? "ready" : "loading") +
                       ";accept_enabled=" + (booth_->review().pass ? "1" : "0") +
                       ";card_warnings=" + std::to_string(booth_->card() ? booth_->card()->warnings.size() : 0) +
                       ";sounds=" + std::to_string(booth_->sounds_requested()) +
                       ";queue=" + (queue_view_ ? std::to_string(queue_view_->done) + "/" + std::to_string(queue_view_->roster) : "") +
                       ";last_hour=" + (queue_view_ ? std::to_string(queue_view_->last_hour) : "") +
                       ";eta_min=" + (queue_view_ && queue_view_->eta_min ? std::to_string(*queue_view_->eta_min) : "") +
                       ";left=" + (queue_view_ ? std::to_string(queue_view_->left_without_number) : "") +
                       ";export_progress=" + export_progress_ +
                       ";message=" + ui::pick(lang_, said_zh_, said_en_);
  status_action_->set_state(Glib::Variant<Glib::ustring>::create(status));
}

void BoothApp::refresh() {
  if (!window_ || !booth_) return;
  const auto state = booth_->state();
  // Timing marks for the performance log.
  if (state != last_state_) {
    if (state == core::State::Review && capture_started_ != Clock::time_point{})
      capture_to_review_ms_.add(ms_since(capture_started_));
    if (state == core::State::Done && flow_started_ != Clock::time_point{}) flow_ms_.add(ms_since(flow_started_));
    last_state_ = state;
    update_queue();
  }
  // Live-view time counts while the live picture is on screen (not behind the identity screen).
  const std::string screen = booth_->screen_name();
  const bool on_live = screen == "live" || screen == "countdown";
  if (on_live && !on_live_) live_since_ = Clock::now();
  if (!on_live && on_live_) live_seconds_ += ms_since(live_since_) / 1000.0;
  on_live_ = on_live;
  accept_action_->set_enabled(booth_->state() == core::State::Review && booth_->review().pass);
  window_->refresh(*booth_, lang_, health_);
  panel_->refresh(*booth_, lang_, health_, lock_->unlocked(), lock_->typed(), ui::pick(lang_, said_zh_, said_en_),
                  panel_data());
  if (!panel_window_) panel_->set_visible(panel_visible_);
  set_screen_state();
}

void BoothApp::write_perf_log() {
  if (opts_.perf_log.empty()) return;
  std::ofstream out(opts_.perf_log);
  const Samples paint = window_ ? window_->live().paint_ms() : Samples{};
  auto line = [&](const char *name, const Samples &s) {
    out << name << " n=" << s.count() << " median=" << s.quantile(0.5) << " p95=" << s.quantile(0.95)
        << " max=" << s.quantile(1.0) << "\n";
  };
  double live_s = live_seconds_;
  if (on_live_) live_s += ms_since(live_since_) / 1000.0;
  const long painted = window_ ? window_->live().frames_painted() : 0;
  out << "startup_to_ready_ms " << startup_ms_ << "\n";
  out << "startup_to_models_loaded_ms " << models_ms_ << "\n";
  // Frames handed to the live view while it was on screen, and frames GTK actually painted.
  out << "live_seconds " << live_s << " frames_delivered " << live_frames_ << " fps_delivered "
      << (live_s > 0 ? live_frames_ / live_s : 0) << " frames_painted " << painted << " fps_painted "
      << (live_s > 0 ? painted / live_s : 0) << "\n";
  line("paint_ms", paint);
  line("main_queue_job_ms", main_job_ms_);
  line("frame_clock_interval_ms", frame_interval_ms_);
  line("capture_to_review_ms", capture_to_review_ms_);
  line("card_to_done_ms", flow_ms_);
  if (pipeline_) {
    line("decode_ms", pipeline_->decode_ms());
    line("guidance_ms", pipeline_->guidance_ms());
  }
  if (analysis_) line("check_ms", analysis_->check_ms());
}

int run_booth(const AppOptions &opts) {
  BoothApp app(opts);
  return app.run();
}

} // namespace gradbooth::ui
