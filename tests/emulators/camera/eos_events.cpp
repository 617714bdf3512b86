#include "eos_events.h"

#include "ptp_codes.h"

namespace gradbooth::emu {

namespace {

Bytes record(std::uint32_t type, const Bytes &payload) {
  Writer w;
  w.u32(static_cast<std::uint32_t>(8 + payload.size())).u32(type).bytes(payload);
  return std::move(w.data());
}

void ascii_z(Writer &w, const std::string &s) {
  for (unsigned char c : s) w.u8(c);
  w.u8(0);
}
}  // namespace

std::uint16_t battery_code(int percent) {
  if (percent >= 88) return 2;  // 100%
  if (percent >= 63) return 4;  // 75%
  if (percent >= 38) return 1;  // 50%
  if (percent >= 13) return 5;  // 25%
  return 0;                     // Low
}

void EosEvents::prop(std::uint16_t code, std::uint32_t value) {
  Writer w;
  w.u32(code).u32(value);
  records_.push_back(record(EC_EosPropValueChanged, w.data()));
}

void EosEvents::prop(std::uint16_t code, const std::string &text) {
  Writer w;
  w.u32(code);
  ascii_z(w, text);
  records_.push_back(record(EC_EosPropValueChanged, w.data()));
}

void EosEvents::choices(std::uint16_t code, const std::vector<std::uint32_t> &values) {
  Writer w;
  w.u32(code).u32(3 /*enumeration of 4-byte values*/).u32(static_cast<std::uint32_t>(values.size()));
  for (auto v : values) w.u32(v);
  records_.push_back(record(EC_EosAvailListChanged, w.data()));
}

void EosEvents::request_transfer(std::uint32_t handle, std::uint32_t size, const std::string &name) {
  // oid @8, format @0x0c, size @0x14, name @0x1c (offsets from the record start)
  Writer w;
  w.u32(handle).u16(OFC_EXIF_JPEG).u16(0).u32(0).u32(size).u32(0);
  ascii_z(w, name);
  records_.push_back(record(EC_EosRequestObjectTransfer, w.data()));
}

void EosEvents::object_added(std::uint32_t handle, std::uint32_t storage, std::uint32_t size, const std::string &name) {
  // oid @8, storage @0x0c, format @0x10, size @0x1c, parent @0x20, name @0x28
  Writer w;
  w.u32(handle).u32(storage).u16(OFC_EXIF_JPEG).u16(0).u32(0).u32(0).u32(size).u32(0 /*root*/).u32(0);
  ascii_z(w, name);
  records_.push_back(record(EC_EosObjectAddedEx, w.data()));
}

void EosEvents::focus_result(bool locked) {
  // u32 length (record size - 8), u16 mask, u16 pad, then one 6-byte focus-info block.
  // libgphoto2 prints the block as hex and reads "…0000200…" as "no focus".
  Writer w;
  w.u32(4 + 2 + 2 + 6).u16(kEosOlcFocusInfo).u16(0);
  if (locked) w.u8(0).u8(0).u8(0).u8(0).u8(1).u8(0);
  else w.u8(0).u8(0).u8(2).u8(0).u8(0).u8(0);
  records_.push_back(record(EC_EosOLCInfoChanged, w.data()));
}

Bytes EosEvents::drain() {
  Writer w;
  while (!records_.empty()) {
    w.bytes(records_.front());
    records_.pop_front();
  }
  w.u32(8).u32(0);  // end of the block
  return std::move(w.data());
}

}  // namespace gradbooth::emu
