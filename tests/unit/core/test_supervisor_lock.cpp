// The supervisor panel's lock, time passed in by hand: one digit per press, only while open,
// wrong PINs back off and the lockout survives a restart, hashed PINs, the idle lock.
#include <core/supervisor_lock.h>

#include <doctest/doctest.h>

#include "temp_folder.h"

#include <filesystem>

using namespace gradbooth::core;
using namespace std::chrono_literals;
namespace fs = std::filesystem;

namespace {

using Wall = SupervisorLock::Wall;
using Steady = SupervisorLock::Steady;

struct Clocks {
  Wall::time_point wall = Wall::time_point{} + std::chrono::hours(24 * 365 * 56);
  Steady::time_point now = Steady::time_point{} + 1000s;
  void pass(std::chrono::seconds d) {
    wall += d;
    now += d;
  }
};

// The defaults are the product's: 5 tries, 30 s, an idle lock of 60 s.
LockOptions with(std::string pin, std::string hash = {}, fs::path file = {}) {
  LockOptions o;
  o.pin = std::move(pin);
  o.pin_hash = std::move(hash);
  o.state_file = std::move(file);
  return o;
}

LockAnswer type(SupervisorLock &lock, std::string_view pin, Clocks &c) {
  for (char d : pin) REQUIRE(lock.digit(std::string(1, d), c.wall, c.now).ok);
  return lock.enter(c.wall, c.now);
}

}  // namespace

TEST_CASE("the keypad takes one ASCII digit per press, and only while the panel is open") {
  Clocks c;
  SupervisorLock lock(with("2468"));
  auto a = lock.digit("2", c.wall, c.now);
  CHECK_FALSE(a.ok);
  CHECK(a.code == "lock.hidden");
  lock.show(true);
  for (const char *bad : {"2468", "", "a", "٣", "+", " 2"}) {
    CAPTURE(bad);
    a = lock.digit(bad, c.wall, c.now);
    CHECK_FALSE(a.ok);
    CHECK(a.code == "lock.not_a_digit");
    CHECK_FALSE(a.text_zh.empty());
    CHECK_FALSE(a.text_en.empty());
  }
  CHECK(lock.typed() == 0);
  CHECK(type(lock, "2468", c).ok);
  CHECK(lock.unlocked());
  // Closing the panel locks it; a PIN typed while it is closed opens nothing.
  lock.show(false);
  CHECK_FALSE(lock.unlocked());
  a = lock.enter(c.wall, c.now);
  CHECK(a.code == "lock.hidden");
  CHECK_FALSE(lock.unlocked());
}

TEST_CASE("five wrong PINs lock out for 30 s, then every further wrong PIN doubles the wait") {
  Clocks c;
  SupervisorLock lock(with("2468"));
  lock.show(true);
  for (int i = 1; i <= 4; ++i) {
    auto a = type(lock, "1111", c);
    CHECK(a.code == "lock.wrong");
    CHECK(lock.lockout_left_s(c.wall) == 0);
  }
  auto a = type(lock, "1111", c);
  CHECK(a.code == "lock.locked_out");
  CHECK(lock.lockout_left_s(c.wall) == 30);
  // Locked out: even the right PIN is not compared, and digits are refused.
  CHECK_FALSE(lock.digit("2", c.wall, c.now).ok);
  CHECK(lock.enter(c.wall, c.now).code == "lock.locked_out");
  c.pass(29s);
  CHECK(lock.enter(c.wall, c.now).code == "lock.locked_out");
  c.pass(1s);
  CHECK(lock.lockout_left_s(c.wall) == 0);
  a = type(lock, "1111", c);  // the 6th wrong PIN
  CHECK(a.code == "lock.locked_out");
  CHECK(lock.lockout_left_s(c.wall) == 60);
  c.pass(60s);
  type(lock, "1111", c);
  CHECK(lock.lockout_left_s(c.wall) == 120);
  c.pass(120s);
  CHECK(type(lock, "2468", c).ok);
  CHECK(lock.failures() == 0);
  lock.show(false);
  lock.show(true);
  CHECK(type(lock, "1111", c).code == "lock.wrong");  // back to five tries
}

TEST_CASE("the lockout survives a restart") {
  gradbooth::test::TempFolder dir("lock-test");
  Clocks c;
  const fs::path file = dir.path / "supervisor-lock";
  {
    SupervisorLock lock(with("2468", "", file));
    lock.show(true);
    for (int i = 0; i < 5; ++i) type(lock, "9999", c);
    CHECK(lock.lockout_left_s(c.wall) == 30);
    CHECK(lock.state_error().empty());
  }
  c.pass(10s);
  SupervisorLock again(with("2468", "", file));
  CHECK(again.lockout_left_s(c.wall) == 20);
  again.show(true);
  CHECK(again.enter(c.wall, c.now).code == "lock.locked_out");
  c.pass(20s);
  CHECK(type(again, "9999", c).code == "lock.locked_out");  // failures were kept too: 60 s now
  CHECK(again.lockout_left_s(c.wall) == 60);
  c.pass(60s);
  CHECK(type(again, "2468", c).ok);
  SupervisorLock third(with("2468", "", file));
  CHECK(third.failures() == 0);
  CHECK(third.lockout_left_s(c.wall) == 0);
}

TEST_CASE("a salted hash from the config opens the panel; the hash wins over a plain PIN") {
  auto h = hash_pin("135790", 1000);
  REQUIRE(h.ok());
  CHECK(h->starts_with("pbkdf2-sha256$1000$"));
  auto h2 = hash_pin("135790", 1000);
  REQUIRE(h2.ok());
  CHECK(*h != *h2);  // salted
  CHECK(pin_matches("135790", "", *h));
  CHECK_FALSE(pin_matches("135791", "", *h));
  CHECK_FALSE(pin_matches("2468", "2468", *h));
  CHECK_FALSE(pin_matches("135790", "", "pbkdf2-sha256$1000$zz$00"));
  CHECK_FALSE(pin_matches("", "", ""));
  CHECK(pin_matches("2468", "2468", ""));
  CHECK_FALSE(pin_matches("24680", "2468", ""));
  CHECK_FALSE(hash_pin("12a4").ok());
  CHECK_FALSE(hash_pin("123").ok());

  Clocks c;
  SupervisorLock lock(with("2468", *h));
  lock.show(true);
  CHECK(type(lock, "2468", c).code == "lock.wrong");
  CHECK(type(lock, "135790", c).ok);
}

TEST_CASE("no PIN configured: the panel stays locked") {
  Clocks c;
  SupervisorLock lock(with(""));
  lock.show(true);
  CHECK(lock.enter(c.wall, c.now).code == "lock.no_pin");
  CHECK_FALSE(lock.unlocked());
}

TEST_CASE("the open panel locks itself after a minute without a touch") {
  Clocks c;
  SupervisorLock lock(with("2468"));
  lock.show(true);
  REQUIRE(type(lock, "2468", c).ok);
  c.pass(59s);
  CHECK_FALSE(lock.tick(c.now));
  lock.touch(c.now);
  c.pass(59s);
  CHECK_FALSE(lock.tick(c.now));
  CHECK(lock.unlocked());
  c.pass(1s);
  CHECK(lock.tick(c.now));
  CHECK_FALSE(lock.unlocked());
  CHECK(lock.visible());  // the keypad shows again
}
