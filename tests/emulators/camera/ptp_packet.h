// Little-endian PTP / PTP-IP packet building and parsing for the camera emulator.
// PTP/IP: every packet is u32 length (including the 8-byte header) + u32 type + payload.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace gradbooth::emu {

enum PtpIpType : std::uint32_t {
  kInitCommandRequest = 1,
  kInitCommandAck = 2,
  kInitEventRequest = 3,
  kInitEventAck = 4,
  kInitFail = 5,
  kOperationRequest = 6,
  kOperationResponse = 7,
  kEvent = 8,
  kStartData = 9,
  kData = 10,
  kCancel = 11,
  kEndData = 12,
  kProbeRequest = 13,
  kProbeResponse = 14,
};

// Builds a PTP dataset or PTP/IP payload.
class Writer {
public:
  Writer &u8(std::uint8_t v) {
    b_.push_back(v);
    return *this;
  }
  Writer &u16(std::uint16_t v) { return u8(v & 0xff).u8(v >> 8); }
  Writer &u32(std::uint32_t v) { return u16(v & 0xffff).u16(v >> 16); }
  Writer &u64(std::uint64_t v) { return u32(static_cast<std::uint32_t>(v)).u32(static_cast<std::uint32_t>(v >> 32)); }
  // PTP string: u8 count of UTF-16 units including the terminating NUL; "" is a single 0.
  Writer &str(const std::string &ascii) {
    if (ascii.empty()) return u8(0);
    u8(static_cast<std::uint8_t>(ascii.size() + 1));
    for (unsigned char c : ascii) u16(c);
    return u16(0);
  }
  // NUL-terminated UTF-16 without a count, as in the PTP/IP init packets.
  Writer &wstr(const std::string &ascii) {
    for (unsigned char c : ascii) u16(c);
    return u16(0);
  }
  Writer &u16_array(const std::vector<std::uint16_t> &a) {
    u32(static_cast<std::uint32_t>(a.size()));
    for (auto v : a) u16(v);
    return *this;
  }
  Writer &u32_array(const std::vector<std::uint32_t> &a) {
    u32(static_cast<std::uint32_t>(a.size()));
    for (auto v : a) u32(v);
    return *this;
  }
  Writer &bytes(const std::vector<std::uint8_t> &v) {
    b_.insert(b_.end(), v.begin(), v.end());
    return *this;
  }
  std::vector<std::uint8_t> &data() { return b_; }

private:
  std::vector<std::uint8_t> b_;
};

inline std::uint16_t get16(const std::uint8_t *p) { return static_cast<std::uint16_t>(p[0] | (p[1] << 8)); }
inline std::uint32_t get32(const std::uint8_t *p) {
  return static_cast<std::uint32_t>(p[0]) | (static_cast<std::uint32_t>(p[1]) << 8) | (static_cast<std::uint32_t>(p[2]) << 16) |
      (static_cast<std::uint32_t>(p[3]) << 24);
}

}  // namespace gradbooth::emu
