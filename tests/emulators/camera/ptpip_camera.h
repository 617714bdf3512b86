// An emulated DSLR speaking PTP/IP on two loopback ports, good enough for libgphoto2's
// stock ptp2 driver, as one of two bodies:
//  - nikon: session, device info, storage, capture with ObjectAdded/CaptureComplete events,
//    object download and delete, Nikon live view, battery level;
//  - canon: a Canon EOS body (vendor extension 11 and the EOS operations libgphoto2 keys its
//    EOS code path on): remote release with a half-press focus result, GetEvent polling
//    (property values, shots waiting in RAM or added to the card), viewfinder frames, the
//    EOS property setter, partial-object download and TransferComplete;
//  and the same switchable faults on both.
#pragma once

#include "frame_source.h"

#include <cstdint>
#include <map>
#include <memory>
#include <string>

namespace gradbooth::emu {

struct Faults {
  int busy = 0;             // the next N capture / live-view requests answer DeviceBusy
  int drop_mid_object = 0;  // the next N GetObject transfers stop halfway and the link drops
  int no_object_added = 0;  // the next N captures never announce their file
  int slow_frames_ms = 0;   // every live-view frame is this late
  int stale_object = 0;     // the next N captures announce the previous shot's file again
  int asleep = 0;           // the next N capture / live-view requests get no answer at all
  bool no_card = false;     // no storage: GetStorageIDs is empty, capture fails
  int af_fail = 0;          // the next N shots find no focus: nothing is shot, the body says so
};

struct EmulatorConfig {
  int port = 15740, event_port = 15741;  // 0 = pick a free one
  std::unique_ptr<LiveViewSource> liveview;
  std::unique_ptr<CaptureSource> captures;  // null with --captures-from-liveview
  Faults faults;
  int battery = 80;
  std::string vendor = "nikon";  // "nikon" or "canon"
  std::string model = "GB-EMU D1";
  std::string serial = "GB0000001";
  bool once = false;  // exit after the first session ends
  bool verbose = false;
};

// Listens, then serves one connection at a time forever (or once).
int run_emulator(EmulatorConfig cfg);

}  // namespace gradbooth::emu
