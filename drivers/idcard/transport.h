// The one small interface every cable hides behind: send a SAM frame, receive a SAM frame.
#pragma once

#include "gradbooth/result.h"
#include "idcard/card_reader.h"
#include "idcard/sam_frame.h"

#include <atomic>
#include <chrono>
#include <memory>
#include <string>

namespace gradbooth::idcard {

// Error codes a transport returns, so CardReader can branch without parsing text:
//   card.absent         PC/SC: no card in the reader's field (same meaning as SW3 80)
//   card.no_sam         a plain contactless reader: it sees a card but cannot read ID data
//   card.transport.gone the device went away (unplug, pcscd restart): close and reopen
//   card.transport.timeout no (complete) answer in time
//   card.frame.*        a malformed answer (see sam_frame.h)
class Transport {
public:
  virtual ~Transport() = default;
  virtual Status open() = 0;  // find and claim the device; safe to call again after close()
  virtual void close() = 0;   // idempotent
  virtual bool is_open() const = 0;
  virtual Status send(const Bytes &frame) = 0;
  // One whole frame (preamble to checksum), or an error.
  virtual Result<Bytes> receive(std::chrono::milliseconds timeout) = 0;
  virtual std::string describe() const = 0;
  // Called from another thread by CardReader::stop(): make a blocking receive() return soon.
  virtual void interrupt() {}
};

// Serial and USB readers carry SAM frames as a byte stream: what they read goes into a frame
// assembler until a whole frame is there, the deadline passes or interrupt() is called.
class ByteStreamTransport : public Transport {
public:
  void interrupt() override { interrupted_ = true; }

protected:
  explicit ByteStreamTransport(TransportConfig cfg) : cfg_(std::move(cfg)) {}

  TransportConfig cfg_;
  std::atomic<bool> interrupted_{false};
  sam::FrameAssembler asm_;
};

Result<std::unique_ptr<Transport>> make_transport(const TransportConfig &cfg);

std::unique_ptr<Transport> make_pcsc_transport(const TransportConfig &cfg);
std::unique_ptr<Transport> make_serial_transport(const TransportConfig &cfg);
std::unique_ptr<Transport> make_usb_transport(const TransportConfig &cfg);

}  // namespace gradbooth::idcard
