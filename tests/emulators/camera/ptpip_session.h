// One PTP/IP connection of the emulated body: the command and event channels, the operation
// being answered, and the standard PTP operations (ptp_operations.cpp); a Canon body hands its
// own operations to EosBody first.
#pragma once

#include "eos_body.h"
#include "ptp_codes.h"
#include "ptpip_socket.h"
#include "session_link.h"

#include <cstdint>
#include <initializer_list>
#include <memory>

namespace gradbooth::emu {

class Session final : public SessionLink {
public:
  Session(EmulatorConfig &cfg, ObjectStore &objects, std::uint32_t &next_handle, int cmd, int evt);
  // Serves the connection until the host leaves or the link drops.
  void run();

private:
  // The transport (ptpip_session.cpp). false = the link is gone (or we dropped it on purpose).
  bool on_command_packet(const Packet &pkt);
  EmulatorConfig &config() override { return cfg_; }
  const PtpOp &op() const override { return op_; }
  const Bytes &op_data() const override { return op_data_; }
  ObjectStore &card() override { return objects_; }
  bool respond(std::uint16_t code, std::initializer_list<std::uint32_t> params = {}) override;
  bool send_data(const Bytes &data) override;
  bool data_and_ok(const Bytes &data) override { return send_data(data) && respond(RC_OK); }
  void send_half(const std::uint8_t *data, std::size_t n) override;
  bool send_event(std::uint16_t code, std::initializer_list<std::uint32_t> params);
  bool busy() override;
  std::uint32_t shoot(ObjectStore &store, const char *prefix) override;

  // The standard operations (ptp_operations.cpp).
  bool handle();
  Bytes device_info();
  Bytes storage_info();
  Bytes object_info(std::uint32_t handle, const StoredObject &o);

  EmulatorConfig &cfg_;
  ObjectStore &objects_;
  std::uint32_t &next_handle_;
  int cmd_, evt_;
  PtpOp op_;
  bool waiting_for_data_ = false;
  Bytes op_data_;
  bool liveview_ = false;
  std::unique_ptr<EosBody> eos_;  // a Canon EOS body's own operations (null for Nikon)
  std::uint32_t last_capture_ = 0;
  StoredObject last_capture_object_, previous_object_;
};

}  // namespace gradbooth::emu
