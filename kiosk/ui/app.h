// The gradbooth daemon: loads the config and the batch, starts the card reader, the camera
// and the analyzer, shows the booth fullscreen, tells systemd when it is ready and pings the
// watchdog from the main loop, and shuts down cleanly on SIGTERM. Every button is a GAction
// on the application (org.gtk.Actions over D-Bus), so tests and the demo drive the real UI.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

namespace gradbooth::ui {

struct AppOptions {
  std::optional<std::filesystem::path> config;    // else core's lookup order
  std::optional<std::filesystem::path> data_dir;  // overrides [booth].data_dir
  std::string batch;                              // overrides [booth].batch
  std::string lang;                               // overrides [ui].language
  std::string camera_port;                        // overrides [camera].port
  std::string camera_replay;                      // a video / JPEG folder instead of gphoto2
  std::string card_transport;                     // overrides [card].transport; "none" = no reader
  std::string roster;                             // import this roster file at start
  std::string landmark_model;                     // overrides [standard].landmark_model
  std::string perf_log;                           // write timing figures here at exit
  std::string app_id = "org.gradbooth.Booth";
  bool windowed = false;   // no fullscreen (development)
  bool test_port = false;  // adds test-card / test-card-removed actions
  int panel_lock_s = 60;   // the open panel locks itself after this long untouched
  int pin_backoff_s = 30;  // the first lockout after 5 wrong PINs (then doubling)
};

// Runs until quit or SIGTERM; returns the process exit status.
int run_booth(const AppOptions &opts);

}  // namespace gradbooth::ui
