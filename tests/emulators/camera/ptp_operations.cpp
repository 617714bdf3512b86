// The standard PTP operations of the emulated body (the Nikon path, and what a Canon body does
// not answer itself): device info, storage, objects, capture, battery, Nikon live view.
#include "ptpip_session.h"

#include "ptp_codes.h"
#include "ptp_packet.h"

#include <chrono>
#include <thread>

namespace gradbooth::emu {

namespace {

// Nikon live-view data starts with a binary header before the JPEG; libgphoto2 looks for
// the JPEG start marker, so the header's content does not matter, only that it is there.
constexpr std::size_t kLiveViewHeader = 384;

}  // namespace

bool Session::handle() {
  Faults &f = cfg_.faults;
  if (eos_) {
    if (const std::uint16_t twin = EosBody::standard_twin(op_.code)) op_.code = twin;
    bool done = false;
    const bool alive = eos_->handle(&done);
    if (done) return alive;
  }
  switch (op_.code) {
  case OC_GetDeviceInfo: return data_and_ok(device_info());
  case OC_OpenSession:
  case OC_CloseSession: return respond(RC_OK);
  case OC_GetStorageIDs: {
    Writer w;
    w.u32_array(f.no_card ? std::vector<std::uint32_t>{} : std::vector<std::uint32_t>{kStorageId});
    return data_and_ok(w.data());
  }
  case OC_GetStorageInfo:
    if (f.no_card || op_.params[0] != kStorageId) return respond(RC_StoreNotAvailable);
    return data_and_ok(storage_info());
  case OC_GetObjectHandles: {
    std::vector<std::uint32_t> handles;
    if (!f.no_card)
      for (const auto &[h, o] : objects_) handles.push_back(h);
    Writer w;
    w.u32_array(handles);
    return data_and_ok(w.data());
  }
  case OC_GetObjectInfo: {
    auto it = objects_.find(op_.params[0]);
    if (it == objects_.end()) return respond(RC_InvalidObjectHandle);
    return data_and_ok(object_info(it->first, it->second));
  }
  case OC_GetObject: {
    auto it = objects_.find(op_.params[0]);
    if (it == objects_.end()) return respond(RC_InvalidObjectHandle);
    if (f.drop_mid_object > 0) {
      --f.drop_mid_object;
      // Announce the whole file, send half of it, and vanish: a cable pulled mid-download.
      send_half(it->second.bytes().data(), it->second.bytes().size());
      return false;
    }
    if (!data_and_ok(it->second.bytes())) return false;
    journal("DOWNLOADED %u %s %zu\n", it->first, it->second.name, it->second.bytes().size());
    return true;
  }
  case OC_DeleteObject: {
    auto it = objects_.find(op_.params[0]);
    if (it == objects_.end()) return respond(RC_InvalidObjectHandle);
    journal("DELETED %u %s %zu\n", it->first, it->second.name, it->second.bytes().size());
    objects_.erase(it);
    return respond(RC_OK);
  }
  case OC_InitiateCapture: {
    if (f.asleep > 0) {
      --f.asleep;  // swallow the request: the host times out on its own
      return true;
    }
    if (f.busy > 0) return busy();
    if (f.no_card) return respond(RC_StoreNotAvailable);
    if (f.af_fail > 0) {
      // A Nikon body answers the trigger itself with "out of focus"; nothing is shot.
      --f.af_fail;
      journal("AF-FAILED", op_.code);
      return respond(RC_NikonOutOfFocus);
    }
    const std::uint32_t announce = shoot(objects_, "DSC");
    if (!respond(RC_OK)) return false;
    if (announce == 0) return true;  // the shutter fired but the camera never says where the file is
    return send_event(EC_ObjectAdded, {announce}) && send_event(EC_CaptureComplete, {op_.tid});
  }
  case OC_GetDevicePropDesc: {
    Writer w;
    if (op_.params[0] == DPC_BatteryLevel) {
      w.u16(DPC_BatteryLevel).u16(0x0002 /*UINT8*/).u8(0).u8(100).u8(static_cast<std::uint8_t>(cfg_.battery));
      w.u8(1 /*range*/).u8(0).u8(100).u8(1);
      return data_and_ok(w.data());
    }
    return respond(RC_DevicePropNotSupported);
  }
  case OC_GetDevicePropValue: {
    Writer w;
    if (op_.params[0] == DPC_BatteryLevel) {
      w.u8(static_cast<std::uint8_t>(cfg_.battery));
      return data_and_ok(w.data());
    }
    if (op_.params[0] == DPC_NikonLiveViewStatus) {
      w.u8(liveview_ ? 1 : 0);
      return data_and_ok(w.data());
    }
    return respond(RC_DevicePropNotSupported);
  }
  case OC_SetDevicePropValue: return respond(RC_DevicePropNotSupported);
  case OC_NikonDeviceReady: return respond(RC_OK);
  case OC_NikonStartLiveView: liveview_ = true; return respond(RC_OK);
  case OC_NikonEndLiveView: liveview_ = false; return respond(RC_OK);
  case OC_NikonGetLiveViewImg: {
    if (!liveview_) return respond(RC_NikonNotLiveView);
    if (f.asleep > 0) {
      --f.asleep;
      return true;
    }
    if (f.busy > 0) return busy();
    if (f.slow_frames_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(f.slow_frames_ms));
    Bytes data(kLiveViewHeader, 0);
    Bytes jpeg = cfg_.liveview->next_jpeg();
    data.insert(data.end(), jpeg.begin(), jpeg.end());
    return data_and_ok(data);
  }
  default: return respond(RC_OperationNotSupported);
  }
}

Bytes Session::device_info() {
  if (eos_) return EosBody::device_info(cfg_);
  Writer w;
  w.u16(100).u32(kVendorNikon).u16(100).str("microsoft.com: 1.0").u16(0);
  w.u16_array({OC_GetDeviceInfo, OC_OpenSession, OC_CloseSession, OC_GetStorageIDs, OC_GetStorageInfo, OC_GetObjectHandles,
               OC_GetObjectInfo, OC_GetObject, OC_DeleteObject, OC_InitiateCapture, OC_GetDevicePropDesc, OC_GetDevicePropValue,
               OC_SetDevicePropValue, OC_NikonDeviceReady, OC_NikonStartLiveView, OC_NikonEndLiveView, OC_NikonGetLiveViewImg});
  w.u16_array({EC_ObjectAdded, EC_CaptureComplete});
  w.u16_array({DPC_BatteryLevel});
  w.u16_array({OFC_EXIF_JPEG});
  w.u16_array({OFC_EXIF_JPEG, OFC_Association});
  w.str("Nikon Corporation").str(cfg_.model).str("V1.00").str(cfg_.serial);
  return std::move(w.data());
}

Bytes Session::storage_info() {
  Writer w;
  w.u16(4 /*removable RAM*/).u16(2 /*hierarchical*/).u16(0 /*read-write*/);
  w.u64(32ull << 30).u64(16ull << 30).u32(1000).str("SD card").str("GRADBOOTH");
  return std::move(w.data());
}

Bytes Session::object_info(std::uint32_t handle, const StoredObject &o) {
  (void)handle;
  Writer w;
  w.u32(kStorageId).u16(OFC_EXIF_JPEG).u16(0).u32(static_cast<std::uint32_t>(o.bytes().size()));
  w.u16(0).u32(0).u32(0).u32(0);  // no thumbnail
  w.u32(0).u32(0).u32(24);        // pixel size unknown to the emulator
  w.u32(0 /*root*/).u16(0).u32(0).u32(0);
  w.str(o.name).str("20260701T093000").str("20260701T093000").str("");
  return std::move(w.data());
}

}  // namespace gradbooth::emu
