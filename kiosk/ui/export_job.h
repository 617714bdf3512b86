// An export started from the supervisor panel. The admin tool owns exports (gradbooth-admin
// export … --zip); the booth only starts it off the main loop (a big batch takes longer than
// the watchdog allows), shows its progress from the admin's lines and reports how it ended.
#pragma once

#include "app_context.h"

#include <filesystem>
#include <string>
#include <thread>
#include <vector>

namespace gradbooth::ui {

class ExportJob {
public:
  explicit ExportJob(AppContext &ctx) : ctx_(ctx) {}
  ~ExportJob() { join(); }
  ExportJob(const ExportJob &) = delete;
  ExportJob &operator=(const ExportJob &) = delete;

  // Main thread: a new folder under the batch's exports/, named by the time; nothing while one runs.
  void start();
  void join();
  // "12/800": the running (or last) export's step.
  const std::string &progress() const { return progress_; }

private:
  void run(std::vector<std::string> argv, std::filesystem::path out_dir);  // its own thread
  void show_step(std::string count);                                       // main thread
  void finished(int status, std::string err, const std::filesystem::path &out_dir);

  AppContext &ctx_;
  bool running_ = false;
  std::string progress_;
  std::thread thread_;
};

}  // namespace gradbooth::ui
