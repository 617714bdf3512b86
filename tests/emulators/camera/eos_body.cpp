#include "eos_body.h"

#include "ptp_codes.h"

#include <algorithm>
#include <chrono>
#include <thread>

namespace gradbooth::emu {

// What libgphoto2 checks to take its EOS path: vendor extension 11 and, among the
// operations, EOS RemoteRelease/RemoteReleaseOn, GetEvent, SetDevicePropValueEx,
// GetViewFinderData. Only operations this body implements are listed.
Bytes EosBody::device_info(const EmulatorConfig &cfg) {
  Writer w;
  w.u16(100).u32(kVendorCanon).u16(100).str("").u16(0);
  w.u16_array({OC_GetDeviceInfo,
               OC_OpenSession,
               OC_CloseSession,
               OC_GetStorageIDs,
               OC_GetStorageInfo,
               OC_GetObjectHandles,
               OC_GetObjectInfo,
               OC_GetObject,
               OC_DeleteObject,
               OC_GetPartialObject,
               OC_EosGetStorageIDs,
               OC_EosGetStorageInfo,
               OC_EosRemoteRelease,
               OC_EosSetDevicePropValueEx,
               OC_EosSetRemoteMode,
               OC_EosSetEventMode,
               OC_EosGetEvent,
               OC_EosTransferComplete,
               OC_EosPCHDDCapacity,
               OC_EosSetUILock,
               OC_EosResetUILock,
               OC_EosKeepDeviceOn,
               OC_EosRequestDevicePropValue,
               OC_EosRemoteReleaseOn,
               OC_EosRemoteReleaseOff,
               OC_EosSetRequestOLCInfoGroup,
               OC_EosGetViewFinderData,
               OC_EosAfCancel});
  w.u16_array({EC_ObjectAdded, 0xC181, 0xC186, 0xC189, 0xC18A, 0xC1A5});
  w.u16_array({});
  w.u16_array({OFC_EXIF_JPEG});
  w.u16_array({OFC_EXIF_JPEG, OFC_Association});
  w.str("Canon Inc.").str(cfg.model).str("3-1.0.4").str(cfg.serial);
  return std::move(w.data());
}

std::uint16_t EosBody::standard_twin(std::uint16_t code) {
  // The EOS storage operations answer like the standard ones.
  if (code == OC_EosGetStorageIDs) return OC_GetStorageIDs;
  if (code == OC_EosGetStorageInfo) return OC_GetStorageInfo;
  return 0;
}

bool EosBody::handle(bool *done) {
  Faults &f = link_.config().faults;
  const PtpOp &op = link_.op();
  *done = true;
  switch (op.code) {
  case OC_EosPCHDDCapacity:
    // The host says how much room it has: with it as destination, shots are countable.
    report(EOS_AvailableShots);
    return link_.respond(RC_OK);
  case OC_EosSetRemoteMode:
  case OC_EosSetRequestOLCInfoGroup:
  case OC_EosSetUILock:
  case OC_EosResetUILock:
  case OC_EosKeepDeviceOn:
  case OC_EosAfCancel: return link_.respond(RC_OK);
  case OC_EosSetEventMode:
    // Event mode on: the next GetEvent reports every property, as a body does.
    if (op.params[0] != 0 && !reported_) {
      reported_ = true;
      report_all();
    }
    return link_.respond(RC_OK);
  case OC_EosGetEvent: return link_.data_and_ok(events_.drain());
  case OC_EosRequestDevicePropValue: report(static_cast<std::uint16_t>(op.params[0])); return link_.respond(RC_OK);
  case OC_EosSetDevicePropValueEx: {
    // Data: u32 size, u32 property, value (numbers in 4 bytes).
    if (link_.op_data().size() < 12) return link_.respond(RC_GeneralError);
    const auto code = static_cast<std::uint16_t>(get32(&link_.op_data()[4]));
    const std::uint32_t value = get32(&link_.op_data()[8]);
    if (code == EOS_CaptureDestination) dest_ = value;
    else if (code == EOS_EVFOutputDevice) evf_output_ = value;
    else if (code == EOS_EVFMode) evf_mode_ = value;
    else return link_.respond(RC_DevicePropNotSupported);
    if (link_.config().verbose) std::fprintf(stderr, "emu: EOS prop 0x%04x = %u\n", code, value);
    report(code);                                                    // the body confirms the new value through its event stream
    if (code == EOS_CaptureDestination) report(EOS_AvailableShots);  // counted for the new place
    return link_.respond(RC_OK);
  }
  case OC_EosRemoteReleaseOn:
  case OC_EosRemoteRelease: {
    // RemoteReleaseOn: 1 = half press (focus), 2 = full press, 3 = full press without the
    // half-press step. RemoteRelease (older bodies): both at once, the result in Param1.
    const bool old_style = op.code == OC_EosRemoteRelease;
    const std::uint32_t press = old_style ? 3 : op.params[0];
    if (press == 1 || press == 3) {
      if (f.asleep > 0) {
        --f.asleep;
        return true;
      }
      if (f.busy > 0) return link_.busy();
      if (f.af_fail > 0) {
        // No focus lock: the half press reports it and the shutter stays shut.
        --f.af_fail;
        journal("AF-FAILED", op.code);
        focus_failed_ = true;
        if (old_style) return link_.respond(RC_OK, {1 /*"perhaps no focus"*/});
        events_.focus_result(false);
        return link_.respond(RC_OK);
      }
      focus_failed_ = false;
      if (press == 1) {
        events_.focus_result(true);
        return link_.respond(RC_OK);
      }
    }
    if (focus_failed_) return link_.respond(RC_OK);  // the shutter does not fire without focus
    shoot();
    return old_style ? link_.respond(RC_OK, {0}) : link_.respond(RC_OK);
  }
  case OC_EosRemoteReleaseOff:
    if (op.params[0] == 1) focus_failed_ = false;
    return link_.respond(RC_OK);
  case OC_EosGetViewFinderData: {
    if (!(evf_output_ & 2)) return link_.respond(RC_EosNotReady);  // frames go to the rear screen
    if (f.asleep > 0) {
      --f.asleep;
      return true;
    }
    if (f.busy > 0) return link_.busy();
    if (f.slow_frames_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(f.slow_frames_ms));
    // One blob: u32 length (with this 8-byte header), u32 type 1 = JPEG, the JPEG.
    const Bytes jpeg = link_.config().liveview->next_jpeg();
    Writer w;
    w.u32(static_cast<std::uint32_t>(8 + jpeg.size())).u32(1).bytes(jpeg);
    return link_.data_and_ok(w.data());
  }
  case OC_GetPartialObject: {
    auto *store = ram_.count(op.params[0]) ? &ram_ : &link_.card();
    auto it = store->find(op.params[0]);
    if (it == store->end()) return link_.respond(RC_InvalidObjectHandle);
    const Bytes &d = it->second.bytes();
    const std::size_t at = std::min<std::size_t>(op.params[1], d.size());
    const std::size_t n = std::min<std::size_t>(op.params[2], d.size() - at);
    if (f.drop_mid_object > 0) {
      --f.drop_mid_object;
      // A cable pulled mid-download.
      link_.send_half(d.data() + at, n);
      return false;
    }
    if (!link_.send_data(Bytes(d.begin() + static_cast<long>(at), d.begin() + static_cast<long>(at + n))) ||
        !link_.respond(RC_OK, {static_cast<std::uint32_t>(n)}))
      return false;
    if (at + n == d.size()) journal("DOWNLOADED %u %s %zu\n", it->first, it->second.name, d.size());
    return true;
  }
  case OC_EosTransferComplete: {
    // The host has the shot: the body frees its RAM.
    auto it = ram_.find(op.params[0]);
    if (it == ram_.end()) return link_.respond(RC_InvalidObjectHandle);
    journal("RELEASED %u %s %zu\n", it->first, it->second.name, it->second.bytes().size());
    ram_.erase(it);
    return link_.respond(RC_OK);
  }
  default: *done = false; return true;
  }
}

// The full press: the shot goes where the capture destination says. To the host it waits
// in RAM until the host has fetched it; to the card it is an ordinary object.
void EosBody::shoot() {
  if (dest_ == kEosDestHost) {
    const std::uint32_t h = link_.shoot(ram_, "IMG");
    if (h) events_.request_transfer(h, static_cast<std::uint32_t>(ram_[h].bytes().size()), ram_[h].name);
  } else {
    const std::uint32_t h = link_.shoot(link_.card(), "IMG");
    if (h) events_.object_added(h, kStorageId, static_cast<std::uint32_t>(link_.card()[h].bytes().size()), link_.card()[h].name);
  }
}

void EosBody::report(std::uint16_t code) {
  switch (code) {
  case EOS_FocusMode: events_.prop(code, 0u /*one-shot AF*/); break;
  case EOS_BatteryPower: events_.prop(code, battery_code(link_.config().battery)); break;
  case EOS_ModelID: events_.prop(code, 0x80000349u); break;
  case EOS_AvailableShots: events_.prop(code, link_.config().faults.no_card && dest_ != kEosDestHost ? 0u : 999u); break;
  case EOS_CaptureDestination:
    events_.prop(code, dest_);
    events_.choices(code, {kEosDestCard, kEosDestHost});
    break;
  case EOS_SerialNumber: events_.prop(code, link_.config().serial); break;
  case EOS_EVFOutputDevice: events_.prop(code, evf_output_); break;
  case EOS_EVFMode: events_.prop(code, evf_mode_); break;
  case EOS_Owner:
  case EOS_Artist:
  case EOS_Copyright: events_.prop(code, std::string()); break;
  default: break;
  }
}

void EosBody::report_all() {
  for (std::uint16_t code : {EOS_FocusMode, EOS_BatteryPower, EOS_ModelID, EOS_CaptureDestination, EOS_AvailableShots, EOS_SerialNumber,
                             EOS_EVFOutputDevice, EOS_EVFMode})
    report(code);
}

}  // namespace gradbooth::emu
