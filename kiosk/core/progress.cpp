#include "progress.h"

#include <sys/ioctl.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>

namespace gradbooth::core {

namespace {

int terminal_width(std::FILE *to) {
  winsize ws{};
  if (::ioctl(::fileno(to), TIOCGWINSZ, &ws) == 0 && ws.ws_col > 20) return ws.ws_col;
  return 80;
}

// Cuts a UTF-8 string to at most `max` bytes without splitting a character.
std::string_view cut_utf8(std::string_view s, std::size_t max) {
  if (s.size() <= max) return s;
  std::size_t n = max;
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return s.substr(0, n);
}

}  // namespace

ProgressDisplay::ProgressDisplay(std::string label, Mode mode, std::FILE *to) : label_(std::move(label)), mode_(mode), to_(to) {
  if (mode_ == Mode::Auto) mode_ = ::isatty(::fileno(to_)) ? Mode::Bar : Mode::Lines;
}

ProgressDisplay::~ProgressDisplay() { finish(); }

std::string ProgressDisplay::clock_text(double seconds) {
  if (!std::isfinite(seconds) || seconds < 0) return "--:--";
  const long s = std::lround(seconds);
  char buf[32];
  if (s >= 3600) std::snprintf(buf, sizeof buf, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60, s % 60);
  else std::snprintf(buf, sizeof buf, "%ld:%02ld", s / 60, s % 60);
  return buf;
}

std::string ProgressDisplay::bar_text(int done, int total, double rate_per_s, std::string_view item, int width) {
  const int cells = 24;
  const int filled = total > 0 ? std::clamp(done * cells / total, 0, cells) : 0;
  std::string line =
      "[" + std::string(static_cast<std::size_t>(filled), '#') + std::string(static_cast<std::size_t>(cells - filled), ' ') + "] ";
  char buf[96];
  const double left = rate_per_s > 0 ? (total - done) / rate_per_s : NAN;
  std::snprintf(buf, sizeof buf, "%d/%d  %.1f/s  %s left", done, total, rate_per_s, clock_text(left).c_str());
  line += buf;
  const int room = width - static_cast<int>(line.size()) - 3;
  if (room > 8 && !item.empty()) line += "  " + std::string(cut_utf8(item, static_cast<std::size_t>(room)));
  return line;
}

void ProgressDisplay::step(int done, int total, std::string_view item) {
  if (mode_ == Mode::Quiet) return;
  if (mode_ == Mode::Lines) {
    std::fprintf(to_, "%s %d/%d %.*s\n", label_.c_str(), done, total, static_cast<int>(item.size()), item.data());
    std::fflush(to_);
    return;
  }
  // A terminal: redraw at most 10 times a second, and always the last step.
  const auto now = Clock::now();
  if (drawn_ && done < total && now - last_draw_ < std::chrono::milliseconds(100)) return;
  last_draw_ = now;
  const double elapsed = std::chrono::duration<double>(now - start_).count();
  const double rate = elapsed > 0 ? done / elapsed : 0;
  const int width = terminal_width(to_) - static_cast<int>(label_.size()) - 1;
  std::fprintf(to_, "\r\033[K%s %s", label_.c_str(), bar_text(done, total, rate, item, width).c_str());
  std::fflush(to_);
  drawn_ = true;
}

ProgressFn ProgressDisplay::fn() {
  return [this](int done, int total, std::string_view item) { step(done, total, item); };
}

void ProgressDisplay::finish() {
  if (mode_ == Mode::Bar && drawn_) {
    std::fputc('\n', to_);
    std::fflush(to_);
  }
  drawn_ = false;
}

std::optional<ProgressLine> parse_progress_line(std::string_view line) {
  if (!line.empty() && line.back() == '\n') line.remove_suffix(1);
  const auto space = line.find(' ');
  if (space == 0 || space == std::string_view::npos) return std::nullopt;
  ProgressLine p;
  p.label = std::string(line.substr(0, space));
  std::string_view rest = line.substr(space + 1);
  // DONE/TOTAL: digits only, 0 ≤ done ≤ total.
  auto number = [&rest](int &out) {
    std::size_t n = 0;
    long long v = 0;
    while (n < rest.size() && n < 9 && rest[n] >= '0' && rest[n] <= '9') v = v * 10 + (rest[n++] - '0');
    if (n == 0) return false;
    out = static_cast<int>(v);
    rest.remove_prefix(n);
    return true;
  };
  if (!number(p.done) || rest.empty() || rest.front() != '/') return std::nullopt;
  rest.remove_prefix(1);
  if (!number(p.total) || p.done > p.total) return std::nullopt;
  if (!rest.empty()) {
    if (rest.front() != ' ') return std::nullopt;
    p.item = std::string(rest.substr(1));
  }
  return p;
}

}  // namespace gradbooth::core
