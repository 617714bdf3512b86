#include "idcard/card_config.h"

#include <toml++/toml.h>

#include <fstream>
#include <sstream>

namespace gradbooth::idcard {

Result<TransportConfig> parse_card_config(const std::string &text) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error &e) {
    return make_error("config.parse", std::string("cannot parse the configuration: ") + std::string(e.description()),
                      std::string("配置文件格式错误：") + std::string(e.description()));
  }
  TransportConfig c;
  const auto card = root["card"];
  c.kind = card["transport"].value_or(c.kind);
  c.reader = card["reader"].value_or(c.reader);
  c.pcsc_mode = card["pcsc_mode"].value_or(c.pcsc_mode);
  c.apdu_header = card["pcsc_apdu_header"].value_or(c.apdu_header);
  c.control_code = static_cast<unsigned>(card["pcsc_control_code"].value_or(std::int64_t{c.control_code}));
  c.usb_vid_pid = card["usb_vid_pid"].value_or(c.usb_vid_pid);
  c.device = card["serial_device"].value_or(c.device);
  c.baud = static_cast<int>(card["serial_baud"].value_or(std::int64_t{c.baud}));
  c.poll_interval_ms = static_cast<int>(card["poll_interval_ms"].value_or(std::int64_t{c.poll_interval_ms}));
  c.timeout_ms = static_cast<int>(card["timeout_ms"].value_or(std::int64_t{c.timeout_ms}));
  if (c.kind != "pcsc" && c.kind != "usb" && c.kind != "serial")
    return make_error("card.config", "[card] transport must be pcsc, usb or serial, not \"" + c.kind + "\"",
                      "[card] transport 应为 pcsc、usb 或 serial");
  return c;
}

Result<TransportConfig> load_card_config(const std::string &path) {
  std::ifstream in(path);
  if (!in) return make_error("config.open", "cannot open " + path, "无法打开配置文件 " + path);
  std::stringstream s;
  s << in.rdbuf();
  return parse_card_config(s.str());
}

} // namespace gradbooth::idcard
