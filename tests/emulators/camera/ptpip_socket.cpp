// The PTP/IP wire: whole reads and writes on a socket, length-prefixed packets, the two
// loopback listeners and their accepted connections.
#include "ptpip_socket.h"

#include "ptp_packet.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <ctime>
#include <cstring>
#include <thread>

namespace gradbooth::emu {

bool write_all(int fd, const std::uint8_t *p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool read_all(int fd, std::uint8_t *p, std::size_t n) {
  while (n > 0) {
    ssize_t r = ::recv(fd, p, n, 0);
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

bool read_packet(int fd, Packet *pkt) {
  std::uint8_t hdr[8];
  if (!read_all(fd, hdr, 8)) return false;
  const std::uint32_t len = get32(hdr);
  if (len < 8 || len > (64u << 20)) return false;
  pkt->type = get32(hdr + 4);
  pkt->payload.resize(len - 8);
  return read_all(fd, pkt->payload.data(), pkt->payload.size());
}

bool send_packet(int fd, std::uint32_t type, const Bytes &payload) {
  Writer w;
  w.u32(static_cast<std::uint32_t>(8 + payload.size())).u32(type);
  w.bytes(payload);
  return write_all(fd, w.data().data(), w.data().size());
}

int try_listen(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || ::listen(fd, 4) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Port 0 picks a free port below the kernel's ephemeral range (32768+): a client that keeps
// reconnecting to a stopped emulator could otherwise be handed the very same port as its own
// source port, connect to itself, and keep the emulator from coming back there.
// 25740/25741 are the demo's. An explicit port is retried for a while (a restart after a kill).
int listen_on(int port) {
  if (port == 0) {
    std::srand(static_cast<unsigned>(::getpid() ^ std::time(nullptr)));
    for (int tries = 0; tries < 200; ++tries) {
      const int p = 20000 + std::rand() % 12000;
      if (p == 25740 || p == 25741) continue;
      if (int fd = try_listen(p); fd >= 0) return fd;
    }
  } else {
    for (int tries = 0; tries < 50; ++tries) {
      if (int fd = try_listen(port); fd >= 0) return fd;
      if (tries == 0) std::fprintf(stderr, "gradbooth-camera-emulator: port %d busy (%s), retrying\n", port, std::strerror(errno));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::perror("gradbooth-camera-emulator: bind/listen");
  return -1;
}

int bound_port(int fd) {
  sockaddr_in a{};
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &n);
  return ntohs(a.sin_port);
}

int accept_nodelay(int listen_fd, int timeout_ms) {
  pollfd p{listen_fd, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) != 1) return -1;
  int fd = ::accept(listen_fd, nullptr, nullptr);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

}  // namespace gradbooth::emu
