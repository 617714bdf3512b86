// Card placed → CardPlaced delivered, through libpcsclite → pcscd → vpcd → emulator.
// Usage: bench_card_read [--reads N] [--poll-ms MS]   (defaults: 200 reads, the shipped 200 ms poll)
// Needs pcscd + vsmartcard-vpcd; run from a build dir (or set GRADBOOTH_SOURCE_ROOT/BUILD_ROOT).
#include "pcsc_fixture.h"

#include <algorithm>
#include <cstring>
#include <numeric>
#include <random>

using namespace gradbooth;
using namespace gradbooth::idcard;
using namespace gradbooth::test;

int main(int argc, char **argv) {
  int reads = 200, poll_ms = 200;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (std::strcmp(argv[i], "--reads") == 0) reads = std::atoi(argv[i + 1]);
    else if (std::strcmp(argv[i], "--poll-ms") == 0) poll_ms = std::atoi(argv[i + 1]);
  }
  if (!std::getenv("GRADBOOTH_SOURCE_ROOT")) ::setenv("GRADBOOTH_SOURCE_ROOT", GRADBOOTH_BENCH_SOURCE_ROOT, 1);
  if (!std::getenv("GRADBOOTH_BUILD_ROOT")) ::setenv("GRADBOOTH_BUILD_ROOT", GRADBOOTH_BENCH_BUILD_ROOT, 1);
  ensure_pcscd();
  EmulatorProcess emu({"--start-empty"});
  EventLog log;
  TransportConfig cfg = pcsc_config();
  cfg.poll_interval_ms = poll_ms;
  CardReader reader(cfg, log.sink());
  reader.start();
  std::this_thread::sleep_for(1s);  // emulator connected, reader polling

  std::vector<double> ms;
  // Cards arrive at random moments relative to the poll loop, as students do.
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> jitter(0, 2 * poll_ms);
  for (int i = 0; i < reads; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(jitter(rng)));
    const auto t0 = std::chrono::steady_clock::now();
    emu.command("place " + std::to_string(i % 7));
    if (!log.wait_count<CardPlaced>(i + 1, 5000ms)) {
      std::fprintf(stderr, "read %d: no CardPlaced within 5 s\n", i);
      return 1;
    }
    std::chrono::steady_clock::time_point t1;
    {
      std::lock_guard lock(log.m);
      t1 = log.when.back();
    }
    ms.push_back(std::chrono::duration<double, std::milli>(t1 - t0).count());
    emu.command("remove");
    if (!log.wait_count<CardRemoved>(i + 1, 5000ms)) {
      std::fprintf(stderr, "read %d: no CardRemoved within 5 s\n", i);
      return 1;
    }
  }
  reader.stop();
  std::sort(ms.begin(), ms.end());
  auto pct = [&](double p) { return ms[std::min(ms.size() - 1, static_cast<std::size_t>(p * (ms.size() - 1) + 0.5))]; };
  const double mean = std::accumulate(ms.begin(), ms.end(), 0.0) / static_cast<double>(ms.size());
  std::printf("bench_card_read: %zu reads through pcscd+vpcd, poll %d ms: card placed -> identity delivered\n", ms.size(), poll_ms);
  std::printf("  min %.1f ms  median %.1f ms  mean %.1f ms  p95 %.1f ms  max %.1f ms  (limit 600 ms: %s)\n", ms.front(), pct(0.5), mean,
              pct(0.95), ms.back(), pct(0.95) <= 600 ? "met" : "MISSED");
  std::printf("  faults seen: %d\n", log.count<ReaderFault>());
  return 0;
}
