// The supervisor panel's lock: a PIN typed one digit per key press, accepted only while the panel
// is open, compared in constant time (against a salted PBKDF2 hash when the config holds one),
// backing off after wrong tries (5 tries, then 30 s, doubling with every further wrong PIN) with
// the lockout kept in a file so a restart does not lift it, and locking itself after a minute
// without a touch. GTK-free; time only moves through the time points the caller passes.
#pragma once

#include <gradbooth/result.h>

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace gradbooth::core {

// A PIN is 4–12 ASCII digits.
bool valid_pin(std::string_view pin);
// "pbkdf2-sha256$<iterations>$<salt hex>$<key hex>": OpenSSL PBKDF2-HMAC-SHA256, 16-byte random salt.
Result<std::string> hash_pin(std::string_view pin, int iterations = 200000);
// Whether `pin` is the configured one; the hash wins when both are set. Constant time in the
// PIN's content (plain PINs are compared as SHA-256 digests, hashes as PBKDF2 keys).
bool pin_matches(std::string_view pin, std::string_view plain, std::string_view hash);

struct LockOptions {
  std::string pin;                   // [booth].supervisor_pin
  std::string pin_hash;              // [booth].supervisor_pin_hash (gradbooth-admin pin set)
  std::filesystem::path state_file;  // the lockout, kept across restarts; empty: memory only
  int tries = 5;                     // wrong PINs before the first lockout
  std::chrono::seconds backoff{30};  // first lockout; doubles with each further wrong PIN
  std::chrono::seconds max_backoff{3600};
  std::chrono::seconds idle_lock{60};  // an open panel locks itself after this long untouched
};

// What a key press or an unlock attempt did, in both languages.
struct LockAnswer {
  bool ok = false;
  std::string code;  // lock.unlocked, lock.wrong, lock.locked_out, lock.hidden, lock.not_a_digit, …
  std::string text_zh, text_en;
};

class SupervisorLock {
public:
  using Steady = std::chrono::steady_clock;
  using Wall = std::chrono::system_clock;

  // Reads the lockout from the state file (absent: none).
  explicit SupervisorLock(LockOptions opts);

  // Opening shows the keypad; closing locks the panel and forgets the digits typed.
  void show(bool on);
  bool visible() const { return visible_; }
  bool unlocked() const { return unlocked_; }
  std::size_t typed() const { return typed_.size(); }

  LockAnswer digit(std::string_view key, Wall::time_point wall, Steady::time_point now);
  void clear() { typed_.clear(); }
  LockAnswer enter(Wall::time_point wall, Steady::time_point now);

  // Any use of the open panel keeps it open.
  void touch(Steady::time_point now) { last_touch_ = now; }
  // True when the open panel just locked itself for want of a touch.
  bool tick(Steady::time_point now);

  // Seconds until PINs are taken again (0: not locked out).
  int lockout_left_s(Wall::time_point wall) const;
  int failures() const { return failures_; }
  // Where saving the lockout failed, if it did (the lock still holds in memory).
  const std::string &state_error() const { return state_error_; }

private:
  void save();

  LockOptions opts_;
  bool visible_ = false;
  bool unlocked_ = false;
  std::string typed_;
  int failures_ = 0;               // wrong PINs since the last right one
  std::int64_t locked_until_ = 0;  // unix seconds
  Steady::time_point last_touch_{};
  std::string state_error_;
};

}  // namespace gradbooth::core
