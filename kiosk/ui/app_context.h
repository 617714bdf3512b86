// What the running booth's parts share: the config with the command line's overrides, the
// batch's store, the booth, the panel's lock, the screens and what the panel said last. app.cpp
// builds it; the device wiring, the actions, the export job and the status report each use the
// parts they need, all on the main thread.
#pragma once

#include "app.h"
#include "booth/booth.h"
#include "booth/catalogue.h"
#include "booth/health.h"
#include "booth/main_queue.h"
#include "booth/panel_message.h"
#include "booth/sound.h"
#include "core/config.h"
#include "core/panel_views.h"
#include "core/store.h"
#include "core/supervisor_lock.h"

#include <functional>
#include <memory>
#include <optional>

namespace Gtk {
class Window;
}

namespace gradbooth::ui {

class BoothWindow;
class SupervisorPanel;

struct AppContext {
  AppOptions opts;
  core::Config cfg;
  std::optional<core::Store> store;
  std::unique_ptr<core::SupervisorLock> lock;
  std::unique_ptr<MainQueue> queue;
  std::unique_ptr<SoundPort> sound;  // before booth: the booth plays through it
  std::unique_ptr<Booth> booth;
  BoothWindow *window = nullptr;
  SupervisorPanel *panel = nullptr;
  Gtk::Window *panel_window = nullptr;  // second monitor, when there is one
  Lang lang = Lang::Zh;
  Health health;
  bool panel_visible = false;
  PanelMessage said;
  std::optional<core::QueueView> queue_view;  // the roster's progress, kept fresh by refresh_queue()
  std::function<void()> refresh;              // redraw the screens and the status line

  // The supervisor's actions need the panel on show and unlocked.
  bool panel_open() const { return panel_visible && lock->unlocked(); }
};

// Reads the config (with the command line's overrides), opens the batch's store (opening the
// same batch after a crash is the recovery), sets up the panel's lock and imports --roster.
Status open_booth(AppContext &ctx);

}  // namespace gradbooth::ui
