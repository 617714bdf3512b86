// Every button of the booth as a named GAction on the application, declared in one table (as GTK
// apps declare GActionEntry arrays): name → handler. The student's buttons, the panel's keypad
// and buttons, and the test port's fake card all take this path, whether from a tap or from a
// D-Bus Activate (tests, the demo), so adding an action is adding one row.
#pragma once

#include "app_context.h"
#include "device_wiring.h"
#include "export_job.h"

#include <gtkmm/application.h>

#include <string>

namespace gradbooth::ui {

// What the handlers act on.
struct ActionHost {
  AppContext &ctx;
  DeviceWiring &devices;
  ExportJob &exports;
};

enum class Access {
  Anyone,      // the student's buttons, opening the panel, its keypad
  Supervisor,  // needs the open, unlocked panel; each use keeps it from locking itself
  TestPort,    // only with --test-port
};

struct ActionEntry {
  const char *name;
  bool takes_text;  // a string parameter (the panel's buttons send "" where a reason may be typed)
  Access access;
  void (*run)(ActionHost &host, const std::string &arg);
};

// Adds the table's actions to `app`; each redraws the booth after it ran. `host` must outlive `app`.
void install_actions(Gtk::Application &app, ActionHost &host);

// Main loop tick: the open panel locks itself after the idle time (said on the panel, journalled).
// True when it just locked.
bool lock_when_idle(AppContext &ctx);

}  // namespace gradbooth::ui
