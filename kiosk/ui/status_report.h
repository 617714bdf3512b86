// What the booth reports about itself: the read-only "screen" and "status" action states the
// tests and the demo read over D-Bus (org.gtk.Actions), the health the welcome screen and the
// panel show, the queue view, and the store's figures the open panel lists.
#pragma once

#include "app_context.h"
#include "supervisor_panel.h"

#include <giomm/simpleaction.h>
#include <gtkmm/application.h>

#include <string>

namespace gradbooth::ui {

// The facts the status line carries besides the booth's own.
struct StatusExtras {
  bool models_ready = false;
  std::string export_progress;
};

// "screen=…;state=…;…;message=…": one line, keys in a fixed order (tests/ui read them by name).
std::string status_line(const AppContext &ctx, const StatusExtras &extras);

class StatusPort {
public:
  // Adds the "screen" and "status" actions (state only) to the application.
  explicit StatusPort(Gtk::Application &app);
  void publish(const AppContext &ctx, const StatusExtras &extras);

private:
  Glib::RefPtr<Gio::SimpleAction> screen_, status_;
};

// Free disk and numbers left, for the welcome screen and the panel.
void refresh_health(AppContext &ctx);
// The queue view reads every live number: every 2 s and when the booth's state changes, not on
// each redraw.
void refresh_queue(AppContext &ctx);
// Read only while the panel is open: the views query the store.
PanelData panel_data(AppContext &ctx);

}  // namespace gradbooth::ui
