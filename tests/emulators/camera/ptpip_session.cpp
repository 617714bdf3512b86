#include "ptpip_session.h"

#include "ptp_codes.h"
#include "ptp_packet.h"

#include <poll.h>

#include <algorithm>
#include <cstdio>

namespace gradbooth::emu {

Session::Session(EmulatorConfig &cfg, ObjectStore &objects, std::uint32_t &next_handle, int cmd, int evt)
    : cfg_(cfg), objects_(objects), next_handle_(next_handle), cmd_(cmd), evt_(evt) {
  if (cfg.vendor == "canon") eos_ = std::make_unique<EosBody>(*this);
}

void Session::run() {
  for (;;) {
    pollfd p[2] = {{cmd_, POLLIN, 0}, {evt_, POLLIN, 0}};
    if (::poll(p, 2, -1) < 0) return;
    if (p[1].revents) {
      Packet pkt;
      if (!read_packet(evt_, &pkt)) return;
      if (pkt.type == kProbeRequest) send_packet(evt_, kProbeResponse, {});
    }
    if (p[0].revents) {
      Packet pkt;
      if (!read_packet(cmd_, &pkt)) return;
      if (!on_command_packet(pkt)) return;
    }
  }
}

bool Session::on_command_packet(const Packet &pkt) {
  const Bytes &b = pkt.payload;
  switch (pkt.type) {
  case kOperationRequest: {
    if (b.size() < 10) return false;
    op_ = PtpOp{};
    op_.dataphase = get32(&b[0]);
    op_.code = get16(&b[4]);
    op_.tid = get32(&b[6]);
    for (std::size_t i = 10; i + 4 <= b.size() && op_.nparams < 5; i += 4) op_.params[op_.nparams++] = get32(&b[i]);
    if (cfg_.verbose) std::fprintf(stderr, "emu: op 0x%04x tid %u p1 0x%x\n", op_.code, op_.tid, op_.params[0]);
    const bool data_out =
        op_.dataphase == 2 || op_.code == OC_SetDevicePropValue || op_.code == OC_SendObjectInfo || op_.code == OC_SendObject;
    if (data_out) {
      waiting_for_data_ = true;
      return true;
    }
    return handle();
  }
  case kStartData: op_data_.clear(); return true;
  case kData:
  case kEndData:
    if (b.size() >= 4) op_data_.insert(op_data_.end(), b.begin() + 4, b.end());
    if (pkt.type == kEndData && waiting_for_data_) {
      waiting_for_data_ = false;
      return handle();
    }
    return true;
  case kCancel: return true;
  default: return true;
  }
}

bool Session::respond(std::uint16_t code, std::initializer_list<std::uint32_t> params) {
  Writer w;
  w.u16(code).u32(op_.tid);
  for (auto p : params) w.u32(p);
  return send_packet(cmd_, kOperationResponse, w.data());
}

// Like real bodies, large objects go out as several Data packets and a final EndData.
bool Session::send_data(const Bytes &data) {
  constexpr std::size_t kChunk = 1 << 20;
  Writer start;
  start.u32(op_.tid).u64(data.size());
  if (!send_packet(cmd_, kStartData, start.data())) return false;
  std::size_t at = 0;
  do {
    const std::size_t n = std::min(kChunk, data.size() - at);
    const bool last = at + n == data.size();
    Writer hdr;
    hdr.u32(static_cast<std::uint32_t>(8 + 4 + n)).u32(last ? kEndData : kData).u32(op_.tid);
    if (!write_all(cmd_, hdr.data().data(), hdr.data().size()) || !write_all(cmd_, data.data() + at, n)) return false;
    at += n;
  } while (at < data.size());
  return true;
}

void Session::send_half(const std::uint8_t *data, std::size_t n) {
  Writer start;
  start.u32(op_.tid).u64(n);
  send_packet(cmd_, kStartData, start.data());
  Writer hdr;
  hdr.u32(static_cast<std::uint32_t>(8 + 4 + n)).u32(kEndData).u32(op_.tid);
  write_all(cmd_, hdr.data().data(), hdr.data().size());
  write_all(cmd_, data, n / 2);
}

bool Session::send_event(std::uint16_t code, std::initializer_list<std::uint32_t> params) {
  Writer w;
  w.u16(code).u32(0xFFFFFFFF);
  for (auto p : params) w.u32(p);
  return send_packet(evt_, kEvent, w.data());
}

bool Session::busy() {
  --cfg_.faults.busy;
  journal("BUSY", op_.code);
  return respond(RC_DeviceBusy);
}

// The shutter fires: a new file in `store` (the card, or an EOS body's RAM). Returns the
// handle the body announces for it: 0 = none (no-object-added fault); the stale-object fault
// announces the previous shot's file again, put back in `store` if it had gone.
std::uint32_t Session::shoot(ObjectStore &store, const char *prefix) {
  Faults &f = cfg_.faults;
  StoredObject o;
  std::string source_name;
  o.data = std::make_shared<const Bytes>(cfg_.captures ? cfg_.captures->next(&source_name) : cfg_.liveview->current_as_capture());
  char name[32];
  std::snprintf(name, sizeof name, "%s_%04u.JPG", prefix, next_handle_ % 10000);
  o.name = name;
  const std::uint32_t handle = next_handle_++;
  journal("CAPTURED %u %s %zu\n", handle, o.name, o.bytes().size());
  const std::uint32_t previous = last_capture_;
  last_capture_ = handle;
  last_capture_object_ = o;
  store[handle] = std::move(o);
  if (f.stale_object > 0 && previous != 0) {
    --f.stale_object;
    // Seen on some bodies: the event names an earlier shot's file, which is still there.
    store[previous] = previous_object_;
    previous_object_ = last_capture_object_;
    return previous;
  }
  previous_object_ = last_capture_object_;
  if (f.no_object_added > 0) {
    --f.no_object_added;
    return 0;
  }
  return handle;
}

}  // namespace gradbooth::emu
