// The SAM + ID card a reader would hold, played in software: answers SAM command frames for the
// identity placed on it, and injects the faults tests ask for. No I/O here: the vpcd client and
// the pty server in main.cpp carry its frames.
#pragma once

#include "gradbooth/result.h"
#include "idcard/card_identity.h"
#include "idcard/sam_frame.h"

#include <chrono>
#include <mutex>
#include <string>
#include <vector>

namespace gradbooth::emulator {

using idcard::Bytes;

struct RosterCard {
  std::string student_number;
  idcard::CardIdentity identity;
};

// UTF-8 CSV with the header 学号,姓名,性别,身份证号,学历层次 (the booth's roster format); optional
// extra columns 证件类型 (J / I / Y), 有效期至, 民族, 住址, 通行证号 make other card types and
// expired cards. Birth date comes from the ID number.
Result<std::vector<RosterCard>> load_roster(const std::string &path);
// Two resident cards, 张伟 (male) then 王芳 (female), valid for ever: the in-process tests' roster.
std::vector<RosterCard> two_card_roster();

enum class Fault {
  NoCard,         // find card always answers 80
  RemoveMidRead,  // the card leaves during "read" (answer 41) and comes back after ~0.7 s
  BadChecksum,    // the next answers carry a wrong checksum
  Sam41,          // "read" answers SW3 41
  Garbage,        // noise bytes before the next answers (stream transports only)
  ResetRefused,   // "reset SAM" answers SW3 60 (the SAM failed its self-test)
};
Result<Fault> parse_fault(const std::string &name);

class SamCardEmulator {
public:
  explicit SamCardEmulator(std::vector<RosterCard> cards);

  void place(std::size_t index);       // a card enters the field (index into the roster, wraps)
  void remove();                       // the card leaves the field
  void power_cycle();                  // the reader was re-powered: a card read before can be found again
  void add_fault(Fault f, int count);  // count < 0: for ever
  void clear_faults();
  std::size_t size() const { return cards_.size(); }
  const RosterCard &card(std::size_t i) const { return cards_[i % cards_.size()]; }

  // The card is in the field now (placed, not away after a remove-mid-read fault).
  bool present() const;
  // The vendor "chunked" reader: 256-byte chunk P1 of text (0) + photo (1..4); empty when absent.
  Bytes chunk(std::uint8_t p1);

  // One command frame in, one answer frame out (possibly deliberately broken).
  Bytes answer(std::span<const std::uint8_t> command_frame);

  int reads_served() const;
  int resets_served() const;  // "reset SAM" frames answered (tests assert the reader sent them)

private:
  bool present_locked() const;
  bool take_fault(Fault f);

  mutable std::mutex mutex_;
  std::vector<RosterCard> cards_;
  std::size_t current_ = 0;
  bool present_ = false;
  bool halted_ = false;  // read once: "find" fails until the card leaves (IDCARD.md)
  bool selected_ = false;
  std::chrono::steady_clock::time_point away_until_{};
  int faults_[6] = {0, 0, 0, 0, 0, 0};
  int reads_ = 0;
  int resets_ = 0;
};

}  // namespace gradbooth::emulator
