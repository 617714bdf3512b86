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

std::string placed_name(EventLog &log) { return log.last<CardPlaced>().identity.name; }

} // namespace

TEST_CASE_FIXTURE(Fixture, "a card on the reader is read once; removal and the next card follow") {
  EmulatorProcess emu({});
  REQUIRE(emu.running());
  EventLog log;
  CardReader reader(pcsc_config(), log.sink());
  reader.start();
  REQUIRE(log.wait_count<CardPlaced>(1));
  const CardIdentity first = log.last<CardPlaced>().identity;
  CHECK(first.name == "张伟");
  CHECK(first.id_number == "370303200405121237");
  CHECK(first.gender == Gender::Male);
  CHECK(first.birth_date == "20040512");
  CHECK(first.nation_code == "01");
  CHECK(first.type == CardType::Resident);
  CHECK(first.warnings.empty());
  std::this_thread::sleep_for(600ms);  // the card stays: no second event
  CHECK(log.count<CardPlaced>() == 1);
  emu.command("remove");
  REQUIRE(log.wait_count<CardRemoved>(1));
  emu.command("place 2");
  REQUIRE(log.wait_count<CardPlaced>(2));
  CHECK(placed_name(log) == "李䶮");  // U+4DAE survives the whole stack
  emu.command("remove");
  REQUIRE(log.wait_count<CardRemoved>(2));
  emu.command("place 4");
  REQUIRE(log.wait_count<CardPlaced>(3));
  CHECK(placed_name(log) == "阿卜杜热合曼·买买提依明江别克");
  reader.stop();
  CHECK(log.count<ReaderFault>() == 0);
}

TEST_CASE_FIXTURE(Fixture, "a 'J' permit and an expired card come through with their type and warning") {
  EmulatorProcess emu({"--start-index", "5"});
  EventLog log;
  CardReader reader(pcsc_config(), log.sink());
  reader.start();
  REQUIRE(log.wait_count<CardPlaced>(1));
  auto j = log.last<CardPlaced>().identity;
  CHECK(j.type == CardType::HkMoTwPermit);
  CHECK(j.permit_number == "H12345678");
  CHECK(j.id_number == "810000199901010057");
  emu.command("remove");
  REQUIRE(log.wait_count<CardRemoved>(1));
  emu.command("place 6");
  REQUIRE(log.wait_count<CardPlaced>(2));
  auto expired = log.last<CardPlaced>().identity;
  CHECK(expired.name == "林晓雯");
  REQUIRE(expired.warnings.size() == 1);
  CHECK(expired.warnings[0].find("已过期") != std::string::npos);
  reader.stop();
}

TEST_CASE_FIXTURE(Fixture, "no card: nothing happens until one is placed") {
  EmulatorProcess emu({"--start-empty"});
  EventLog log;
  CardReader reader(pcsc_config(), log.sink());
  reader.start();
  std::this_thread::sleep_for(1000ms);
  CHECK(log.snapshot().empty());
  emu.command("fault no-card");
  emu.command("place 1");
  std::this_thread::sleep_for(800ms);
  CHECK(log.snapshot().empty());  // find keeps answering 80
  emu.command("clear");
  REQUIRE(log.wait_count<CardPlaced>(1));
  CHECK(placed_name(log) == "王芳");
  reader.stop();
  CHECK(log.count<ReaderFault>() == 0);
}

TEST_CASE_FIXTURE(Fixture, "card removed mid-read, bad checksums and slow answers still give exactly one placement") {
  SUBCASE("removed mid-read") {
    EmulatorProcess emu({"--fault", "remove-mid-read:1"});
    EventLog log;
    CardReader reader(pcsc_config(), log.sink());
    reader.start();
    REQUIRE(log.wait_count<CardPlaced>(1));
    std::this_thread::sleep_for(500ms);
    reader.stop();
    CHECK(log.count<CardPlaced>() == 1);
    CHECK(log.count<CardRemoved>() == 0);
  }
  SUBCASE("bad checksum") {
    EmulatorProcess emu({"--fault", "bad-checksum:2"});
    EventLog log;
    CardReader reader(pcsc_config(), log.sink());
    reader.start();
    REQUIRE(log.wait_count<CardPlaced>(1));
    std::this_thread::sleep_for(500ms);
    reader.stop();
    CHECK(log.count<CardPlaced>() == 1);
    CHECK(placed_name(log) == "张伟");
  }
  SUBCASE("slow answers") {
    EmulatorProcess emu({"--slow-ms", "250"});
    EventLog log;
    CardReader reader(pcsc_config(), log.sink());
    reader.start();
    REQUIRE(log.wait_count<CardPlaced>(1));
    std::this_thread::sleep_for(800ms);
    reader.stop();
    CHECK(log.count<CardPlaced>() == 1);
    CHECK(log.count<ReaderFault>() == 0);
  }
}

TEST_CASE_FIXTURE(Fixture, "SAM error 0x41: retries, a SAM reset, one fault shown, then the card is read") {
  // Six failed reads: the SAM is reset after the third and the sixth; the seventh read works.
  EmulatorProcess emu({"--fault", "sam-41:6"});
  EventLog log;
  CardReader reader(pcsc_config(), log.sink());
  reader.start();
  REQUIRE(log.wait_count<ReaderFault>(1));
  const auto fault = log.last<ReaderFault>();
  CHECK(fault.error.code == "card.sw3.41");
  CHECK(fault.recovering);
  CHECK(fault.error.message_zh.find("读卡操作失败") != std::string::npos);
  CHECK(log.count<CardPlaced>() == 0);
  // Backing off 0.1 + 0.2 + … + 2 s between the failures: about 5 s.
  REQUIRE(log.wait_count<CardPlaced>(1, 30000ms));
  reader.stop();
  CHECK(log.count<ReaderFault>() == 1);  // told once, not at every retry or reset
  // The emulator says "sam reset N" for every reset frame it answered, before answering it.
  CHECK(emu.wait_lines("sam reset", 2));
  CHECK(emu.count_lines("sam reset") == 2);
}

TEST_CASE_FIXTURE(Fixture, "a SAM that refuses its reset: the photographer is told, then the card is read") {
  EmulatorProcess emu({"--fault", "sam-41:3", "--fault", "reset-refused:1"});
  EventLog log;
  CardReader reader(pcsc_config(), log.sink());
  reader.start();
  REQUIRE(log.wait_count<CardPlaced>(1, 30000ms));
  reader.stop();
  const auto all = log.snapshot();
  REQUIRE(all.size() == 3);
  CHECK(std::get<ReaderFault>(all[0]).error.code == "card.sw3.41");
  const auto reset = std::get<ReaderFault>(all[1]);
  CHECK(reset.error.code == "card.sam_reset");
  CHECK(reset.recovering);
  CHECK(reset.error.message_zh.find("复位失败") != std::string::npos);
  CHECK(reset.error.message_en.find("SW3 60") != std::string::npos);
  CHECK(std::get<CardPlaced>(all[2]).identity.name == "张伟");
  CHECK(emu.wait_lines("sam reset", 1));
  CHECK(emu.count_lines("sam reset") == 1);
}

TEST_CASE_FIXTURE(Fixture, "the reader's device leaving (vpcd socket closed) and coming back") {
  EmulatorProcess emu({});
  EventLog log;
  CardReader reader(pcsc_config(), log.sink());
  reader.start();
  REQUIRE(log.wait_count<CardPlaced>(1));
  emu.command("unplug");
  REQUIRE(log.wait_count<CardRemoved>(1));
  emu.command("replug");
  REQUIRE(log.wait_count<CardPlaced>(2));  // re-powered: the card is found and read again
  CHECK(placed_name(log) == "张伟");
  reader.stop();
}

TEST_CASE_FIXTURE(Fixture, "pcscd restart: one fault while it is away, then reading goes on") {
  EmulatorProcess emu({});
  EventLog log;
  CardReader reader(pcsc_config(), log.sink());
  reader.start();
  REQUIRE(log.wait_count<CardPlaced>(1));
  REQUIRE(rig("stop") == 0);
  REQUIRE(log.wait_count<ReaderFault>(1));
  const auto fault = log.last<ReaderFault>();
  CHECK(fault.error.code == "card.transport.gone");
  CHECK(fault.recovering);
  REQUIRE(rig("start") == 0);
  // The emulator reconnects to the new vpcd; the card on it is read again.
  // While pcscd was away the card counted as removed; it is read again once pcscd is back.
  REQUIRE(log.wait_count<CardPlaced>(2, std::chrono::milliseconds(15000)));
  CHECK(log.count<CardRemoved>() == 1);
  emu.command("remove");
  REQUIRE(log.wait_count<CardRemoved>(2));
  emu.command("place 3");
  REQUIRE(log.wait_count<CardPlaced>(3));
  CHECK(placed_name(log) == "欧阳娜娜");
  reader.stop();
  CHECK(log.count<ReaderFault>() == 1);  // "gone" once for the whole outage, not per reconnect attempt
}

TEST_CASE_FIXTURE(Fixture, "a plain contactless reader: one clear 'cannot read ID data', nothing else") {
  EmulatorProcess emu({"--plain"});
  EventLog log;
  CardReader reader(pcsc_config(), log.sink());
  reader.start();
  REQUIRE(log.wait_count<ReaderFault>(1));
  std::this_thread::sleep_for(1000ms);
  reader.stop();
  CHECK(log.count<ReaderFault>() == 1);
  CHECK(log.count<CardPlaced>() == 0);
  const auto fault = log.last<ReaderFault>();
  CHECK(fault.error.code == "card.no_sam");
  CHECK_FALSE(fault.recovering);
  CHECK(fault.error.message_en.find("cannot read ID data") != std::string::npos);
  CHECK(fault.error.message_en.find("041A2B3C4D5E6F") != std::string::npos);  // the UID it did see
  CHECK(fault.error.message_zh.find("无法读取身份证信息") != std::string::npos);
}

TEST_CASE_FIXTURE(Fixture, "chunked mode (SAM inside the reader, FF B0 chunks): placements and removals") {
  EmulatorProcess emu({"--chunked"});
  EventLog log;
  TransportConfig cfg = pcsc_config();
  cfg.pcsc_mode = "chunked";
  CardReader reader(cfg, log.sink());
  reader.start();
  REQUIRE(log.wait_count<CardPlaced>(1));
  CHECK(placed_name(log) == "张伟");
  CHECK(log.last<CardPlaced>().identity.id_number == "370303200405121237");
  std::this_thread::sleep_for(600ms);
  CHECK(log.count<CardPlaced>() == 1);
  emu.command("remove");  // the ID card, which is the PC/SC card here, leaves the field
  REQUIRE(log.wait_count<CardRemoved>(1));
  emu.command("place 5");
  REQUIRE(log.wait_count<CardPlaced>(2));
  CHECK(log.last<CardPlaced>().identity.type == CardType::HkMoTwPermit);
  reader.stop();
  CHECK(log.count<ReaderFault>() == 0);
}

TEST_CASE_FIXTURE(Fixture, "stop() returns promptly while the loop polls pcscd") {
  EmulatorProcess emu({"--start-empty"});
  EventLog log;
  TransportConfig cfg = pcsc_config();
  cfg.poll_interval_ms = 20000;  // the wait between two polls, far longer than any noise
  CardReader reader(cfg, log.sink());
  reader.start();
  // The first "find" answered "no card": the loop now sleeps until the next poll.
  REQUIRE(emu.wait_lines("connected", 1));
  std::this_thread::sleep_for(1000ms);
  const auto t0 = std::chrono::steady_clock::now();
  reader.stop();
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  // A bound, not a benchmark: stop() must cut the 20 s wait short, not sit it out.
  CHECK_MESSAGE(ms < 5000, "stop() took ", ms, " ms during a 20 s poll interval");
  CHECK(log.snapshot().empty());
}
