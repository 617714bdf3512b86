#include "idcard/card_reader.h"

#include "idcard/sam_session.h"
#include "idcard/transport.h"

#include <algorithm>

namespace gradbooth::idcard {

namespace {

using namespace std::chrono_literals;

// A card must be missing this many probes in a row before we say it left: a card at the edge
// of the field drops out for a poll or two, and the booth must not restart the student's flow.
constexpr int kRemoveDebounce = 3;
// Failed reads in a row before the SAM is reset and the photographer is told.
constexpr int kSamErrorsBeforeReset = 3;
constexpr auto kMaxBackoff = 2000ms;

bool is_no_card(const Error &e) { return e.code == "card.absent" || e.code == "card.sw3.80" || e.code == "card.sw3.81"; }
bool is_gone(const Error &e) { return e.code == "card.transport.gone"; }

// "Reset SAM" (10 FF) must answer 90. Anything else — another status, no answer, a garbled
// frame — is "card.sam_reset" naming the cause; a reader that went away stays "gone". PC/SC with
// no card in the field (chunked readers: the card carries the session) has nothing to reset.
Status reset_sam(Transport &t, std::chrono::milliseconds timeout) {
  auto answer = sam_command(t, sam::Command::ResetSam, timeout);
  if (answer && answer->sw3 == sam::sw3::kOk) return {};
  if (!answer && answer.error().code == "card.absent") return {};
  if (!answer && is_gone(answer.error())) return answer.error();
  const Error why = answer ? sam::sw3_error(answer->sw3) : answer.error();
  return make_error("card.sam_reset", "the reader's security module (SAM) did not accept a reset: " + why.message_en,
                    "读卡器安全模块（SAM）复位失败：" + why.message_zh);
}

}  // namespace

CardReader::CardReader(TransportConfig cfg, std::function<void(const CardEvent &)> on_event)
    : cfg_(std::move(cfg)), on_event_(std::move(on_event)) {}

CardReader::CardReader(std::unique_ptr<Transport> transport, TransportConfig cfg, std::function<void(const CardEvent &)> on_event)
    : cfg_(std::move(cfg)), on_event_(std::move(on_event)), transport_(std::move(transport)) {}

CardReader::~CardReader() { stop(); }

void CardReader::start() {
  if (thread_.joinable()) return;
  stop_ = false;
  thread_ = std::thread([this] { run(); });
}

void CardReader::stop() {
  {
    std::lock_guard lock(mutex_);
    stop_ = true;
  }
  wake_.notify_all();
  {
    std::lock_guard lock(mutex_);  // run() may be installing the transport right now
    if (transport_) transport_->interrupt();
  }
  if (thread_.joinable()) thread_.join();
}

bool CardReader::sleep_for(std::chrono::milliseconds d) {
  std::unique_lock lock(mutex_);
  return !wake_.wait_for(lock, d, [this] { return stop_.load(); });
}

void CardReader::run() {
  if (!transport_) {
    auto made = make_transport(cfg_);
    if (!made) {
      on_event_(ReaderFault{made.error(), false});
      return;
    }
    std::lock_guard lock(mutex_);
    transport_ = std::move(made.value());
    if (stop_) return;
  }
  Transport &t = *transport_;
  const auto timeout = std::chrono::milliseconds(std::max(cfg_.timeout_ms, 100));
  const auto poll = std::chrono::milliseconds(std::max(cfg_.poll_interval_ms, 10));

  bool placed = false;    // a CardPlaced was emitted and no CardRemoved since
  std::string placed_id;  // its ID number, to recognise a flap
  int absent_probes = 0;
  int sam_errors = 0;
  bool no_sam_reported = false;  // plain reader: said once per card
  std::string reported_fault;    // the fault the photographer sees now ("" = none)
  auto backoff = 100ms;

  auto fault = [&](const Error &e, bool recovering) {
    if (reported_fault == e.code) return;  // once, not every retry
    reported_fault = e.code;
    on_event_(ReaderFault{e, recovering});
  };
  auto removed = [&] {
    if (!placed) return;
    placed = false;
    placed_id.clear();
    on_event_(CardRemoved{});
  };
  auto back_off = [&] {
    const bool go_on = sleep_for(backoff);
    backoff = std::min<std::chrono::milliseconds>(backoff * 2, kMaxBackoff);
    return go_on;
  };

  while (!stop_) {
    if (!t.is_open()) {
      if (auto st = t.open(); !st) {
        fault(st.error(), true);
        if (placed && ++absent_probes >= kRemoveDebounce) removed();
        if (!back_off()) break;
        continue;
      }
      backoff = 100ms;
    }

    if (placed) {
      // A card that was read does not answer "find" again until it has left the field
      // (IDCARD.md), so "find" succeeding means a card arrived: the same one back after a flap
      // (no event) or another one swapped in faster than the removal debounce.
      bool found = false;
      auto again = read_identity(t, timeout, &found);
      if (again) {
        if (again->id_number != placed_id) {
          removed();
          placed = true;
          placed_id = again->id_number;
          on_event_(CardPlaced{std::move(again.value())});
        }
        absent_probes = 0;
        if (!sleep_for(poll)) break;
        continue;
      }
      if (is_gone(again.error())) {
        t.close();
        fault(again.error(), true);
        continue;
      }
      if (found) {  // a card is there but its read failed: try again next poll
        if (!sleep_for(poll)) break;
        continue;
      }
      // Presence probe: the card that was read still answers "select" while it lies there.
      auto probe = sam_command(t, sam::Command::SelectCard, timeout);
      if (probe && probe->sw3 == sam::sw3::kOk) {
        absent_probes = 0;
        reported_fault.clear();
        if (!sleep_for(poll)) break;
        continue;
      }
      if (!probe && is_gone(probe.error())) {
        t.close();
        fault(probe.error(), true);
        continue;
      }
      // Absent (or a garbled probe): only a few in a row make a removal.
      if (++absent_probes >= kRemoveDebounce) {
        removed();
        absent_probes = 0;
        continue;
      }
      if (!sleep_for(poll)) break;
      continue;
    }

    bool found = false;
    auto id = read_identity(t, timeout, &found);
    if (id) {
      sam_errors = 0;
      absent_probes = 0;
      backoff = 100ms;
      reported_fault.clear();
      placed = true;
      placed_id = id->id_number;
      on_event_(CardPlaced{std::move(id.value())});
      if (!sleep_for(poll)) break;
      continue;
    }
    const Error &e = id.error();
    if (is_no_card(e) && !found) {
      no_sam_reported = false;
      sam_errors = 0;
      if (reported_fault != "card.no_sam") reported_fault.clear();
      if (!sleep_for(poll)) break;
      continue;
    }
    if (e.code == "card.no_sam") {
      if (!no_sam_reported) on_event_(ReaderFault{e, false});
      no_sam_reported = true;
      if (!sleep_for(poll)) break;
      continue;
    }
    if (is_gone(e)) {
      t.close();
      fault(e, true);
      if (!back_off()) break;
      continue;
    }
    // A SAM error, a garbled or missing answer, a card leaving mid-read: retry with backoff,
    // and after a few in a row reset the SAM and tell the photographer. A SAM that refuses the
    // reset will not read the next card either: that is the fault shown (once), not the read's.
    if (++sam_errors >= kSamErrorsBeforeReset) {
      sam_errors = 0;
      if (reported_fault != "card.sam_reset") fault(e, true);
      if (auto reset = reset_sam(t, timeout); !reset) {
        if (is_gone(reset.error())) t.close();
        fault(reset.error(), true);
      }
    }
    if (!back_off()) break;
  }
}

}  // namespace gradbooth::idcard
