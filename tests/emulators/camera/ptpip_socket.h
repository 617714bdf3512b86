// The PTP/IP wire for the emulator: whole reads and writes, length-prefixed packets, listening
// on loopback and accepting with TCP_NODELAY.
#pragma once

#include "frame_source.h"

#include <cstddef>
#include <cstdint>

namespace gradbooth::emu {

struct Packet {
  std::uint32_t type = 0;
  Bytes payload;
};

bool write_all(int fd, const std::uint8_t *p, std::size_t n);
bool read_all(int fd, std::uint8_t *p, std::size_t n);
bool read_packet(int fd, Packet *pkt);
// One packet: length, type, payload.
bool send_packet(int fd, std::uint32_t type, const Bytes &payload);
// Port 0 picks a free port below the kernel's ephemeral range; an explicit port is retried
// for a while (a restart after a kill). -1 when nothing could be bound.
int listen_on(int port);
int bound_port(int fd);
// The next connection (timeout_ms -1: wait for ever), with TCP_NODELAY; -1 on time-out.
int accept_nodelay(int listen_fd, int timeout_ms);

}  // namespace gradbooth::emu
