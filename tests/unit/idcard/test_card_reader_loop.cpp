// CardReader's poll loop against the emulator core behind an in-process transport: one event per
// placement, debounced removal, SAM-error recovery, unplug, plain readers, prompt stop.
#include "idcard/card_reader.h"
#include "idcard/transport.h"
#include "reader_events.h"
#include "sam_card_emulator.h"

#include <doctest/doctest.h>

#include <condition_variable>
#include <mutex>
#include <thread>

using namespace gradbooth;
using namespace gradbooth::idcard;
using namespace gradbooth::emulator;
using namespace gradbooth::test;  // and std::chrono_literals

namespace {

// The emulator's answers, handed over as a transport would; the test can unplug it, make it a
// plain contactless reader, make the next "select" probes fail (a flapping card) or make the SAM
// refuse its reset. It counts the opens and the "reset SAM" frames it was sent.
struct Rig {
  SamCardEmulator emu{two_card_roster()};
  std::mutex m;
  std::condition_variable opened;
  bool unplugged = false, plain = false;
  int flap_selects = 0, opens = 0, resets = 0;
  std::uint8_t reset_sw3 = sam::sw3::kOk;  // the SAM's answer to "reset SAM"
  void set(bool Rig::*flag, bool on = true) {
    std::lock_guard lock(m);
    this->*flag = on;
  }
  int reset_count() {
    std::lock_guard lock(m);
    return resets;
  }
  // Waits for the reader thread's n-th successful open: no guess at how soon a thread runs.
  bool wait_opens(int n, std::chrono::milliseconds limit = 10000ms) {
    std::unique_lock lock(m);
    return opened.wait_for(lock, limit, [&] { return opens >= n; });
  }
};

class FakeTransport final : public Transport {
public:
  explicit FakeTransport(Rig &rig) : rig_(rig) {}
  Status open() override {
    std::lock_guard lock(rig_.m);
    if (rig_.unplugged) return make_error("card.transport.gone", "unplugged");
    ++rig_.opens;
    open_ = true;
    rig_.opened.notify_all();
    return {};
  }
  void close() override { open_ = false; }
  bool is_open() const override { return open_; }
  Status send(const Bytes &frame) override {
    std::lock_guard lock(rig_.m);
    if (rig_.unplugged) {
      open_ = false;
      return make_error("card.transport.gone", "unplugged");
    }
    if (rig_.plain) return make_error("card.no_sam", "this reader cannot read ID data");
    auto cmd = sam::decode_command(frame);
    if (cmd && cmd->command() == sam::Command::ResetSam) ++rig_.resets;
    if (cmd && cmd->command() == sam::Command::ResetSam && rig_.reset_sw3 != sam::sw3::kOk) {
      answer_ = sam::encode_response(rig_.reset_sw3);
    } else if (cmd && cmd->command() == sam::Command::SelectCard && rig_.flap_selects > 0) {
      --rig_.flap_selects;
      answer_ = sam::encode_response(sam::sw3::kSelectFailed);
    } else {
      answer_ = rig_.emu.answer(frame);
    }
    return {};
  }
  Result<Bytes> receive(std::chrono::milliseconds) override { return answer_; }
  std::string describe() const override { return "fake"; }

private:
  Rig &rig_;
  bool open_ = false;
  Bytes answer_;
};

TransportConfig fast() { return quick_config("pcsc", 10, 200); }

}  // namespace

TEST_CASE("one CardPlaced per placement, one CardRemoved when it leaves") {
  Rig rig;
  rig.emu.place(0);
  ReaderUnderTest r(std::make_unique<FakeTransport>(rig), fast());
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  std::this_thread::sleep_for(300ms);  // ~30 more polls with the card lying there
  CHECK(r.log.count<CardPlaced>() == 1);
  CHECK(r.log.count<CardRemoved>() == 0);
  rig.emu.remove();
  REQUIRE(r.log.wait_count<CardRemoved>(1));
  rig.emu.place(1);
  REQUIRE(r.log.wait_count<CardPlaced>(2));
  r.reader.stop();
  CHECK(story(r.log.snapshot()) == "placed 张伟, removed, placed 王芳");
  CHECK(rig.emu.reads_served() == 2);
}

TEST_CASE("a card flapping at the edge of the field is not a new placement") {
  Rig rig;
  rig.emu.place(0);
  ReaderUnderTest r(std::make_unique<FakeTransport>(rig), fast());
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  for (int i = 0; i < 5; ++i) {
    {
      std::lock_guard lock(rig.m);
      rig.flap_selects = 2;
    }  // below the removal debounce of 3
    std::this_thread::sleep_for(100ms);
  }
  r.reader.stop();
  CHECK(r.log.count<CardPlaced>() == 1);
  CHECK(r.log.count<CardRemoved>() == 0);
}

TEST_CASE("SAM error 41 is retried, the SAM reset, the photographer told once, the card then read") {
  Rig rig;
  rig.emu.add_fault(Fault::Sam41, 4);
  rig.emu.place(0);
  ReaderUnderTest r(std::make_unique<FakeTransport>(rig), fast());
  REQUIRE(r.first_card_then_stop());
  const auto all = r.log.snapshot();
  REQUIRE(all.size() == 2);
  const auto &fault = std::get<ReaderFault>(all[0]);
  CHECK(fault.error.code == "card.sw3.41");
  CHECK(fault.recovering);
  CHECK_FALSE(fault.error.message_zh.empty());
  CHECK(std::get<CardPlaced>(all[1]).identity.id_number == "370303200405121237");
  // Reads 1–3 fail: one reset after the third; the fourth failure starts a new count.
  CHECK(rig.reset_count() == 1);
  CHECK(rig.emu.resets_served() == 1);
}

TEST_CASE("the SAM is reset once per three failed reads in a row, never below that") {
  for (const auto &[failures, resets] : {std::pair{2, 0}, std::pair{3, 1}, std::pair{5, 1}}) {
    CAPTURE(failures);
    Rig rig;
    rig.emu.add_fault(Fault::Sam41, failures);
    rig.emu.place(0);
    ReaderUnderTest r(std::make_unique<FakeTransport>(rig), fast());
    REQUIRE(r.first_card_then_stop());
    CHECK(rig.reset_count() == resets);
    CHECK(r.log.count<ReaderFault>() == (resets > 0 ? 1 : 0));  // told once, however many resets
    CHECK(r.log.count<CardPlaced>() == 1);
  }
}

TEST_CASE("a SAM that refuses its reset is a fault the photographer sees, then the reader backs off and goes on") {
  Rig rig;
  rig.reset_sw3 = 0x60;                // "the security module failed its self-test"
  rig.emu.add_fault(Fault::Sam41, 6);  // two failed resets (after reads 3 and 6)
  rig.emu.place(0);
  ReaderUnderTest r(std::make_unique<FakeTransport>(rig), fast());
  // Six failures back off 0.1 + 0.2 + … + 2 s ≈ 5 s before the seventh read.
  REQUIRE(r.log.wait_count<CardPlaced>(1, 20000ms));
  r.reader.stop();
  CHECK(rig.reset_count() == 2);
  const auto all = r.log.snapshot();
  REQUIRE(all.size() == 3);  // the read's fault, the reset's fault (once, not at every reset), the card
  const auto &read = std::get<ReaderFault>(all[0]);
  CHECK(read.error.code == "card.sw3.41");
  const auto &reset = std::get<ReaderFault>(all[1]);
  CHECK(reset.error.code == "card.sam_reset");
  CHECK(reset.recovering);
  CHECK(reset.error.message_en.find("SW3 60") != std::string::npos);
  CHECK(reset.error.message_zh.find("安全模块自检失败") != std::string::npos);
  CHECK(std::get<CardPlaced>(all[2]).identity.id_number == "370303200405121237");
}

TEST_CASE("a bad checksum in an answer is retried without a second placement") {
  Rig rig;
  rig.emu.add_fault(Fault::BadChecksum, 2);
  rig.emu.place(0);
  ReaderUnderTest r(std::make_unique<FakeTransport>(rig), fast());
  REQUIRE(r.first_card_then_stop(200ms));
  CHECK(r.log.count<CardPlaced>() == 1);
  CHECK(r.log.count<ReaderFault>() == 0);  // two in a row is below the reset threshold
}

TEST_CASE("reader unplug and replug: one fault, then reading goes on") {
  Rig rig;
  ReaderUnderTest r(std::make_unique<FakeTransport>(rig), fast());
  REQUIRE(rig.wait_opens(1));  // the reader has the device before it is pulled out
  rig.set(&Rig::unplugged);
  REQUIRE(r.log.wait_count<ReaderFault>(1));
  std::this_thread::sleep_for(400ms);  // several reopen attempts with backoff
  CHECK(r.log.count<ReaderFault>() == 1);
  rig.set(&Rig::unplugged, false);
  rig.emu.place(1);
  REQUIRE(r.first_card_then_stop());
  const auto fault = std::get<ReaderFault>(r.log.snapshot()[0]);
  CHECK(fault.error.code == "card.transport.gone");
  CHECK(fault.recovering);
  std::lock_guard lock(rig.m);
  CHECK(rig.opens == 2);  // the first open, and one more after the replug (failed opens do not count)
}

TEST_CASE("a plain contactless reader is reported once per card, clearly") {
  Rig rig;
  rig.set(&Rig::plain);
  ReaderUnderTest r(std::make_unique<FakeTransport>(rig), fast());
  REQUIRE(r.first_fault_then_stop(300ms));
  CHECK(r.log.count<ReaderFault>() == 1);
  CHECK(r.log.count<CardPlaced>() == 0);
  const auto fault = std::get<ReaderFault>(r.log.snapshot()[0]);
  CHECK(fault.error.code == "card.no_sam");
  CHECK_FALSE(fault.recovering);
}

TEST_CASE("stop() ends the thread, also while backing off, and is idempotent") {
  Rig rig;
  rig.set(&Rig::unplugged);
  ReaderUnderTest r(std::make_unique<FakeTransport>(rig), fast());
  REQUIRE(r.first_fault_then_stop(700ms));  // the backoff has grown meanwhile
  r.reader.stop();
  CHECK(r.log.count<ReaderFault>() == 1);
}

TEST_CASE("a card swapped for another faster than the removal debounce is still noticed") {
  Rig rig;
  rig.emu.place(0);
  ReaderUnderTest r(std::make_unique<FakeTransport>(rig), fast());
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  rig.emu.place(1);  // no gap at all between the two cards
  REQUIRE(r.log.wait_count<CardPlaced>(2));
  r.reader.stop();
  CHECK(story(r.log.snapshot()) == "placed 张伟, removed, placed 王芳");
}
