// Runs gradbooth-camera-emulator as a child process for tests and the benchmark: start it
// on free loopback ports, read its journal (CAPTURED / DOWNLOADED / DELETED lines), pause it
// like a dozing camera, kill it like a pulled cable, bring it back on the same ports.
#pragma once

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

namespace gradbooth::camera::testing {

// Runs `cmd` through the shell and collects what it prints into *out; the exit status, -1 when
// it did not exit normally (the gphoto2 CLI and gradbooth-admin runs).
inline int run_command(const std::string &cmd, std::string *out) {
  FILE *p = ::popen(cmd.c_str(), "r");
  if (!p) return -1;
  char buf[4096];
  while (std::size_t n = std::fread(buf, 1, sizeof buf, p)) out->append(buf, n);
  const int status = ::pclose(p);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

inline std::string emulator_path() {
  const char *root = std::getenv("GRADBOOTH_BUILD_ROOT");
  return std::string(root ? root : ".") + "/tests/emulators/camera/gradbooth-camera-emulator";
}

class EmulatorProcess {
public:
  explicit EmulatorProcess(std::vector<std::string> args) : args_(std::move(args)) {}
  ~EmulatorProcess() { stop(); }
  EmulatorProcess(const EmulatorProcess &) = delete;
  EmulatorProcess &operator=(const EmulatorProcess &) = delete;

  // port 0 = let the emulator pick; a restart passes the previous ports to come back there.
  bool start(int port = 0, int event_port = 0) {
    stop();
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return false;
    std::vector<std::string> argv = {emulator_path(), "--port", std::to_string(port), "--event-port", std::to_string(event_port)};
    argv.insert(argv.end(), args_.begin(), args_.end());
    // Everything the child needs is built before fork(): the parent has other threads (the
    // camera worker), and a malloc between fork and exec can deadlock on their locks.
    std::vector<char *> cargv;
    for (auto &a : argv) cargv.push_back(a.data());
    cargv.push_back(nullptr);
    pid_ = ::fork();
    if (pid_ == 0) {
      ::dup2(fds[1], 1);  // dup2 clears close-on-exec on the copy
      ::execv(cargv[0], cargv.data());
      ::_exit(127);
    }
    ::close(fds[1]);
    // Keep our end far above the low numbers: libgphoto2 2.5.30 closes its PTP/IP command
    // socket twice when a camera is closed, hitting whatever reused that number meanwhile
    // (seen: this very pipe, created while the worker thread dropped a dead camera).
    out_ = ::fcntl(fds[0], F_DUPFD_CLOEXEC, 512);
    ::close(fds[0]);
    ::fcntl(out_, F_SETFL, O_NONBLOCK);
    for (const std::string &line : wait_lines("READY", 10000)) {
      if (std::sscanf(line.c_str(), "READY %d %d", &port_, &event_port_) == 2) return true;
    }
    int status = 0;
    const pid_t done = ::waitpid(pid_, &status, WNOHANG);
    std::fprintf(stderr, "emulator did not report READY (ports %d %d): %s\n", port, event_port,
                 done == pid_ ? ("exited, status " + std::to_string(status)).c_str() : "still running");
    if (std::getenv("GRADBOOTH_EMU_DEBUG")) {
      std::string cmd = "cat /proc/" + std::to_string(pid_) + "/wchan; echo; cat /proc/" + std::to_string(pid_) +
          "/status | head -3; ss -tanp | grep -E ':(" + std::to_string(port) + "|" + std::to_string(event_port) + ")' >&2";
      if (std::system(cmd.c_str()) != 0) std::fprintf(stderr, "(diagnostics failed)\n");
    }
    return false;
  }

  bool restart() { return start(port_, event_port_); }

  void stop() {
    if (pid_ > 0) {
      ::kill(pid_, SIGCONT);
      ::kill(pid_, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
      pid_ = -1;
      read_available(0);  // keep what it said before it went: tests count across restarts
    }
    if (out_ >= 0) ::close(out_);
    out_ = -1;
    pending_.clear();
  }

  void pause() { ::kill(pid_, SIGSTOP); }
  void resume() { ::kill(pid_, SIGCONT); }

  std::string gphoto_port() const { return "ptpip:127.0.0.1:" + std::to_string(port_) + ":" + std::to_string(event_port_); }
  int port() const { return port_; }
  int event_port() const { return event_port_; }

  // Journal lines seen so far (drains the pipe without blocking).
  const std::vector<std::string> &journal() {
    read_available(0);
    return lines_;
  }

  // Waits until a journal line starting with prefix has appeared after `from` lines.
  bool wait_for(const std::string &prefix, std::size_t from, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      for (std::size_t i = from; i < lines_.size(); ++i)
        if (lines_[i].rfind(prefix, 0) == 0) return true;
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return false;
      read_available(static_cast<int>(left.count()));
    }
  }

private:
  std::vector<std::string> wait_lines(const std::string &prefix, int timeout_ms) {
    const std::size_t from = lines_.size();
    wait_for(prefix, from, timeout_ms);
    return {lines_.begin() + static_cast<long>(from), lines_.end()};
  }

  void read_available(int timeout_ms) {
    if (out_ < 0) return;
    pollfd p{out_, POLLIN, 0};
    if (::poll(&p, 1, timeout_ms) <= 0) return;
    char buf[4096];
    for (;;) {
      const ssize_t n = ::read(out_, buf, sizeof buf);
      if (n <= 0) break;
      pending_.append(buf, static_cast<std::size_t>(n));
    }
    for (std::size_t nl; (nl = pending_.find('\n')) != std::string::npos;) {
      lines_.push_back(pending_.substr(0, nl));
      pending_.erase(0, nl + 1);
    }
  }

  std::vector<std::string> args_;
  pid_t pid_ = -1;
  int out_ = -1;
  int port_ = 0, event_port_ = 0;
  std::string pending_;
  std::vector<std::string> lines_;
};

}  // namespace gradbooth::camera::testing
