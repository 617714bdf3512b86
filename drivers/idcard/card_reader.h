// CardReader: one device thread that polls the reader (find → select → read) and tells the
// booth when an ID card arrives and leaves. Hardware sits behind idcard::Transport.
#pragma once

#include "gradbooth/result.h"
#include "idcard/card_identity.h"
#include "idcard/transport_config.h"

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <variant>

namespace gradbooth::idcard {

struct CardPlaced {
  CardIdentity identity;
};
struct CardRemoved {};
// Shown to the photographer
struct ReaderFault {
  Error error;
  bool recovering;
};
using CardEvent = std::variant<CardPlaced, CardRemoved, ReaderFault>;

class Transport;

class CardReader {  // owns its device thread
public:
  CardReader(TransportConfig cfg, std::function<void(const CardEvent &)> on_event);  // callback runs on the device thread
  // For tests: a reader over a transport built elsewhere (pty, fake).
  CardReader(std::unique_ptr<Transport> transport, TransportConfig cfg, std::function<void(const CardEvent &)> on_event);
  CardReader(const CardReader &) = delete;
  CardReader &operator=(const CardReader &) = delete;
  ~CardReader();

  void start();
  void stop();  // returns promptly (< 500 ms)

private:
  void run();
  bool sleep_for(std::chrono::milliseconds d);  // false when stop was asked

  TransportConfig cfg_;
  std::function<void(const CardEvent &)> on_event_;
  std::unique_ptr<Transport> transport_;
  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  std::atomic<bool> stop_{false};
};

}  // namespace gradbooth::idcard
