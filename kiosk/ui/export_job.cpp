#include "export_job.h"

#include "core/journal.h"
#include "core/panel_views.h"
#include "core/progress.h"

#include <glibmm/spawn.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>

#include <sys/wait.h>
#include <unistd.h>

namespace gradbooth::ui {

namespace fs = std::filesystem;

namespace {

// Where gradbooth-admin lives: next to us when installed, ../admin/ in the build tree.
std::string find_admin() {
  std::error_code ec;
  const fs::path self = fs::read_symlink("/proc/self/exe", ec);
  for (const fs::path &p : {self.parent_path() / "gradbooth-admin", self.parent_path() / ".." / "admin" / "gradbooth-admin"})
    if (fs::exists(p, ec)) return p.string();
  return "gradbooth-admin";
}

}  // namespace

void ExportJob::start() {
  const core::Config &cfg = ctx_.cfg;
  std::vector<std::string> argv{find_admin(), "export"};
  if (!cfg.file.empty()) argv.insert(argv.end(), {"--config", cfg.file.string()});
  const fs::path out_dir = core::new_export_folder(*ctx_.store, std::time(nullptr));
  argv.insert(argv.end(), {"--data-dir", cfg.booth.data_dir.string(), "--batch", cfg.booth.batch, "--out", out_dir.string(), "--zip"});
  if (running_) return;
  running_ = true;
  ctx_.said.say_key("sv.exporting", "export.running");
  join();
  progress_.clear();
  thread_ = std::thread([this, argv, out_dir] { run(argv, out_dir); });
}

void ExportJob::join() {
  if (thread_.joinable()) thread_.join();
}

void ExportJob::run(std::vector<std::string> argv, fs::path out_dir) {
  std::string err;
  int status = 0;
  // The admin writes one "export DONE/TOTAL ITEM" line per photo on stderr (not a terminal
  // here): read them as they come and show the count.
  Glib::Pid pid = 0;
  int err_fd = -1;
  try {
    Glib::spawn_async_with_pipes("", argv, Glib::SpawnFlags::DO_NOT_REAP_CHILD | Glib::SpawnFlags::STDOUT_TO_DEV_NULL, {}, &pid, nullptr,
                                 nullptr, &err_fd);
  } catch (const Glib::Error &e) {
    err = e.what();
    status = 1;
  }
  if (err_fd >= 0) {
    std::FILE *in = ::fdopen(err_fd, "r");
    char *line = nullptr;
    std::size_t cap = 0;
    auto last_shown = std::chrono::steady_clock::time_point{};
    while (in && ::getline(&line, &cap, in) > 0) {
      auto step = core::parse_progress_line(line);
      if (!step) {
        err += line;  // an error or a note: said if the export fails
        continue;
      }
      // At most ten updates a second on the main loop, and always the last.
      const auto now = std::chrono::steady_clock::now();
      if (step->done != step->total && now - last_shown < std::chrono::milliseconds(100)) continue;
      last_shown = now;
      const std::string count = std::to_string(step->done) + "/" + std::to_string(step->total);
      ctx_.queue->push([this, count] { show_step(count); });
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
  ctx_.queue->push([this, status, err, out_dir] { finished(status, err, out_dir); });
}

void ExportJob::show_step(std::string count) {
  if (!running_) return;
  progress_ = std::move(count);
  ctx_.said.say_key("sv.exporting_n", "export.running", progress_);
  ctx_.refresh();
}

void ExportJob::finished(int status, std::string err, const fs::path &out_dir) {
  running_ = false;
  namespace jl = core::journal;
  jl::send({.event = "export",
            .priority = status == 0 ? jl::Priority::Notice : jl::Priority::Err,
            .message = status == 0 ? "exported to " + out_dir.string() : "export failed: " + err,
            .batch = ctx_.cfg.booth.batch,
            .masked_id = {},
            .number = {},
            .reason = status == 0 ? "" : err,
            .fields = {{"out", out_dir.string()}}});
  if (status == 0) ctx_.said.say_key("sv.exported", "export.done", out_dir.string());
  else ctx_.said.say_key("sv.export_failed", "export.failed", err);
  ctx_.refresh();
}

}  // namespace gradbooth::ui
