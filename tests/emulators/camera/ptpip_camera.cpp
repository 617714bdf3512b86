#include "ptpip_camera.h"

#include "ptp_packet.h"
#include "ptpip_session.h"
#include "ptpip_socket.h"

#include <unistd.h>

#include <cstdio>

namespace gradbooth::emu {

namespace {

// Init handshake on both channels; returns false if the host gave up or spoke nonsense.
bool handshake(const EmulatorConfig &cfg, int cmd, int evt_listen, int *evt) {
  Packet pkt;
  if (!read_packet(cmd, &pkt) || pkt.type != kInitCommandRequest) return false;
  Writer ack;
  ack.u32(1 /*connection number*/);
  for (int i = 0; i < 16; ++i) ack.u8(static_cast<std::uint8_t>(0xA0 + i));  // camera GUID
  ack.wstr(cfg.model).u32(0x00010000);
  if (!send_packet(cmd, kInitCommandAck, ack.data())) return false;
  *evt = accept_nodelay(evt_listen, 5000);
  if (*evt < 0) return false;
  if (!read_packet(*evt, &pkt) || pkt.type != kInitEventRequest) return false;
  return send_packet(*evt, kInitEventAck, {});
}

}  // namespace

int run_emulator(EmulatorConfig cfg) {
  const int cmd_listen = listen_on(cfg.port);
  const int evt_listen = listen_on(cfg.event_port);
  if (cmd_listen < 0 || evt_listen < 0) return 1;
  std::printf("READY %d %d\n", bound_port(cmd_listen), bound_port(evt_listen));
  std::fflush(stdout);
  // The card's contents outlive a connection, like a real camera's.
  ObjectStore objects;
  std::uint32_t next_handle = 1;
  unsigned sessions = 0;
  for (;;) {
    const int cmd = accept_nodelay(cmd_listen, -1);
    if (cmd < 0) continue;
    int evt = -1;
    if (handshake(cfg, cmd, evt_listen, &evt)) {
      if (cfg.verbose) std::fprintf(stderr, "emu: session open\n");
      journal("SESSION", ++sessions);
      Session(cfg, objects, next_handle, cmd, evt).run();
      if (cfg.verbose) std::fprintf(stderr, "emu: session closed\n");
    }
    ::close(cmd);
    if (evt >= 0) ::close(evt);
    if (cfg.once) return 0;
  }
}

}  // namespace gradbooth::emu
