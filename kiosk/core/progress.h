// Progress of a long operation (batch, export, verify, merge, roster import). Core functions take
// a ProgressFn and call it after each item; the admin tool shows it with ProgressDisplay: a bar
// with count, rate and time left when the stream is a terminal, one line per step when it is not
// (a log, a pipe), nothing when quiet. The display writes to stderr so stdout stays the result.
#pragma once

#include <chrono>
#include <cstdio>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

namespace gradbooth::core {

// Called as each item is taken up: done counts 1..total; item names it ("photos/0042.jpg").
using ProgressFn = std::function<void(int done, int total, std::string_view item)>;

// One step line as Mode::Lines writes it ("export 12/800 photos/0042.jpg"), read back by whoever
// runs the admin tool (the booth's panel shows its export's progress).
struct ProgressLine {
  std::string label;
  int done = 0;
  int total = 0;
  std::string item;
};
// None for any other line (errors, notes): the caller keeps those as they are.
std::optional<ProgressLine> parse_progress_line(std::string_view line);

class ProgressDisplay {
public:
  enum class Mode { Auto, Bar, Lines, Quiet };  // Auto: Bar on a terminal, else Lines

  ProgressDisplay(std::string label, Mode mode = Mode::Auto, std::FILE *to = stderr);
  ~ProgressDisplay();
  ProgressDisplay(const ProgressDisplay &) = delete;
  ProgressDisplay &operator=(const ProgressDisplay &) = delete;

  void step(int done, int total, std::string_view item);
  ProgressFn fn();  // step() as a ProgressFn (the display must outlive the call)
  void finish();    // ends the bar's line (also done by the destructor)
  Mode mode() const { return mode_; }

  // "0:07", "1:02:03": the time-left text.
  static std::string clock_text(double seconds);
  // The bar line without the leading \r, for tests: "[#####     ] 12/40  3.1/s  0:09 left  item".
  static std::string bar_text(int done, int total, double rate_per_s, std::string_view item, int width);

private:
  using Clock = std::chrono::steady_clock;
  std::string label_;
  Mode mode_;
  std::FILE *to_;
  Clock::time_point start_ = Clock::now();
  Clock::time_point last_draw_{};
  bool drawn_ = false;
};

}  // namespace gradbooth::core
