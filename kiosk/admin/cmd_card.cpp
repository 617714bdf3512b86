// gradbooth-admin card: wait for one ID card on the configured reader and print who it belongs to.
#include "commands.h"
#include "exit_codes.h"
#include "options.h"

#include <core/cli_support.h>
#include <core/config.h>
#include "idcard/card_reader.h"

#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <optional>
#include <string>
#include <unistd.h>

namespace gradbooth::admin {

namespace {

const CommandSpec kSpec{"card",
                        "card [--config FILE] [--transport pcsc|usb|serial] [--device PATH|--reader NAME] [--show-full] [--timeout S]",
                        "Waits for one ID card (default 30 s) and prints the holder; the ID number is masked unless --show-full.\n"
                        "Defaults: [card] of the config file (--config, $GRADBOOTH_CONFIG, /etc/gradbooth/gradbooth.toml), else\n"
                        "pcsc on the first reader. Exit 1 on a reader error, 4 when no card came before the timeout.",
                        {kConfigOption,
                         {"transport", "KIND", "pcsc | usb | serial"},
                         {"device", "PATH", "the tty for serial, VID:PID for usb"},
                         {"reader", "NAME", "a PC/SC reader name (a part of it is enough)"},
                         {"show-full", "", "print the full ID number instead of the masked one"},
                         {"timeout", "S", "seconds to wait for a card (default 30)"}}};

void print_identity(const idcard::CardIdentity &id, bool full) {
  const std::string nation = idcard::nation_name(id.nation_code);
  const std::string gender(id.gender == idcard::Gender::Unknown ? "未知" : idcard::gender_zh(id.gender));
  auto shown = [full](const std::string &number) { return full ? number : idcard::mask_id_number(number); };
  std::printf("证件类型 Card type: %s (%s)\n", idcard::card_type_zh(id.type).c_str(), idcard::card_type_name(id.type).c_str());
  std::printf("姓名 Name: %s\n", id.name.shown().c_str());
  std::printf("性别 Gender: %s\n", gender.c_str());
  std::printf("民族 Nation: %s%s%s\n", nation.empty() ? id.nation_code.c_str() : nation.c_str(), nation.empty() ? "" : " ",
              nation.empty() ? "" : ("(" + id.nation_code + ")").c_str());
  std::printf("出生 Birth date: %s\n", idcard::dashed_date(id.birth_date).c_str());
  if (!id.address.empty()) std::printf("住址 Address: %s\n", id.address.c_str());
  std::printf("公民身份号码 ID number: %s\n", shown(id.id_number).c_str());
  if (!id.permit_number.empty() && id.permit_number != id.id_number)
    std::printf("通行证/居留证号码 Permit number: %s\n", shown(id.permit_number).c_str());
  std::printf("签发机关 Authority: %s\n", id.authority.c_str());
  std::printf("有效期限 Valid: %s – %s\n", idcard::dashed_date(id.valid_from).c_str(), idcard::dashed_date(id.valid_to).c_str());
  for (const auto &w : id.warnings) std::printf("警告 Warning: %s / %s\n", w.zh.c_str(), w.en.c_str());
}

int run(const Options &opt) {
  if (!opt.positional().empty()) return usage_error(kSpec, "unexpected argument " + opt.positional()[0]);
  std::optional<std::string> config_path = opt.value("config"), transport = opt.value("transport"), device = opt.value("device"),
                             reader = opt.value("reader");
  const bool show_full = opt.has("show-full");
  double timeout_s = 30;
  if (auto t = opt.value("timeout")) {
    char *end = nullptr;
    timeout_s = std::strtod(t->c_str(), &end);
    if (t->empty() || *end != '\0' || !(timeout_s > 0) || timeout_s > 86400)
      return usage_error(kSpec, "--timeout takes seconds (0 < S ≤ 86400), not '" + *t + "'");
  }
  // The one lookup and parser every command uses; without any config file the reader defaults apply.
  idcard::TransportConfig cfg;
  {
    std::optional<std::filesystem::path> given;
    if (config_path) given = *config_path;
    auto found = core::find_config(given);
    if (!found && (given || std::getenv("GRADBOOTH_CONFIG"))) return core::cli::config_failed("card", found.error());
    if (found) {
      auto strict = core::load_config(*found);
      if (!strict) return core::cli::config_failed("card", strict.error());
      cfg = strict->card;
    }
  }
  if (transport) cfg.kind = *transport;
  if (device) cfg.device = *device;
  if (reader) cfg.reader = *reader;
  if (cfg.kind == "usb" && device) cfg.usb_vid_pid = *device;  // --device 0400:C35A for USB
  if (cfg.kind == "none")
    return core::cli::config_failed("card",
                                    make_error("card.config", "[card] transport is \"none\": give --transport",
                                               "[card] transport 为 \"none\"（未配置读卡器）：请用 --transport 指定"));

  std::mutex m;
  std::condition_variable cv;
  std::optional<idcard::CardIdentity> identity;
  std::optional<Error> fatal;
  idcard::CardReader card_reader(cfg, [&](const idcard::CardEvent &ev) {
    std::lock_guard lock(m);
    if (auto *p = std::get_if<idcard::CardPlaced>(&ev)) {
      if (!identity) identity = p->identity;
    } else if (auto *f = std::get_if<idcard::ReaderFault>(&ev)) {
      std::fprintf(stderr, "%s\n%s\n", f->error.message_zh.c_str(), f->error.message_en.c_str());
      if (!f->recovering) fatal = f->error;
    }
    cv.notify_all();
  });
  std::fprintf(stderr, "请放置证件… / place the ID card on the reader (%s, %.0f s)\n", cfg.kind.c_str(), timeout_s);
  card_reader.start();
  std::unique_lock lock(m);
  cv.wait_for(lock, std::chrono::duration<double>(timeout_s), [&] { return identity || fatal; });
  lock.unlock();
  card_reader.stop();
  if (identity) {
    print_identity(*identity, show_full);
    return exit_code::kOk;
  }
  if (fatal) return exit_code::kSomeFailed;  // the reader answered with an error
  std::fprintf(stderr, "超时：%.0f 秒内未读到证件\ntimeout: no card read within %.0f s\n", timeout_s, timeout_s);
  return exit_code::kTimeout;
}

}  // namespace

extern const Command kCardCommand{kSpec, run, "wait for one ID card and print its holder"};

}  // namespace gradbooth::admin
