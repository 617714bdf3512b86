// The SAM frame protocol every ID card reader speaks, whatever the cable (IDCARD.md §Frame).
// Pure bytes in, bytes out: no I/O here.
#pragma once

#include "gradbooth/result.h"

#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace gradbooth::idcard {

using Bytes = std::vector<std::uint8_t>;

namespace sam {

inline constexpr std::uint8_t kPreamble[5] = {0xAA, 0xAA, 0xAA, 0x96, 0x69};
inline constexpr std::size_t kHeaderSize = 7;  // preamble + LEN
// Largest LEN we accept: text + photo + fingerprint (2×512) answers are ~2.3 KB.
inline constexpr std::size_t kMaxLen = 4096;
inline constexpr std::size_t kMinCommandLen = 3;   // CMD PARA CHK
inline constexpr std::size_t kMinResponseLen = 4;  // SW1 SW2 SW3 CHK

// CMD << 8 | PARA
enum class Command : std::uint16_t {
  ResetSam = 0x10FF,
  SamStatus = 0x11FF,
  ReadSamId = 0x12FF,
  FindCard = 0x2001,
  SelectCard = 0x2002,
  ReadText = 0x3001,
  ReadTextFingerprint = 0x3010,
  ReadNewAddress = 0x3003,
};

namespace sw3 {
inline constexpr std::uint8_t kOk = 0x90;
inline constexpr std::uint8_t kFindOk = 0x9F;
inline constexpr std::uint8_t kNoContent = 0x91;
inline constexpr std::uint8_t kFindFailed = 0x80;
inline constexpr std::uint8_t kSelectFailed = 0x81;
inline constexpr std::uint8_t kReadFailed = 0x41;
}  // namespace sw3

struct CommandFrame {
  std::uint8_t cmd = 0, para = 0;
  Bytes data;
  Command command() const { return static_cast<Command>((cmd << 8) | para); }
};

struct ResponseFrame {
  std::uint8_t sw3 = 0;
  Bytes data;
};

std::uint8_t checksum(std::span<const std::uint8_t> from_len_to_last_data);

Bytes encode_command(Command c, std::span<const std::uint8_t> data = {});
Bytes encode_response(std::uint8_t sw3, std::span<const std::uint8_t> data = {});

// One complete frame (preamble … CHK) → its parts. Leading garbage before the preamble is
// skipped; bytes after the frame are an error (use FrameAssembler for streams).
Result<CommandFrame> decode_command(std::span<const std::uint8_t> frame);
Result<ResponseFrame> decode_response(std::span<const std::uint8_t> frame);

// The SW3 a command answers with when it worked (9F for find card, 90 otherwise).
std::uint8_t success_sw3(Command c);
// Typed error "card.sw3.XX" with an English and a Chinese sentence for any status byte.
Error sw3_error(std::uint8_t sw3);
// Ok when the answer's SW3 means success for this command, else sw3_error().
Status check_sw3(Command c, std::uint8_t sw3);

// Cuts a byte stream (serial, USB) into frames: resynchronises on the preamble after garbage,
// rejects oversize and short LEN, verifies the checksum.
class FrameAssembler {
public:
  void feed(std::span<const std::uint8_t> bytes);
  // A whole frame when one is complete; an error for a frame that was rejected (its bytes are
  // dropped and the search for the next preamble goes on); nullopt when more bytes are needed.
  std::optional<Result<Bytes>> next();
  // Bytes still needed for the frame in progress (7 for a header, then LEN) — lets a transport
  // read exact lengths.
  std::size_t wanted() const;
  std::size_t garbage_skipped() const { return garbage_; }
  std::size_t buffered() const { return buf_.size(); }
  void clear() { buf_.clear(); }

private:
  Bytes buf_;
  std::size_t garbage_ = 0;
};

}  // namespace sam
}  // namespace gradbooth::idcard
