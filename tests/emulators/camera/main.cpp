// gradbooth-camera-emulator: a PTP/IP camera on loopback for tests and the demo.
//   --port P --event-port E (0 = free ports; the chosen ones are printed as "READY P E")
//   --liveview VIDEO|DIR  --captures DIR | --captures-from-liveview
//   --vendor nikon|canon (default nikon; canon = a Canon EOS body): picks the body and its
//     model and serial ("GB-EMU D1" / "Canon EOS 5D Mark IV"); a --model or --serial after it renames
//   --fault busy[:N] | drop-mid-object[:N] | no-object-added[:N] | stale-object[:N] | asleep[:N]
//           | af-fail[:N] | slow-frames:MS | no-card
// stdout: "READY P E", then one line per CAPTURED / DOWNLOADED / DELETED / RELEASED file
//   (handle name size; RELEASED = an EOS shot in RAM handed over and freed), and one line per
//   SESSION opened, BUSY answer (op code) and AF-FAILED shot, so tests count what happened.
//   --battery PCT  --model NAME  --serial S  --once  --verbose
#include "ptpip_camera.h"

#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>

namespace {

int usage() {
  std::fprintf(stderr,
               "usage: gradbooth-camera-emulator --port P --event-port E --liveview VIDEO|DIR\n"
               "         (--captures DIR | --captures-from-liveview) [--fault NAME[:N]]...\n"
               "         [--battery PCT] [--model NAME] [--serial S] [--once] [--verbose]\n"
               "         [--vendor nikon|canon]\n"
               "faults: busy[:N] drop-mid-object[:N] no-object-added[:N] stale-object[:N] asleep[:N]\n"
               "        af-fail[:N] slow-frames:MS no-card\n");
  return 2;
}

bool apply_fault(const std::string &spec, gradbooth::emu::Faults &f) {
  const auto colon = spec.find(':');
  const std::string name = spec.substr(0, colon);
  const int n = colon == std::string::npos ? 1 : std::atoi(spec.c_str() + colon + 1);
  if (name == "busy") f.busy = n;
  else if (name == "drop-mid-object") f.drop_mid_object = n;
  else if (name == "no-object-added") f.no_object_added = n;
  else if (name == "slow-frames") f.slow_frames_ms = n;
  else if (name == "stale-object") f.stale_object = n;
  else if (name == "asleep") f.asleep = n;
  else if (name == "no-card") f.no_card = true;
  else if (name == "af-fail") f.af_fail = n;
  else return false;
  return true;
}

}  // namespace

int main(int argc, char **argv) {
  std::signal(SIGPIPE, SIG_IGN);
  gradbooth::emu::EmulatorConfig cfg;
  std::string liveview, captures;
  bool from_liveview = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto value = [&]() -> std::string { return i + 1 < argc ? argv[++i] : ""; };
    if (a == "--port") cfg.port = std::atoi(value().c_str());
    else if (a == "--event-port") cfg.event_port = std::atoi(value().c_str());
    else if (a == "--liveview") liveview = value();
    else if (a == "--captures") captures = value();
    else if (a == "--captures-from-liveview") from_liveview = true;
    else if (a == "--fault") {
      if (!apply_fault(value(), cfg.faults)) return usage();
    } else if (a == "--battery") cfg.battery = std::atoi(value().c_str());
    else if (a == "--model") cfg.model = value();
    else if (a == "--serial") cfg.serial = value();
    else if (a == "--vendor") {
      cfg.vendor = value();
      if (cfg.vendor != "nikon" && cfg.vendor != "canon") return usage();
      const gradbooth::emu::EmulatorConfig defaults;
      cfg.model = cfg.vendor == "canon" ? "Canon EOS 5D Mark IV" : defaults.model;  // a real EOS name
      cfg.serial = cfg.vendor == "canon" ? "083021001234" : defaults.serial;
    } else if (a == "--once") cfg.once = true;
    else if (a == "--verbose") cfg.verbose = true;
    else return usage();
  }
  if (liveview.empty() || (captures.empty() && !from_liveview)) return usage();
  std::string error;
  cfg.liveview = gradbooth::emu::LiveViewSource::open(liveview, &error);
  if (!cfg.liveview) {
    std::fprintf(stderr, "gradbooth-camera-emulator: %s\n", error.c_str());
    return 1;
  }
  if (!captures.empty()) {
    cfg.captures = gradbooth::emu::CaptureSource::open(captures, &error);
    if (!cfg.captures) {
      std::fprintf(stderr, "gradbooth-camera-emulator: %s\n", error.c_str());
      return 1;
    }
  }
  return gradbooth::emu::run_emulator(std::move(cfg));
}
