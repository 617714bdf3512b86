// CardReader end to end through libpcsclite → pcscd → vpcd → gradbooth-card-emulator.
#include "pcsc_fixture.h"

#include <doctest/doctest.h>

using namespace gradbooth;
using namespace gradbooth::idcard;
using namespace gradbooth::test;

namespace {

struct Fixture {
  Fixture() { ensure_pcscd(); }
};

std::string placed_name(EventLog &log) { return log.last<CardPlaced>().identity.name.shown(); }

}  // namespace

TEST_CASE_FIXTURE(Fixture, "a card on the reader is read once; removal and the next card follow") {
  EmulatorProcess emu({});
  REQUIRE(emu.running());
  ReaderUnderTest r(pcsc_config());
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  const CardIdentity first = r.log.last<CardPlaced>().identity;
  CHECK(first.name.chinese == "张伟");
  CHECK(first.id_number == "370303200405121237");
  CHECK(first.gender == Gender::Male);
  CHECK(first.birth_date == "20040512");
  CHECK(first.nation_code == "01");
  CHECK(first.type == CardType::Resident);
  CHECK(first.warnings.empty());
  std::this_thread::sleep_for(600ms);  // the card stays: no second event
  CHECK(r.log.count<CardPlaced>() == 1);
  REQUIRE(swap_card(emu, r, 2));
  CHECK(placed_name(r.log) == "李䶮");  // U+4DAE survives the whole stack
  REQUIRE(swap_card(emu, r, 4));
  CHECK(placed_name(r.log) == "阿卜杜热合曼·买买提依明江别克");
  r.reader.stop();
  CHECK(r.log.count<ReaderFault>() == 0);
}

TEST_CASE_FIXTURE(Fixture, "a 'J' permit and an expired card come through with their type and warning") {
  EmulatorProcess emu({"--start-index", "5"});
  ReaderUnderTest r(pcsc_config());
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  auto j = r.log.last<CardPlaced>().identity;
  CHECK(j.type == CardType::HkMoTwPermit);
  CHECK(j.permit_number == "H12345678");
  CHECK(j.id_number == "810000199901010057");
  REQUIRE(swap_card(emu, r, 6));
  auto expired = r.log.last<CardPlaced>().identity;
  CHECK(expired.name.chinese == "林晓雯");
  REQUIRE(expired.warnings.size() == 1);
  CHECK(expired.warnings[0].zh.find("已过期") != std::string::npos);
  CHECK(expired.warnings[0].en.find("expired on") != std::string::npos);
  r.reader.stop();
}

TEST_CASE_FIXTURE(Fixture, "no card: nothing happens until one is placed") {
  EmulatorProcess emu({"--start-empty"});
  ReaderUnderTest r(pcsc_config());
  std::this_thread::sleep_for(1000ms);
  CHECK(r.log.snapshot().empty());
  emu.command("fault no-card");
  emu.command("place 1");
  std::this_thread::sleep_for(800ms);
  CHECK(r.log.snapshot().empty());  // find keeps answering 80
  emu.command("clear");
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  CHECK(placed_name(r.log) == "王芳");
  r.reader.stop();
  CHECK(r.log.count<ReaderFault>() == 0);
}

TEST_CASE_FIXTURE(Fixture, "card removed mid-read, bad checksums and slow answers still give exactly one placement") {
  struct Trouble {
    const char *what;
    std::vector<std::string> emulator_args;
    std::chrono::milliseconds settle;  // how long the card lies there after its placement
  };
  for (const auto &t :
       {Trouble{"removed mid-read", {"--fault", "remove-mid-read:1"}, 500ms}, Trouble{"bad checksum", {"--fault", "bad-checksum:2"}, 500ms},
        Trouble{"slow answers", {"--slow-ms", "250"}, 800ms}}) {
    CAPTURE(t.what);
    EmulatorProcess emu(t.emulator_args);
    ReaderUnderTest r(pcsc_config());
    REQUIRE(r.first_card_then_stop(t.settle));
    CHECK(r.log.count<CardPlaced>() == 1);
    CHECK(r.log.count<CardRemoved>() == 0);
    CHECK(r.log.count<ReaderFault>() == 0);
    CHECK(placed_name(r.log) == "张伟");
  }
}

TEST_CASE_FIXTURE(Fixture, "SAM error 0x41: retries, a SAM reset, one fault shown, then the card is read") {
  // Six failed reads: the SAM is reset after the third and the sixth; the seventh read works.
  EmulatorProcess emu({"--fault", "sam-41:6"});
  ReaderUnderTest r(pcsc_config());
  REQUIRE(r.log.wait_count<ReaderFault>(1));
  const auto fault = r.log.last<ReaderFault>();
  CHECK(fault.error.code == "card.sw3.41");
  CHECK(fault.recovering);
  CHECK(fault.error.message_zh.find("读卡操作失败") != std::string::npos);
  CHECK(r.log.count<CardPlaced>() == 0);
  // Backing off 0.1 + 0.2 + … + 2 s between the failures: about 5 s.
  REQUIRE(r.log.wait_count<CardPlaced>(1, 30000ms));
  r.reader.stop();
  CHECK(r.log.count<ReaderFault>() == 1);  // told once, not at every retry or reset
  // The emulator says "sam reset N" for every reset frame it answered, before answering it.
  CHECK(emu.wait_lines("sam reset", 2));
  CHECK(emu.count_lines("sam reset") == 2);
}

TEST_CASE_FIXTURE(Fixture, "a SAM that refuses its reset: the photographer is told, then the card is read") {
  EmulatorProcess emu({"--fault", "sam-41:3", "--fault", "reset-refused:1"});
  ReaderUnderTest r(pcsc_config());
  REQUIRE(r.log.wait_count<CardPlaced>(1, 30000ms));
  r.reader.stop();
  const auto all = r.log.snapshot();
  REQUIRE(all.size() == 3);
  CHECK(std::get<ReaderFault>(all[0]).error.code == "card.sw3.41");
  const auto reset = std::get<ReaderFault>(all[1]);
  CHECK(reset.error.code == "card.sam_reset");
  CHECK(reset.recovering);
  CHECK(reset.error.message_zh.find("复位失败") != std::string::npos);
  CHECK(reset.error.message_en.find("SW3 60") != std::string::npos);
  CHECK(std::get<CardPlaced>(all[2]).identity.name.chinese == "张伟");
  CHECK(emu.wait_lines("sam reset", 1));
  CHECK(emu.count_lines("sam reset") == 1);
}

TEST_CASE_FIXTURE(Fixture, "the reader's device leaving (vpcd socket closed) and coming back") {
  EmulatorProcess emu({});
  ReaderUnderTest r(pcsc_config());
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  emu.command("unplug");
  REQUIRE(r.log.wait_count<CardRemoved>(1));
  emu.command("replug");
  REQUIRE(r.log.wait_count<CardPlaced>(2));  // re-powered: the card is found and read again
  CHECK(placed_name(r.log) == "张伟");
  r.reader.stop();
}

TEST_CASE_FIXTURE(Fixture, "pcscd restart: one fault while it is away, then reading goes on") {
  EmulatorProcess emu({});
  ReaderUnderTest r(pcsc_config());
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  REQUIRE(rig("stop") == 0);
  REQUIRE(r.log.wait_count<ReaderFault>(1));
  const auto fault = r.log.last<ReaderFault>();
  CHECK(fault.error.code == "card.transport.gone");
  CHECK(fault.recovering);
  REQUIRE(rig("start") == 0);
  // The emulator reconnects to the new vpcd; the card on it is read again.
  // While pcscd was away the card counted as removed; it is read again once pcscd is back.
  REQUIRE(r.log.wait_count<CardPlaced>(2, std::chrono::milliseconds(15000)));
  CHECK(r.log.count<CardRemoved>() == 1);
  REQUIRE(swap_card(emu, r, 3));
  CHECK(placed_name(r.log) == "欧阳娜娜");
  r.reader.stop();
  CHECK(r.log.count<ReaderFault>() == 1);  // "gone" once for the whole outage, not per reconnect attempt
}

TEST_CASE_FIXTURE(Fixture, "a plain contactless reader: one clear 'cannot read ID data', nothing else") {
  EmulatorProcess emu({"--plain"});
  ReaderUnderTest r(pcsc_config());
  REQUIRE(r.log.wait_count<ReaderFault>(1));
  std::this_thread::sleep_for(1000ms);
  r.reader.stop();
  CHECK(r.log.count<ReaderFault>() == 1);
  CHECK(r.log.count<CardPlaced>() == 0);
  const auto fault = r.log.last<ReaderFault>();
  CHECK(fault.error.code == "card.no_sam");
  CHECK_FALSE(fault.recovering);
  CHECK(fault.error.message_en.find("cannot read ID data") != std::string::npos);
  CHECK(fault.error.message_en.find("041A2B3C4D5E6F") != std::string::npos);  // the UID it did see
  CHECK(fault.error.message_zh.find("无法读取身份证信息") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "chunked mode (SAM inside the reader, FF B0 chunks): placements and removals") {
  EmulatorProcess emu({"--chunked"});
  TransportConfig cfg = pcsc_config();
  cfg.pcsc_mode = "chunked";
  ReaderUnderTest r(cfg);
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  CHECK(placed_name(r.log) == "张伟");
  CHECK(r.log.last<CardPlaced>().identity.id_number == "370303200405121237");
  std::this_thread::sleep_for(600ms);
  CHECK(r.log.count<CardPlaced>() == 1);
  REQUIRE(swap_card(emu, r, 5));  // the ID card, which is the PC/SC card here, leaves the field
  CHECK(r.log.last<CardPlaced>().identity.type == CardType::HkMoTwPermit);
  r.reader.stop();
  CHECK(r.log.count<ReaderFault>() == 0);
}

TEST_CASE_FIXTURE(Fixture, "stop() returns promptly while the loop polls pcscd") {
  EmulatorProcess emu({"--start-empty"});
  TransportConfig cfg = pcsc_config();
  cfg.poll_interval_ms = 20000;  // the wait between two polls, far longer than any noise
  ReaderUnderTest r(cfg);
  // The first "find" answered "no card": the loop now sleeps until the next poll.
  REQUIRE(emu.wait_lines("connected", 1));
  std::this_thread::sleep_for(1000ms);
  const auto ms = r.stop_ms();
  // A bound, not a benchmark: stop() must cut the 20 s wait short, not sit it out.
  CHECK_MESSAGE(ms < 5000, "stop() took ", ms, " ms during a 20 s poll interval");
  CHECK(r.log.snapshot().empty());
}
