// gradbooth-card-emulator: an ID card reader (SAM + card) in software, for tests and the demo.
// It speaks to pcscd through vsmartcard's vpcd driver (a TCP client of its port), or to our
// serial transport through a pseudo-terminal.
#include "sam_card_emulator.h"

#include <gradbooth/arg_cursor.h>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <sstream>
#include <string>
#include <thread>

using namespace gradbooth;
using namespace gradbooth::emulator;
using namespace std::chrono_literals;

namespace {

constexpr const char *kHelp = R"(usage: gradbooth-card-emulator (--vpcd-port P | --pty LINK) --roster FILE.csv [options]

Plays a resident-ID-card reader (SAM) with a card on it, for tests and the demo.
  --vpcd-port P      connect to vsmartcard's vpcd driver on HOST:P (pcscd must have it loaded;
                     see tests/support/pcsc_rig.sh); reconnects when pcscd restarts
  --host H           vpcd host (default 127.0.0.1)
  --pty LINK         serve the SAM frame protocol on a pseudo-terminal, symlinked at LINK
                     (what the serial transport opens as its device)
  --roster FILE      UTF-8 CSV, header 学号,姓名,性别,身份证号,学历层次 [,证件类型,有效期至,民族,住址,通行证号]
  --cycle            place each roster student in turn: on the reader --present-ms, then away --absent-ms
  --present-ms N     (default 1500)      --absent-ms N   (default 1000)
  --start-empty      no card on the reader at start (default: the first student's card is on it)
  --start-index N    the roster row placed first (0-based, default 0)
  --fault NAME[:N]   inject a fault N times (default for ever): no-card, remove-mid-read,
                     bad-checksum, sam-41, garbage, reset-refused (repeatable)
  --slow-ms N        delay every answer by N ms
  --sam-delay-ms N   the SAM answers only N ms after power-up (a real one needs ~2000; default 0)
  --plain            be a plain contactless card without SAM: refuses SAM frames, gives a UID
  --chunked          be one vendor's SAM-in-reader device: the PC/SC card is the ID card itself
                     (present only while placed) and FF B0 P1 00 00 returns text/photo chunks
  --apdu-header HEX  CLA INS P1 P2 carrying SAM frames (default "FF 96 00 00")
Commands on stdin, one a line:
  place [N] | remove | next | fault NAME [N] | clear | slow MS | unplug | replug | quit
Prints "ready" once serving, then one line per event ("sam reset N" for each reset SAM answered).
)";

struct Options {
  int vpcd_port = 0;
  std::string host = "127.0.0.1", pty_link, roster;
  bool cycle = false, start_empty = false, plain = false, chunked = false;
  int present_ms = 1500, absent_ms = 1000, slow_ms = 0, sam_delay_ms = 0;
  std::size_t start_index = 0;
  std::vector<std::pair<Fault, int>> faults;
  idcard::Bytes header = {0xFF, 0x96, 0x00, 0x00};
};

std::atomic<bool> g_quit{false}, g_unplugged{false};
std::atomic<int> g_slow_ms{0};
SamCardEmulator *g_emu = nullptr;
bool g_chunked = false;

// The vpcd link drops when quitting, unplugged, or — in chunked mode — when the card leaves.
bool link_down() { return g_quit || g_unplugged || (g_chunked && g_emu && !g_emu->present()); }

void say(const std::string &s) {
  std::printf("%s\n", s.c_str());
  std::fflush(stdout);
}

bool read_exact(int fd, std::uint8_t *p, std::size_t n, bool quickack = false) {
  while (n > 0) {
    if (link_down()) return false;
    if (quickack) {
      // vpcd writes a message's length and its payload separately without TCP_NODELAY: Nagle
      // holds the payload until our ACK, which delayed ACK holds ~40 ms. Acknowledge at once.
      const int one = 1;
      ::setsockopt(fd, IPPROTO_TCP, TCP_QUICKACK, &one, sizeof one);
    }
    pollfd pfd{fd, POLLIN, 0};
    if (::poll(&pfd, 1, 100) <= 0) continue;
    const ssize_t r = ::read(fd, p, n);
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

bool write_all(int fd, const std::uint8_t *p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && (errno == EAGAIN || errno == EINTR)) {
      pollfd pfd{fd, POLLOUT, 0};
      ::poll(&pfd, 1, 100);
      continue;
    }
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// The emulator core's answer; a "reset SAM" it answered is said on stdout ("sam reset N", N
// counting from 1), so tests can count the resets a reader really sent.
idcard::Bytes answer_frame(SamCardEmulator &emu, std::span<const std::uint8_t> frame) {
  const int resets = emu.resets_served();
  idcard::Bytes out = emu.answer(frame);
  if (const int now = emu.resets_served(); now != resets) say("sam reset " + std::to_string(now));
  return out;
}

// Said before the wait, so a test knows a command is in and its answer is still due.
void slow_down() {
  if (int ms = g_slow_ms.load(); ms > 0) {
    say("delay " + std::to_string(ms) + " ms");
    std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  }
}

// One APDU from pcscd → the card's answer (SAM frame + 90 00, or a bare status word).
idcard::Bytes answer_apdu(SamCardEmulator &emu, const Options &o, std::span<const std::uint8_t> apdu,
                          std::chrono::steady_clock::time_point sam_ready) {
  static const idcard::Bytes kUid = {0x04, 0x1A, 0x2B, 0x3C, 0x4D, 0x5E, 0x6F, 0x90, 0x00};
  if (apdu.size() >= 4 && apdu[0] == 0xFF && apdu[1] == 0xCA) return kUid;
  if (o.chunked) {
    if (apdu.size() < 4 || apdu[0] != 0xFF || apdu[1] != 0xB0) return {0x6D, 0x00};
    slow_down();
    idcard::Bytes out = emu.chunk(apdu[2]);
    if (out.empty()) return {0x6A, 0x82};
    out.push_back(0x90);
    out.push_back(0x00);
    return out;
  }
  if (o.plain || apdu.size() < 5 || !std::equal(o.header.begin(), o.header.end(), apdu.begin())) return {0x6D, 0x00};
  std::span<const std::uint8_t> data;
  if (apdu[4] == 0 && apdu.size() >= 7) {  // extended Lc
    const std::size_t lc = (std::size_t{apdu[5]} << 8) | apdu[6];
    if (7 + lc > apdu.size()) return {0x67, 0x00};
    data = apdu.subspan(7, lc);
  } else {
    const std::size_t lc = apdu[4];
    if (5 + lc > apdu.size()) return {0x67, 0x00};
    data = apdu.subspan(5, lc);
  }
  std::this_thread::sleep_until(sam_ready);  // a SAM that is still booting just does not answer yet
  slow_down();
  idcard::Bytes out = answer_frame(emu, data);
  out.push_back(0x90);
  out.push_back(0x00);
  return out;
}

void serve_vpcd(SamCardEmulator &emu, const Options &o) {
  // "3B 80 80 01 01": a minimal T=1 ATR.
  static const idcard::Bytes kAtr = {0x3B, 0x80, 0x80, 0x01, 0x01};
  bool announced = false;
  while (!g_quit) {
    if (link_down()) {
      std::this_thread::sleep_for(50ms);
      continue;
    }
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(static_cast<std::uint16_t>(o.vpcd_port));
    ::inet_pton(AF_INET, o.host.c_str(), &addr.sin_addr);
    if (::connect(fd, reinterpret_cast<sockaddr *>(&addr), sizeof addr) != 0) {
      ::close(fd);
      std::this_thread::sleep_for(100ms);
      continue;
    }
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    if (!announced) say("ready");
    announced = true;
    emu.power_cycle();  // a reader plugged in (again) powers its field: the card is found anew
    say("connected");
    auto sam_ready = std::chrono::steady_clock::now();
    while (!link_down()) {
      std::uint8_t len_be[2];
      if (!read_exact(fd, len_be, 2, true)) break;
      const std::size_t len = (std::size_t{len_be[0]} << 8) | len_be[1];
      idcard::Bytes msg(len);
      if (len > 0 && !read_exact(fd, msg.data(), len, true)) break;
      idcard::Bytes reply;
      if (len == 1) {
        if (msg[0] == 1 || msg[0] == 2) emu.power_cycle();
        if (msg[0] == 1 || msg[0] == 2) sam_ready = std::chrono::steady_clock::now() + std::chrono::milliseconds(o.sam_delay_ms);
        if (msg[0] != 4) continue;  // power off/on/reset: no answer
        reply = kAtr;
      } else {
        reply = answer_apdu(emu, o, msg, sam_ready);
      }
      const std::uint8_t hdr[2] = {static_cast<std::uint8_t>(reply.size() >> 8), static_cast<std::uint8_t>(reply.size() & 0xFF)};
      if (!write_all(fd, hdr, 2) || !write_all(fd, reply.data(), reply.size())) break;
    }
    ::close(fd);
    say("disconnected");
  }
}

void serve_pty(SamCardEmulator &emu, const Options &o) {
  bool announced = false;
  while (!g_quit) {
    if (g_unplugged) {
      std::this_thread::sleep_for(50ms);
      continue;
    }
    const int master = ::posix_openpt(O_RDWR | O_NOCTTY | O_CLOEXEC);
    if (master < 0 || ::grantpt(master) != 0 || ::unlockpt(master) != 0) {
      std::perror("posix_openpt");
      return;
    }
    termios tio{};
    ::tcgetattr(master, &tio);
    ::cfmakeraw(&tio);
    ::tcsetattr(master, TCSANOW, &tio);
    const std::string slave = ::ptsname(master);
    ::unlink(o.pty_link.c_str());
    if (::symlink(slave.c_str(), o.pty_link.c_str()) != 0) {
      std::perror("symlink");
      return;
    }
    if (!announced) say("ready");
    announced = true;
    emu.power_cycle();
    say("plugged " + slave);
    idcard::sam::FrameAssembler in;
    while (!g_quit && !g_unplugged) {
      pollfd pfd{master, POLLIN, 0};
      const int r = ::poll(&pfd, 1, 100);
      if (r <= 0) continue;
      if (!(pfd.revents & POLLIN)) {  // no one has the slave open yet
        std::this_thread::sleep_for(20ms);
        continue;
      }
      std::uint8_t buf[1024];
      const ssize_t n = ::read(master, buf, sizeof buf);
      if (n <= 0) {
        std::this_thread::sleep_for(20ms);
        continue;
      }
      in.feed(std::span(buf, static_cast<std::size_t>(n)));
      while (auto f = in.next()) {
        if (!*f) continue;  // a broken command: a real SAM stays silent
        slow_down();
        const idcard::Bytes out = answer_frame(emu, f->value());
        write_all(master, out.data(), out.size());
      }
    }
    ::unlink(o.pty_link.c_str());
    ::close(master);
    say("unplugged");
  }
}

void read_commands(SamCardEmulator &emu, std::size_t &next) {
  std::string line;
  while (!g_quit && std::getline(std::cin, line)) {
    std::istringstream in(line);
    std::string cmd;
    in >> cmd;
    if (cmd == "place") {
      std::size_t n = next;
      in >> n;
      emu.place(n);
      next = n + 1;
      say("placed " + std::to_string(n % emu.size()) + " " + emu.card(n).identity.name.shown());
    } else if (cmd == "next") {
      emu.place(next);
      say("placed " + std::to_string(next % emu.size()) + " " + emu.card(next).identity.name.shown());
      ++next;
    } else if (cmd == "remove") {
      emu.remove();
      say("removed");
    } else if (cmd == "fault") {
      std::string name;
      int count = -1;
      in >> name >> count;
      auto f = parse_fault(name);
      if (f) emu.add_fault(*f, count);
      say(f ? "fault " + name : "unknown fault " + name);
    } else if (cmd == "clear") {
      emu.clear_faults();
      g_slow_ms = 0;
      say("cleared");
    } else if (cmd == "slow") {
      int ms = 0;
      in >> ms;
      g_slow_ms = ms;
      say("slow " + std::to_string(ms));
    } else if (cmd == "unplug") {
      g_unplugged = true;
    } else if (cmd == "replug") {
      g_unplugged = false;
    } else if (cmd == "quit") {
      break;
    } else if (!cmd.empty()) {
      say("unknown command " + cmd);
    }
  }
  // End of input only ends the program when asked to: the demo runs us with stdin closed.
  if (!std::cin) return;
  g_quit = true;
}

}  // namespace

int main(int argc, char **argv) {
  Options o;
  ArgCursor args(argc, argv, "gradbooth-card-emulator");
  while (args.next()) {
    const std::string &a = args.arg();
    auto value = [&args] { return args.value(); };
    if (a == "--help" || a == "-h") {
      std::fputs(kHelp, stdout);
      return 0;
    } else if (a == "--vpcd-port") o.vpcd_port = std::stoi(value());
    else if (a == "--host") o.host = value();
    else if (a == "--pty") o.pty_link = value();
    else if (a == "--roster") o.roster = value();
    else if (a == "--cycle") o.cycle = true;
    else if (a == "--present-ms") o.present_ms = std::stoi(value());
    else if (a == "--absent-ms") o.absent_ms = std::stoi(value());
    else if (a == "--start-empty") o.start_empty = true;
    else if (a == "--start-index") o.start_index = std::stoul(value());
    else if (a == "--slow-ms") o.slow_ms = std::stoi(value());
    else if (a == "--sam-delay-ms") o.sam_delay_ms = std::stoi(value());
    else if (a == "--plain") o.plain = true;
    else if (a == "--chunked") o.chunked = true;
    else if (a == "--apdu-header") {
      std::istringstream in(value());
      std::string tok;
      o.header.clear();
      while (in >> tok) o.header.push_back(static_cast<std::uint8_t>(std::stoul(tok, nullptr, 16)));
    } else if (a == "--fault") {
      const std::string v = value();
      const auto colon = v.find(':');
      auto f = parse_fault(v.substr(0, colon));
      if (!f) {
        std::fprintf(stderr, "%s\n", f.error().message_en.c_str());
        return 2;
      }
      o.faults.emplace_back(*f, colon == std::string::npos ? -1 : std::stoi(v.substr(colon + 1)));
    } else {
      std::fprintf(stderr, "unknown option %s\n\n%s", a.c_str(), kHelp);
      return 2;
    }
  }
  if ((o.vpcd_port == 0) == o.pty_link.empty() || o.roster.empty()) {
    std::fputs(kHelp, stderr);
    return 2;
  }
  auto roster = load_roster(o.roster);
  if (!roster) {
    std::fprintf(stderr, "%s\n", roster.error().message_en.c_str());
    return 2;
  }
  SamCardEmulator emu(std::move(roster.value()));
  g_emu = &emu;
  g_chunked = o.chunked;
  for (auto [f, n] : o.faults) emu.add_fault(f, n);
  g_slow_ms = o.slow_ms;
  std::size_t next = o.start_index;
  if (!o.start_empty && !o.cycle) emu.place(next++);

  std::thread commands([&] { read_commands(emu, next); });
  commands.detach();  // blocked in getline; the process ends without it
  std::thread cycler;
  if (o.cycle) {
    cycler = std::thread([&] {
      for (std::size_t i = o.start_index; !g_quit; ++i) {
        emu.place(i);
        say("placed " + std::to_string(i % emu.size()) + " " + emu.card(i).identity.name.shown());
        for (int t = 0; t < o.present_ms && !g_quit; t += 50) std::this_thread::sleep_for(50ms);
        emu.remove();
        say("removed");
        for (int t = 0; t < o.absent_ms && !g_quit; t += 50) std::this_thread::sleep_for(50ms);
      }
    });
  }
  if (o.vpcd_port) serve_vpcd(emu, o);
  else serve_pty(emu, o);
  g_quit = true;
  if (cycler.joinable()) cycler.join();
  std::fflush(stdout);
  std::_Exit(0);
}
