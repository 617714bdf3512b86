// The real PC/SC rig for tests and the benchmark: pcscd (via pcsc_rig.sh) + vpcd +
// gradbooth-card-emulator as a child process we steer through its stdin.
#pragma once

#include "idcard/card_reader.h"
#include "reader_events.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

extern char **environ;

namespace gradbooth::test {

using namespace std::chrono_literals;

inline std::string env_or(const char *name, const std::string &fallback) {
  const char *v = std::getenv(name);
  return v && *v ? v : fallback;
}

inline int vpcd_port() { return std::stoi(env_or("GRADBOOTH_VPCD_PORT", "30963")); }
inline std::string source_root() { return env_or("GRADBOOTH_SOURCE_ROOT", "."); }
inline std::string build_root() { return env_or("GRADBOOTH_BUILD_ROOT", "."); }
inline std::string rig_script() { return source_root() + "/tests/support/pcsc_rig.sh"; }
inline std::string rig_state() { return build_root() + "/idcard-pcsc-rig"; }
inline std::string test_roster() { return source_root() + "/tests/integration/idcard/test_roster.csv"; }
inline std::string emulator_path() { return build_root() + "/tests/emulators/card/gradbooth-card-emulator"; }

// Runs the rig script; returns its exit status (77 = pcscd or vpcd not installed).
inline int rig(const std::string &verb) {
  const std::string cmd = "'" + rig_script() + "' " + verb + " '" + rig_state() + "' " + std::to_string(vpcd_port());
  const int rc = std::system(cmd.c_str());
  return WIFEXITED(rc) ? WEXITSTATUS(rc) : 1;
}

// Starts pcscd once for the whole test program and stops it at exit; exits 77 when the rig's
// parts are not installed (meson: skipped, never passed).
inline void ensure_pcscd() {
  static bool started = false;
  if (started) return;
  const int rc = rig("start");
  if (rc == 77) std::_Exit(77);
  if (rc == 75) {  // another program's pcscd holds the machine's only PC/SC socket
    std::fprintf(stderr, "SKIPPED: a pcscd this test did not start is running; not ours to stop\n");
    std::_Exit(77);
  }
  if (rc != 0) {
    std::fprintf(stderr, "cannot start the PC/SC rig (see %s/pcscd.log)\n", rig_state().c_str());
    std::_Exit(1);
  }
  started = true;
  std::atexit([] { rig("stop"); });
}

// The emulator's stdout comes back through a pipe: its lines are kept for assertions (lines(),
// count_lines()) and appended to rig_state()/emulator.log as before, for reading after a failure.
class EmulatorProcess {
public:
  // Over vpcd by default; pass pty_link to serve a pseudo-terminal instead (serial transport).
  explicit EmulatorProcess(std::vector<std::string> extra_args, const std::string &pty_link = {}) {
    int in[2], out[2];
    if (::pipe2(in, O_CLOEXEC) != 0) return;
    if (::pipe2(out, O_CLOEXEC) != 0) {
      ::close(in[0]);
      ::close(in[1]);
      return;
    }
    std::vector<std::string> args = {emulator_path(), "--roster", test_roster()};
    if (pty_link.empty()) {
      args.push_back("--vpcd-port");
      args.push_back(std::to_string(vpcd_port()));
    } else {
      args.push_back("--pty");
      args.push_back(pty_link);
    }
    args.insert(args.end(), extra_args.begin(), extra_args.end());
    std::vector<char *> argv;
    for (auto &a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_adddup2(&fa, in[0], 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    ::mkdir(rig_state().c_str(), 0755);
    if (posix_spawn(&pid_, argv[0], &fa, nullptr, argv.data(), environ) != 0) pid_ = -1;
    posix_spawn_file_actions_destroy(&fa);
    ::close(in[0]);
    ::close(out[1]);
    stdin_ = in[1];
    // Ends when the emulator's stdout closes (it exited or was killed).
    reader_ = std::thread([this, fd = out[0]] {
      FILE *log = std::fopen((rig_state() + "/emulator.log").c_str(), "a");
      std::string partial;
      char buf[512];
      ssize_t n;
      while ((n = ::read(fd, buf, sizeof buf)) > 0) {
        if (log) {
          std::fwrite(buf, 1, static_cast<std::size_t>(n), log);
          std::fflush(log);
        }
        partial.append(buf, static_cast<std::size_t>(n));
        std::lock_guard lock(lines_mutex_);
        for (std::size_t nl; (nl = partial.find('\n')) != std::string::npos; partial.erase(0, nl + 1))
          lines_.push_back(partial.substr(0, nl));
        lines_cv_.notify_all();
      }
      if (log) std::fclose(log);
      ::close(fd);
    });
  }
  EmulatorProcess(const EmulatorProcess &) = delete;
  EmulatorProcess &operator=(const EmulatorProcess &) = delete;
  ~EmulatorProcess() {
    if (stdin_ >= 0) ::close(stdin_);
    if (pid_ > 0) {
      ::kill(pid_, SIGTERM);
      ::waitpid(pid_, nullptr, 0);
    }
    if (reader_.joinable()) reader_.join();
  }
  bool running() const { return pid_ > 0; }
  void command(const std::string &line) {
    const std::string l = line + "\n";
    if (stdin_ >= 0) (void)!::write(stdin_, l.data(), l.size());
  }

  // The lines the emulator printed so far ("ready", "placed 0 张伟", "sam reset 1", …).
  std::vector<std::string> lines() {
    std::lock_guard lock(lines_mutex_);
    return lines_;
  }
  int count_lines(const std::string &prefix) {
    std::lock_guard lock(lines_mutex_);
    return count_locked(prefix);
  }
  // The emulator prints a line before it sends that answer; the pipe may still hold it.
  bool wait_lines(const std::string &prefix, int n, std::chrono::milliseconds limit = 10000ms) {
    std::unique_lock lock(lines_mutex_);
    return lines_cv_.wait_for(lock, limit, [&] { return count_locked(prefix) >= n; });
  }

private:
  pid_t pid_ = -1;
  int stdin_ = -1;
  std::thread reader_;
  std::mutex lines_mutex_;
  std::condition_variable lines_cv_;
  std::vector<std::string> lines_;
  int count_locked(const std::string &prefix) const {
    return static_cast<int>(std::count_if(lines_.begin(), lines_.end(), [&](const std::string &l) { return l.starts_with(prefix); }));
  }
};

// The card on the reader taken away and roster row `index` placed instead; true once the reader
// reported both the removal and the new placement.
inline bool swap_card(EmulatorProcess &emu, ReaderUnderTest &r, int index) {
  const int placed = r.log.count<idcard::CardPlaced>(), removed = r.log.count<idcard::CardRemoved>();
  emu.command("remove");
  if (!r.log.wait_count<idcard::CardRemoved>(removed + 1)) return false;
  emu.command("place " + std::to_string(index));
  return r.log.wait_count<idcard::CardPlaced>(placed + 1);
}

inline idcard::TransportConfig pcsc_config() {
  idcard::TransportConfig c = quick_config("pcsc", 50, 3000);
  c.reader = "Virtual PCD";
  return c;
}

}  // namespace gradbooth::test
