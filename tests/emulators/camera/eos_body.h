// The Canon EOS side of the emulated camera: what an EOS body answers beyond standard PTP,
// as libgphoto2 2.5.30's ptp2 camlib drives it (library.c, config.c: camera_prepare_canon_eos_capture,
// camera_trigger_canon_eos_capture, camera_wait_for_event, camera_capture_preview):
//  - event mode on → the next GetEvent reports every property (battery, capture destination
//    and its choices, available shots, viewfinder output, serial…);
//  - EOS property setter (capture destination, viewfinder output and mode), echoed as events;
//  - remote release: half press → a focus result in the OLC event record (locked, or not
//    with the af-fail fault: then the shutter stays shut), full press → the shot, announced as
//    a RAM transfer (destination host) or an object added to the card;
//  - viewfinder frames once the output includes the PC; partial-object download of RAM shots
//    and TransferComplete, which frees them.
#pragma once

#include "eos_events.h"
#include "session_link.h"

namespace gradbooth::emu {

class EosBody {
public:
  explicit EosBody(SessionLink &link) : link_(link) {}
  static Bytes device_info(const EmulatorConfig &cfg);
  // The standard operation an EOS twin answers like (GetStorageIDs…), 0 if none.
  static std::uint16_t standard_twin(std::uint16_t code);
  // Answers the current operation if it is an EOS matter; *done = false leaves it to the
  // standard handler. Returns false when the link is gone (or dropped on purpose).
  bool handle(bool *done);

private:
  void shoot();
  void report(std::uint16_t property);
  void report_all();

  SessionLink &link_;
  EosEvents events_;
  bool reported_ = false, focus_failed_ = false;
  std::uint32_t dest_ = kEosDestCard, evf_output_ = 1 /*rear screen*/, evf_mode_ = 0;
  ObjectStore ram_;  // shots waiting for the host
};

}  // namespace gradbooth::emu
