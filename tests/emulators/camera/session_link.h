// What a body's own operation handler (eos_body.h) may use of the PTP/IP session it runs
// in: the operation being answered, the command channel, the faults, the card and the shutter.
#pragma once

#include "frame_source.h"
#include "ptpip_camera.h"

#include <cstdint>
#include <cstdio>
#include <initializer_list>
#include <map>
#include <memory>
#include <string>

namespace gradbooth::emu {

// Shared so that keeping a shot around for the stale-object fault costs no copy of 10 MB.
struct StoredObject {
  std::shared_ptr<const Bytes> data = std::make_shared<const Bytes>();
  std::string name;
  const Bytes &bytes() const { return *data; }
};
using ObjectStore = std::map<std::uint32_t, StoredObject>;

struct PtpOp {
  std::uint32_t dataphase = 0, tid = 0;
  std::uint16_t code = 0;
  std::uint32_t params[5] = {};
  int nparams = 0;
};

class SessionLink {
public:
  virtual ~SessionLink() = default;
  virtual EmulatorConfig &config() = 0;
  virtual const PtpOp &op() const = 0;
  virtual const Bytes &op_data() const = 0;  // what the host sent with the operation
  virtual ObjectStore &card() = 0;
  // Each returns false when the link is gone.
  virtual bool respond(std::uint16_t code, std::initializer_list<std::uint32_t> params = {}) = 0;
  virtual bool send_data(const Bytes &data) = 0;
  virtual bool data_and_ok(const Bytes &data) = 0;
  virtual bool busy() = 0;  // the busy fault's answer: counted down and journalled
  // Announces n bytes of data, sends half of them and gives up: a cable pulled mid-transfer.
  virtual void send_half(const std::uint8_t *data, std::size_t n) = 0;
  // The shutter fires into `store`; returns the handle to announce, 0 = none (see Session).
  virtual std::uint32_t shoot(ObjectStore &store, const char *prefix) = 0;
};

// One line per camera-side fact on stdout, so tests can check what really happened.
inline void journal(const char *fmt, unsigned handle, const std::string &name, std::size_t size) {
  std::printf(fmt, handle, name.c_str(), size);
  std::fflush(stdout);
}
inline void journal(const char *line, unsigned value) {
  std::printf("%s 0x%04x\n", line, value);
  std::fflush(stdout);
}

}  // namespace gradbooth::emu
