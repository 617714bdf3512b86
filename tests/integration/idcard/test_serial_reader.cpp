// CardReader over the serial transport: termios on a pseudo-terminal whose other end is
// gradbooth-card-emulator (the same SAM core as over PC/SC). Byte-stream faults live here:
// garbage before a frame, bad checksums, the adapter unplugged and plugged back.
#include "pcsc_fixture.h"

#include <doctest/doctest.h>

#include <sys/stat.h>

using namespace gradbooth;
using namespace gradbooth::idcard;
using namespace gradbooth::test;

namespace {

std::string pty_link() { return rig_state() + "/ttyCARD"; }

bool wait_for_link() {
  for (int i = 0; i < 100; ++i) {
    struct stat st;
    if (::stat(pty_link().c_str(), &st) == 0) return true;
    std::this_thread::sleep_for(20ms);
  }
  return false;
}

TransportConfig serial_config() {
  TransportConfig c = quick_config("serial", 50, 1000);
  c.device = pty_link();
  c.baud = 115200;
  return c;
}

}  // namespace

TEST_CASE("a card is read over the serial transport; removal and the next card follow") {
  EmulatorProcess emu({}, pty_link());
  REQUIRE(wait_for_link());
  ReaderUnderTest r(serial_config());
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  CHECK(r.log.last<CardPlaced>().identity.id_number == "370303200405121237");
  std::this_thread::sleep_for(400ms);
  CHECK(r.log.count<CardPlaced>() == 1);
  REQUIRE(swap_card(emu, r, 5));
  CHECK(r.log.last<CardPlaced>().identity.type == CardType::HkMoTwPermit);
  r.reader.stop();
  CHECK(r.log.count<ReaderFault>() == 0);
}

TEST_CASE("garbage before answers and bad checksums on the line: resynchronised, one placement") {
  EmulatorProcess emu({"--fault", "garbage:4", "--fault", "bad-checksum:2"}, pty_link());
  REQUIRE(wait_for_link());
  ReaderUnderTest r(serial_config());
  REQUIRE(r.first_card_then_stop(300ms));
  CHECK(r.log.count<CardPlaced>() == 1);
  CHECK(r.log.last<CardPlaced>().identity.name.chinese == "张伟");
}

TEST_CASE("SAM error 0x41 over serial: one fault, then the card") {
  EmulatorProcess emu({"--fault", "sam-41:4"}, pty_link());
  REQUIRE(wait_for_link());
  ReaderUnderTest r(serial_config());
  REQUIRE(r.first_card_then_stop());
  CHECK(r.log.count<ReaderFault>() == 1);
  CHECK(r.log.last<ReaderFault>().error.code == "card.sw3.41");
}

TEST_CASE("the USB-serial adapter unplugged and plugged back") {
  EmulatorProcess emu({}, pty_link());
  REQUIRE(wait_for_link());
  ReaderUnderTest r(serial_config());
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  emu.command("unplug");  // the pty closes and its device path disappears
  REQUIRE(r.log.wait_count<ReaderFault>(1));
  CHECK(r.log.last<ReaderFault>().error.code == "card.transport.gone");
  CHECK(r.log.last<ReaderFault>().recovering);
  REQUIRE(r.log.wait_count<CardRemoved>(1));
  emu.command("replug");
  REQUIRE(r.log.wait_count<CardPlaced>(2));
  r.reader.stop();
}

TEST_CASE("stop() interrupts a slow answer on the serial line") {
  // The SAM answers after 20 s and the reader would wait 30 s for it: only interrupting the
  // receive() makes stop() return before the answer comes.
  EmulatorProcess emu({"--slow-ms", "20000", "--start-empty"}, pty_link());
  REQUIRE(wait_for_link());
  TransportConfig cfg = serial_config();
  cfg.timeout_ms = 30000;
  ReaderUnderTest r(cfg);
  REQUIRE(emu.wait_lines("delay", 1));  // the first "find" is in: receive() waits for its answer
  std::this_thread::sleep_for(200ms);
  const auto ms = r.stop_ms();
  // A bound, not a benchmark: well under the 20 s answer, whatever the machine's load.
  CHECK_MESSAGE(ms < 5000, "stop() took ", ms, " ms during a 20 s answer");
  CHECK(r.log.snapshot().empty());
}

TEST_CASE("a missing serial device is a recovering fault, not a crash") {
  TransportConfig c = serial_config();
  c.device = rig_state() + "/no-such-tty";
  ReaderUnderTest r(c);
  REQUIRE(r.log.wait_count<ReaderFault>(1));
  r.reader.stop();
  const auto f = r.log.last<ReaderFault>();
  CHECK(f.error.code == "card.transport.gone");
  CHECK(f.error.message_en.find("no-such-tty") != std::string::npos);
  CHECK(f.recovering);
}
