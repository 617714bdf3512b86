// A CardReader under test and the events it delivers: shared by the unit tests over a fake
// transport, the integration tests over the real PC/SC, serial and USB stacks, and the benchmark.
#pragma once

#include "idcard/card_reader.h"
#include "idcard/transport.h"

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace gradbooth::test {

using namespace std::chrono_literals;

// Collects CardReader events for assertions.
struct EventLog {
  std::mutex m;
  std::condition_variable cv;
  std::vector<idcard::CardEvent> all;
  std::vector<std::chrono::steady_clock::time_point> when;

  std::function<void(const idcard::CardEvent &)> sink() {
    return [this](const idcard::CardEvent &e) {
      if (auto *f = std::get_if<idcard::ReaderFault>(&e)) std::fprintf(stderr, "ReaderFault: %s\n", f->error.message_en.c_str());
      std::lock_guard lock(m);
      all.push_back(e);
      when.push_back(std::chrono::steady_clock::now());
      cv.notify_all();
    };
  }
  template <typename T> int count() {
    std::lock_guard lock(m);
    return count_locked<T>();
  }
  template <typename T> bool wait_count(int n, std::chrono::milliseconds limit = 10000ms) {
    std::unique_lock lock(m);
    return cv.wait_for(lock, limit, [&] { return count_locked<T>() >= n; });
  }
  template <typename T> T last() {
    std::lock_guard lock(m);
    for (auto it = all.rbegin(); it != all.rend(); ++it)
      if (auto *p = std::get_if<T>(&*it)) return *p;
    return T{};
  }
  std::vector<idcard::CardEvent> snapshot() {
    std::lock_guard lock(m);
    return all;
  }

private:
  template <typename T> int count_locked() {
    return static_cast<int>(std::count_if(all.begin(), all.end(), [](const idcard::CardEvent &e) { return std::holds_alternative<T>(e); }));
  }
};

// The events as one line, for assertions that read like the story they check:
// "placed 张伟, removed, fault card.sw3.41, placed 王芳".
inline std::string story(const std::vector<idcard::CardEvent> &events) {
  std::string out;
  for (const auto &e : events) {
    if (!out.empty()) out += ", ";
    if (const auto *p = std::get_if<idcard::CardPlaced>(&e)) out += "placed " + p->identity.name.shown();
    else if (const auto *f = std::get_if<idcard::ReaderFault>(&e)) out += "fault " + f->error.code;
    else out += "removed";
  }
  return out;
}

// A CardReader started at once, its events in `log`. Stop it before counting events.
struct ReaderUnderTest {
  EventLog log;
  idcard::CardReader reader;

  explicit ReaderUnderTest(idcard::TransportConfig cfg) : reader(std::move(cfg), log.sink()) { reader.start(); }
  ReaderUnderTest(std::unique_ptr<idcard::Transport> transport, idcard::TransportConfig cfg)
      : reader(std::move(transport), std::move(cfg), log.sink()) {
    reader.start();
  }
  // Waits for the first fault, lets `linger` pass (a second fault would show), then stops.
  bool first_fault_then_stop(std::chrono::milliseconds linger) {
    const bool faulted = log.wait_count<idcard::ReaderFault>(1);
    std::this_thread::sleep_for(linger);
    reader.stop();
    return faulted;
  }
  // Waits for the first placement, lets `settle` pass with the card lying there, then stops.
  bool first_card_then_stop(std::chrono::milliseconds settle = 0ms) {
    const bool placed = log.wait_count<idcard::CardPlaced>(1);
    std::this_thread::sleep_for(settle);
    reader.stop();
    return placed;
  }
  // Stops the reader; how long stop() took, in ms (tests bound it: a stop must not sit out a wait).
  long long stop_ms() {
    const auto t0 = std::chrono::steady_clock::now();
    reader.stop();
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  }
};

// A reader configuration that polls fast, for `kind` ("pcsc", "serial", "usb").
inline idcard::TransportConfig quick_config(const std::string &kind, int poll_interval_ms, int timeout_ms) {
  idcard::TransportConfig c;
  c.kind = kind;
  c.poll_interval_ms = poll_interval_ms;
  c.timeout_ms = timeout_ms;
  return c;
}

}  // namespace gradbooth::test
