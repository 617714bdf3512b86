// toml++ is confined to this translation unit.
#include "config.h"

#include <cstdlib>
#include <fstream>
#include <sstream>

#include <toml++/toml.h>

namespace gradbooth::core {
namespace fs = std::filesystem;

namespace {

template <typename T> void get(const toml::table &t, std::string_view key, T &out) {
  if (auto v = t[key].value<T>()) out = *v;
}
void get_int(const toml::table &t, std::string_view key, int &out) {
  if (auto v = t[key].value<std::int64_t>()) out = static_cast<int>(*v);
}

Result<std::string> read_text(const fs::path &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in)
    return make_error("config.unreadable", "cannot read config file " + file.string(),
                      "无法读取配置文件 " + file.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

} // namespace

Result<Config> parse_config(std::string_view text, const fs::path &base_dir) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error &e) {
    std::ostringstream where;
    where << e.source().begin.line << ":" << e.source().begin.column;
    return make_error("config.syntax", "config syntax error at " + where.str() + ": " + std::string(e.description()),
                      "配置文件语法错误（" + where.str() + "）：" + std::string(e.description()));
  }
  Config c;
  c.raw_text = std::string(text);
  if (auto *s = root["station"].as_table()) {
    get(*s, "school_type", c.station.school_type);
    get(*s, "school_code", c.station.school_code);
    get(*s, "school_name", c.station.school_name);
    get(*s, "contact_person", c.station.contact_person);
    get(*s, "contact_phone", c.station.contact_phone);
    get(*s, "postal_address", c.station.postal_address);
  }
  if (auto *b = root["booth"].as_table()) {
    get(*b, "id", c.booth.id);
    get(*b, "batch", c.booth.batch);
    std::string dd;
    get(*b, "data_dir", dd);
    if (!dd.empty()) c.booth.data_dir = dd;
    get_int(*b, "sequence_first", c.booth.sequence_first);
    get_int(*b, "sequence_last", c.booth.sequence_last);
    get_int(*b, "retake_limit", c.booth.retake_limit);
    get_int(*b, "idle_timeout_s", c.booth.idle_timeout_s);
    get(*b, "supervisor_pin", c.booth.supervisor_pin);
    get(*b, "supervisor_pin_hash", c.booth.supervisor_pin_hash);
    if (c.booth.sequence_first < 1 || c.booth.sequence_last > 9999 ||
        c.booth.sequence_first > c.booth.sequence_last)
      return make_error("config.sequence_range",
                        "[booth] sequence_first..sequence_last must lie within 1..9999",
                        "[booth] 拍摄序号范围必须在 1–9999 之内且起始不大于结束");
  }
  if (auto *r = root["roster"].as_table()) {
    if (auto *lv = (*r)["levels"].as_table()) {
      c.roster.levels.clear();
      for (auto &&[k, v] : *lv)
        if (auto s = v.value<std::string>()) c.roster.levels[std::string(k.str())] = *s;
    }
  }
  if (auto *k = root["card"].as_table()) {
    get(*k, "transport", c.card.transport);
    get(*k, "reader", c.card.reader);
    get(*k, "pcsc_mode", c.card.pcsc_mode);
    get(*k, "pcsc_apdu_header", c.card.pcsc_apdu_header);
    if (auto v = (*k)["pcsc_control_code"].value<std::int64_t>()) c.card.pcsc_control_code = *v;
    get(*k, "usb_vid_pid", c.card.usb_vid_pid);
    get(*k, "serial_device", c.card.serial_device);
    get_int(*k, "serial_baud", c.card.serial_baud);
    get_int(*k, "poll_interval_ms", c.card.poll_interval_ms);
    get_int(*k, "timeout_ms", c.card.timeout_ms);
  }
  if (auto *m = root["camera"].as_table()) {
    get(*m, "model", c.camera.model);
    get(*m, "port", c.camera.port);
    get_int(*m, "liveview_max_fps", c.camera.liveview_max_fps);
    get_int(*m, "capture_timeout_ms", c.camera.capture_timeout_ms);
    get_int(*m, "busy_retries", c.camera.busy_retries);
    get_int(*m, "low_battery_percent", c.camera.low_battery_percent);
  }
  if (auto *u = root["ui"].as_table()) {
    get(*u, "language", c.ui.language);
    get_int(*u, "countdown_s", c.ui.countdown_s);
  }
  if (auto p = root["standard"]["profile"].value<std::string>()) {
    fs::path prof(*p);
    c.standard_profile = prof.is_absolute() || base_dir.empty() ? prof : (base_dir / prof).lexically_normal();
  }
  return c;
}

Result<Config> load_config(const fs::path &file) {
  auto text = read_text(file);
  if (!text) return text.error();
  auto base = fs::absolute(file).parent_path();
  auto c = parse_config(*text, base);
  if (!c) {
    Error e = c.error();
    e.message_en = file.string() + ": " + e.message_en;
    e.message_zh = file.string() + "：" + e.message_zh;
    return e;
  }
  c->file = file;
  return c;
}

Result<fs::path> find_config(const std::optional<fs::path> &cli_path) {
  if (cli_path) {
    if (fs::exists(*cli_path)) return *cli_path;
    return make_error("config.missing", "config file not found: " + cli_path->string(),
                      "找不到配置文件：" + cli_path->string());
  }
  if (const char *env = std::getenv("GRADBOOTH_CONFIG"); env && *env) {
    if (fs::exists(env)) return fs::path(env);
    return make_error("config.missing", std::string("GRADBOOTH_CONFIG points to a missing file: ") + env,
                      std::string("GRADBOOTH_CONFIG 指向的配置文件不存在：") + env);
  }
  const fs::path etc = "/etc/gradbooth/gradbooth.toml";
  if (fs::exists(etc)) return etc;
#ifdef GRADBOOTH_SOURCE_CONFIG
  const fs::path src = GRADBOOTH_SOURCE_CONFIG;
  if (fs::exists(src)) return src;
#endif
  return make_error("config.missing", "no config file: use --config PATH or set GRADBOOTH_CONFIG",
                    "找不到配置文件：请用 --config PATH 或设置 GRADBOOTH_CONFIG");
}

Result<Config> load_config_auto(const std::optional<fs::path> &cli_path) {
  auto p = find_config(cli_path);
  if (!p) return p.error();
  return load_config(*p);
}

} // namespace gradbooth::core
