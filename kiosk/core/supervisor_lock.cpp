#include "supervisor_lock.h"

#include "durable_file.h"

#include <openssl/crypto.h>
#include <openssl/evp.h>
#include <openssl/rand.h>
#include <openssl/sha.h>

#include <algorithm>
#include <array>
#include <charconv>
#include <fstream>
#include <sstream>
#include <vector>

namespace gradbooth::core {

namespace {

std::string to_hex(const unsigned char *p, std::size_t n) {
  static const char *digits = "0123456789abcdef";
  std::string out;
  for (std::size_t i = 0; i < n; ++i) {
    out += digits[p[i] >> 4];
    out += digits[p[i] & 15];
  }
  return out;
}

bool from_hex(std::string_view hex, std::vector<unsigned char> &out) {
  if (hex.size() % 2) return false;
  out.clear();
  for (std::size_t i = 0; i < hex.size(); i += 2) {
    unsigned v = 0;
    auto [p, ec] = std::from_chars(hex.data() + i, hex.data() + i + 2, v, 16);
    if (ec != std::errc() || p != hex.data() + i + 2) return false;
    out.push_back(static_cast<unsigned char>(v));
  }
  return true;
}

bool pbkdf2(std::string_view pin, const std::vector<unsigned char> &salt, int iterations, std::vector<unsigned char> &key) {
  return PKCS5_PBKDF2_HMAC(pin.data(), static_cast<int>(pin.size()), salt.data(), static_cast<int>(salt.size()), iterations, EVP_sha256(),
                           static_cast<int>(key.size()), key.data()) == 1;
}

std::array<unsigned char, SHA256_DIGEST_LENGTH> digest(std::string_view s) {
  std::array<unsigned char, SHA256_DIGEST_LENGTH> d{};
  SHA256(reinterpret_cast<const unsigned char *>(s.data()), s.size(), d.data());
  return d;
}

LockAnswer answer(bool ok, const char *code, std::string zh, std::string en) { return LockAnswer{ok, code, std::move(zh), std::move(en)}; }

}  // namespace

bool valid_pin(std::string_view pin) {
  return pin.size() >= 4 && pin.size() <= 12 && std::all_of(pin.begin(), pin.end(), [](char c) { return c >= '0' && c <= '9'; });
}

Result<std::string> hash_pin(std::string_view pin, int iterations) {
  if (!valid_pin(pin)) return make_error("pin.invalid", "a PIN is 4 to 12 digits", "管理密码须为 4–12 位数字");
  std::vector<unsigned char> salt(16), key(32);
  if (RAND_bytes(salt.data(), static_cast<int>(salt.size())) != 1 || !pbkdf2(pin, salt, iterations, key))
    return make_error("pin.crypto", "OpenSSL could not hash the PIN", "OpenSSL 无法生成密码摘要");
  return "pbkdf2-sha256$" + std::to_string(iterations) + "$" + to_hex(salt.data(), salt.size()) + "$" + to_hex(key.data(), key.size());
}

bool pin_matches(std::string_view pin, std::string_view plain, std::string_view hash) {
  if (!hash.empty()) {
    // pbkdf2-sha256$ITER$SALT$KEY
    std::vector<std::string_view> parts;
    std::size_t start = 0;
    for (std::size_t i = 0; i <= hash.size(); ++i)
      if (i == hash.size() || hash[i] == '$') {
        parts.push_back(hash.substr(start, i - start));
        start = i + 1;
      }
    int iterations = 0;
    std::vector<unsigned char> salt, want;
    if (parts.size() != 4 || parts[0] != "pbkdf2-sha256" ||
        std::from_chars(parts[1].data(), parts[1].data() + parts[1].size(), iterations).ec != std::errc() || iterations < 1 ||
        !from_hex(parts[2], salt) || !from_hex(parts[3], want) || want.empty())
      return false;  // a garbled hash opens nothing
    std::vector<unsigned char> got(want.size());
    if (!pbkdf2(pin, salt, iterations, got)) return false;
    return CRYPTO_memcmp(got.data(), want.data(), want.size()) == 0;
  }
  if (plain.empty()) return false;
  // Equal-length digests: the time taken does not depend on where the PINs differ.
  const auto a = digest(pin), b = digest(plain);
  return CRYPTO_memcmp(a.data(), b.data(), a.size()) == 0;
}

SupervisorLock::SupervisorLock(LockOptions opts) : opts_(std::move(opts)) {
  if (opts_.state_file.empty()) return;
  std::ifstream in(opts_.state_file);
  std::string line;
  while (std::getline(in, line)) {
    const auto eq = line.find('=');
    if (eq == std::string::npos) continue;
    const std::string key = line.substr(0, eq), value = line.substr(eq + 1);
    std::int64_t v = 0;
    if (std::from_chars(value.data(), value.data() + value.size(), v).ec != std::errc()) continue;
    if (key == "failures") failures_ = static_cast<int>(std::clamp<std::int64_t>(v, 0, 1000));
    else if (key == "locked_until") locked_until_ = v;
  }
}

void SupervisorLock::save() {
  if (opts_.state_file.empty()) return;
  const std::string text = "failures=" + std::to_string(failures_) + "\nlocked_until=" + std::to_string(locked_until_) + "\n";
  auto dir = opts_.state_file.parent_path();
  if (auto s = make_private_dirs(dir); !s) {
    state_error_ = s.error().message_en;
    return;
  }
  auto s = write_file_durable(dir, opts_.state_file.filename().string(), as_bytes(text));
  state_error_ = s ? "" : s.error().message_en;
}

void SupervisorLock::show(bool on) {
  visible_ = on;
  if (!on) {
    unlocked_ = false;
    typed_.clear();
  }
}

int SupervisorLock::lockout_left_s(Wall::time_point wall) const {
  const auto now = std::chrono::duration_cast<std::chrono::seconds>(wall.time_since_epoch()).count();
  return locked_until_ > now ? static_cast<int>(locked_until_ - now) : 0;
}

LockAnswer SupervisorLock::digit(std::string_view key, Wall::time_point wall, Steady::time_point now) {
  if (!visible_) return answer(false, "lock.hidden", "请先打开工作人员面板", "Open the supervisor panel first");
  if (key.size() != 1 || key[0] < '0' || key[0] > '9')
    return answer(false, "lock.not_a_digit", "每次按键只能输入一位数字", "One digit per key press");
  if (unlocked_) return answer(true, "lock.unlocked", "", "");
  if (const int left = lockout_left_s(wall); left > 0)
    return answer(false, "lock.locked_out", "密码错误次数过多，请 " + std::to_string(left) + " 秒后再试",
                  "Too many wrong PINs: try again in " + std::to_string(left) + " s");
  if (typed_.size() >= 12) return answer(false, "lock.too_long", "密码最多 12 位", "A PIN has at most 12 digits");
  typed_ += key[0];
  last_touch_ = now;
  return answer(true, "lock.digit", "", "");
}

LockAnswer SupervisorLock::enter(Wall::time_point wall, Steady::time_point now) {
  const std::string typed = std::move(typed_);
  typed_.clear();
  if (!visible_) return answer(false, "lock.hidden", "请先打开工作人员面板", "Open the supervisor panel first");
  if (unlocked_) return answer(true, "lock.unlocked", "", "");
  if (opts_.pin.empty() && opts_.pin_hash.empty())
    return answer(false, "lock.no_pin", "未设置管理密码（[booth] supervisor_pin_hash）",
                  "No supervisor PIN is set ([booth] supervisor_pin_hash)");
  if (const int left = lockout_left_s(wall); left > 0)
    return answer(false, "lock.locked_out", "密码错误次数过多，请 " + std::to_string(left) + " 秒后再试",
                  "Too many wrong PINs: try again in " + std::to_string(left) + " s");
  if (pin_matches(typed, opts_.pin, opts_.pin_hash)) {
    unlocked_ = true;
    last_touch_ = now;
    if (failures_ != 0 || locked_until_ != 0) {
      failures_ = 0;
      locked_until_ = 0;
      save();
    }
    return answer(true, "lock.unlocked", "", "");
  }
  ++failures_;
  if (failures_ >= opts_.tries) {
    // 30 s after the 5th wrong PIN, 60 s after the 6th, 120 s after the 7th… up to an hour.
    const int doublings = std::min(failures_ - opts_.tries, 20);
    const auto wait = std::min<std::int64_t>(opts_.backoff.count() << doublings, opts_.max_backoff.count());
    locked_until_ = std::chrono::duration_cast<std::chrono::seconds>(wall.time_since_epoch()).count() + wait;
    save();
    return answer(false, "lock.locked_out", "密码错误次数过多，请 " + std::to_string(wait) + " 秒后再试",
                  "Too many wrong PINs: try again in " + std::to_string(wait) + " s");
  }
  save();
  const std::string left = std::to_string(opts_.tries - failures_);
  return answer(false, "lock.wrong", "密码错误（还可尝试 " + left + " 次）", "Wrong PIN (" + left + " tries left)");
}

bool SupervisorLock::tick(Steady::time_point now) {
  if (!unlocked_ || now - last_touch_ < opts_.idle_lock) return false;
  unlocked_ = false;
  typed_.clear();
  return true;
}

}  // namespace gradbooth::core
