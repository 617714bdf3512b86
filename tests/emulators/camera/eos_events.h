// Canon EOS's polled event stream, as libgphoto2's ptp2 camlib decodes it (ptp-pack.c,
// ptp_unpack_CANON_changes): EOS bodies do not push PTP events for what libgphoto2 needs;
// the host calls GetEvent (0x9116) and gets a block of records, each "u32 size, u32 type,
// payload", closed by the record {8, 0}. A record the decoder does not know is skipped.
#pragma once

#include "frame_source.h"  // Bytes
#include "ptp_packet.h"

#include <cstdint>
#include <deque>
#include <string>
#include <vector>

namespace gradbooth::emu {

// The EOS property codes the emulated body reports (libgphoto2 ptp.h names).
enum : std::uint16_t {
  EOS_FocusMode = 0xD108,           // u16; 3 = manual (libgphoto2 then skips the focus wait)
  EOS_BatteryPower = 0xD111,        // u16 level code, see battery_code()
  EOS_ModelID = 0xD116,             // u32
  EOS_AvailableShots = 0xD11B,      // u32; libgphoto2 waits for > 0 after choosing the PC as target
  EOS_CaptureDestination = 0xD11C,  // u32; 4 = host RAM ("Internal RAM"), 2 = card
  EOS_SerialNumber = 0xD1AF,        // string
  EOS_EVFOutputDevice = 0xD1B0,     // u16 mask; bit 1 = PC: live view frames go to the host
  EOS_EVFMode = 0xD1B1,             // u16; 1 = live view enabled
  EOS_Owner = 0xD115,
  EOS_Artist = 0xD1D0,
  EOS_Copyright = 0xD1D1,
};
constexpr std::uint32_t kEosDestCard = 2, kEosDestHost = 4;

// Canon's five battery steps as BatteryPower codes (libgphoto2 shows them as
// "Low" / "25%" / "50%" / "75%" / "100%").
std::uint16_t battery_code(int percent);

class EosEvents {
public:
  void prop(std::uint16_t code, std::uint32_t value);  // PropValueChanged, 4-byte value
  void prop(std::uint16_t code, const std::string &text);
  void choices(std::uint16_t code, const std::vector<std::uint32_t> &values);  // AvailListChanged
  // A shot waiting in the camera's RAM for the host (capture destination = host).
  void request_transfer(std::uint32_t handle, std::uint32_t size, const std::string &name);
  // A shot written to the card (capture destination = card).
  void object_added(std::uint32_t handle, std::uint32_t storage, std::uint32_t size, const std::string &name);
  // The OLC record with the focus result of a half-press: locked or not.
  void focus_result(bool locked);
  bool empty() const { return records_.empty(); }
  // Everything queued, as one GetEvent data block (an empty queue is just the end record).
  Bytes drain();

private:
  std::deque<Bytes> records_;
};

}  // namespace gradbooth::emu
