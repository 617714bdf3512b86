// gradbooth-admin pin set [--config PATH] [--print]
// Reads the new supervisor PIN (4–12 digits) from stdin — asked twice without echo on a terminal,
// one line when piped — and writes its salted PBKDF2 hash as [booth] supervisor_pin_hash into the
// config file (the plain supervisor_pin is emptied: the hash alone opens the panel). --print only
// prints the line to paste. Exit codes: exit_codes.h (1 PIN refused, 3 config unreadable/unwritable).
#include "commands.h"
#include "exit_codes.h"
#include "options.h"

#include <core/cli_support.h>
#include <core/journal.h>
#include <core/supervisor_lock.h>

#include <termios.h>
#include <unistd.h>

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace gradbooth::admin {

namespace {

std::string read_pin(const char *prompt) {
  const bool tty = isatty(STDIN_FILENO);
  termios old{};
  if (tty) {
    std::fprintf(stderr, "%s", prompt);
    tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::fprintf(stderr, "\n");
  }
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line;
}

// The config text with [booth]'s supervisor_pin_hash set and supervisor_pin emptied; other lines
// (comments, order, spacing) stay as they are.
std::string with_hash(const std::string &text, const std::string &hash) {
  std::istringstream in(text);
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) lines.push_back(l);
  const std::string hash_line = "supervisor_pin_hash = \"" + hash + "\"";
  auto key_of = [](const std::string &l) {
    const auto eq = l.find('=');
    if (eq == std::string::npos || l.starts_with("#")) return std::string();
    std::string k = l.substr(0, eq);
    while (!k.empty() && k.back() == ' ') k.pop_back();
    return k;
  };
  bool in_booth = false, done = false;
  std::ptrdiff_t booth_end = -1, pin_at = -1;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    const std::string &l = lines[i];
    if (l.starts_with("[")) {
      if (in_booth && booth_end < 0) booth_end = static_cast<std::ptrdiff_t>(i);
      in_booth = l.starts_with("[booth]");
      continue;
    }
    if (!in_booth) continue;
    const std::string k = key_of(l);
    if (k == "supervisor_pin_hash") {
      lines[i] = hash_line;
      done = true;
    } else if (k == "supervisor_pin") {
      lines[i] = "supervisor_pin = \"\"                # see supervisor_pin_hash";
      pin_at = static_cast<std::ptrdiff_t>(i);
    }
  }
  if (in_booth && booth_end < 0) booth_end = static_cast<std::ptrdiff_t>(lines.size());
  if (!done) {
    if (pin_at >= 0) lines.insert(lines.begin() + pin_at + 1, hash_line);
    else if (booth_end >= 0) {
      // After the section's last non-blank line.
      auto at = booth_end;
      while (at > 0 && lines[static_cast<std::size_t>(at - 1)].empty()) --at;
      lines.insert(lines.begin() + at, hash_line);
    } else {
      lines.push_back("");
      lines.push_back("[booth]");
      lines.push_back(hash_line);
    }
  }
  std::string out;
  for (const auto &l : lines) out += l + "\n";
  return out;
}

const CommandSpec kSpec{"pin",
                        "pin set [--config PATH] [--print]   (the PIN is read from stdin)",
                        "Sets the supervisor panel's PIN (4–12 digits): asked twice without echo on a terminal, one\n"
                        "line when piped. Its salted PBKDF2 hash goes into [booth] supervisor_pin_hash of the config\n"
                        "file, and the plain supervisor_pin is emptied. Exit 1 when the PIN is refused.",
                        {kConfigOption, {"print", "", "only print the [booth] line to paste, change no file"}}};

int run(const Options &opt) {
  using namespace gradbooth::core;
  const std::optional<std::string> config = opt.value("config");
  const bool print = opt.has("print");
  if (opt.positional() != std::vector<std::string>{"set"}) return usage_error(kSpec, "say pin set");
  const std::string pin = read_pin("新的管理密码 / new supervisor PIN: ");
  if (!valid_pin(pin)) {
    cli::say_error("pin", make_error("pin.invalid", "a PIN is 4 to 12 digits", "管理密码须为 4–12 位数字"));
    return exit_code::kSomeFailed;
  }
  if (isatty(STDIN_FILENO) && read_pin("再输入一次 / again: ") != pin) {
    cli::say_error("pin", make_error("pin.mismatch", "the two PINs differ", "两次输入的密码不一致"));
    return exit_code::kSomeFailed;
  }
  auto hash = hash_pin(pin);
  if (!hash) return failed(kSpec, hash.error());
  if (print) {
    std::printf("[booth]\nsupervisor_pin_hash = \"%s\"\n", hash->c_str());
    return 0;
  }
  auto file = find_config(config ? std::optional<std::filesystem::path>(*config) : std::nullopt);
  if (!file) return failed(kSpec, file.error());
  std::ifstream in(*file, std::ios::binary);
  std::stringstream text;
  text << in.rdbuf();
  if (!in) {
    cli::say_error("pin", make_error("config.unreadable", "cannot read " + file->string(), "无法读取 " + file->string()));
    return exit_code::kRuntime;
  }
  const std::string updated = with_hash(text.str(), *hash);
  // The result must parse and open with the new PIN before it replaces the file.
  auto parsed = parse_config(updated, file->parent_path());
  if (!parsed || !pin_matches(pin, parsed->booth.supervisor_pin, parsed->booth.supervisor_pin_hash)) {
    cli::say_error("pin",
                   parsed ? make_error("pin.verify", "the updated config does not open with the new PIN", "更新后的配置无法用新密码打开")
                          : parsed.error());
    return exit_code::kRuntime;
  }
  const auto tmp = file->string() + ".pin-tmp";
  {
    std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
    out << updated;
    out.flush();
    if (!out) {
      cli::say_error("pin", make_error("config.unwritable", "cannot write " + tmp, "无法写入 " + tmp));
      return exit_code::kRuntime;
    }
  }
  std::error_code ec;
  std::filesystem::permissions(tmp, std::filesystem::status(*file).permissions(), ec);
  std::filesystem::rename(tmp, *file, ec);
  if (ec) {
    std::filesystem::remove(tmp, ec);
    cli::say_error("pin", make_error("config.unwritable", "cannot replace " + file->string(), "无法更新 " + file->string()));
    return exit_code::kRuntime;
  }
  journal::send({.event = "pin_set",
                 .priority = journal::Priority::Notice,
                 .message = "supervisor PIN changed (hash written to " + file->string() + ")",
                 .batch = parsed->booth.batch,
                 .masked_id = {},
                 .number = {},
                 .reason = {},
                 .fields = {{"config", file->string()}}});
  std::printf("已设置管理密码（加盐哈希）/ supervisor PIN set (salted hash) in %s\n", file->c_str());
  return 0;
}

}  // namespace

extern const Command kPinCommand{kSpec, run, "pin set: the supervisor PIN from stdin → [booth] supervisor_pin_hash"};

}  // namespace gradbooth::admin
