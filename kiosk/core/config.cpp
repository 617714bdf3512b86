// toml++ is confined to this translation unit. Every key of gradbooth.toml is in one table
// (kKeys): its section, name, type and allowed values. A key not in the table, a value of the
// wrong type or outside its range is an error naming the key and its line — a typo must never
// silently keep a default (a misspelt sequence_first would number from 0001 and collide).
#include "config.h"

#include "store.h"          // valid_batch_name
#include "thresholds.h"     // models/: the [checks] names
#include "image/profile.h"  // models/: the image-standard profile [standard].profile names

#include <cstdlib>
#include <fstream>
#include <functional>
#include <set>
#include <sstream>

#include <toml++/toml.h>

namespace gradbooth::core {
namespace fs = std::filesystem;

namespace {

// Returns an error text ("must be …") or nothing.
using Setter = std::function<std::optional<std::string>(const toml::node &, Config &)>;

struct Key {
  const char *section;
  const char *name;
  Setter set;
};

Setter text(std::function<std::string &(Config &)> field, std::set<std::string> allowed = {}) {
  return [field, allowed](const toml::node &n, Config &c) -> std::optional<std::string> {
    const auto *s = n.as_string();
    if (!s) return std::string("must be a string (in double quotes)");
    if (!allowed.empty() && !allowed.count(s->get())) {
      std::string list;
      for (const auto &a : allowed) list += (list.empty() ? "" : ", ") + ("\"" + a + "\"");
      return "must be one of " + list;
    }
    field(c) = s->get();
    return std::nullopt;
  };
}

template <typename Int> Setter integer(std::function<Int &(Config &)> field, std::int64_t lo, std::int64_t hi) {
  return [field, lo, hi](const toml::node &n, Config &c) -> std::optional<std::string> {
    const auto *i = n.as_integer();
    const std::string range = std::to_string(lo) + "–" + std::to_string(hi);
    if (!i) return "must be a whole number " + range + " (without quotes)";
    if (i->get() < lo || i->get() > hi) return "must be " + range + " (got " + std::to_string(i->get()) + ")";
    field(c) = static_cast<Int>(i->get());
    return std::nullopt;
  };
}

Setter boolean(std::function<bool &(Config &)> field) {
  return [field](const toml::node &n, Config &c) -> std::optional<std::string> {
    const auto *b = n.as_boolean();
    if (!b) return std::string("must be true or false (without quotes)");
    field(c) = b->get();
    return std::nullopt;
  };
}

Setter pin(std::function<std::string &(Config &)> field) {
  return [field](const toml::node &n, Config &c) -> std::optional<std::string> {
    const auto *s = n.as_string();
    if (!s) return std::string("must be a string of 4–12 digits in double quotes (\"2468\")");
    const std::string &v = s->get();
    // Empty: no PIN in clear (`gradbooth-admin pin set` empties it when it writes the hash).
    if (!v.empty() && (v.size() < 4 || v.size() > 12 || v.find_first_not_of("0123456789") != std::string::npos))
      return std::string("must be 4–12 digits, or \"\" with supervisor_pin_hash");
    field(c) = v;
    return std::nullopt;
  };
}

std::optional<std::string> set_levels(const toml::node &n, Config &c) {
  const auto *t = n.as_table();
  if (!t) return std::string("must be a table: { \"高起专\" = \"成人专科\", … }");
  c.roster.levels.clear();
  for (auto &&[k, v] : *t) {
    const auto *s = v.as_string();
    if (!s || (s->get() != "成人专科" && s->get() != "成人本科"))
      return "\"" + std::string(k.str()) + "\" must map to \"成人专科\" or \"成人本科\"";
    c.roster.levels[std::string(k.str())] = s->get();
  }
  return std::nullopt;
}

// The whole file. A key added to the program is one line here.
const std::vector<Key> &keys() {
  static const std::vector<Key> k = {
      {"station", "school_type", text([](Config &c) -> std::string & { return c.station.school_type; })},
      {"station", "school_code", text([](Config &c) -> std::string & { return c.station.school_code; })},
      {"station", "school_name", text([](Config &c) -> std::string & { return c.station.school_name; })},
      {"station", "contact_person", text([](Config &c) -> std::string & { return c.station.contact_person; })},
      {"station", "contact_phone", text([](Config &c) -> std::string & { return c.station.contact_phone; })},
      {"station", "postal_address", text([](Config &c) -> std::string & { return c.station.postal_address; })},
      {"booth", "id", text([](Config &c) -> std::string & { return c.booth.id; })},
      {"booth", "batch", text([](Config &c) -> std::string & { return c.booth.batch; })},
      {"booth", "data_dir", text([](Config &c) -> std::string & { return c.booth.data_dir_text; })},
      {"booth", "sequence_first", integer<int>([](Config &c) -> int & { return c.booth.sequence_first; }, 1, 9999)},
      {"booth", "sequence_last", integer<int>([](Config &c) -> int & { return c.booth.sequence_last; }, 1, 9999)},
      {"booth", "retake_limit", integer<int>([](Config &c) -> int & { return c.booth.retake_limit; }, 1, 99)},
      {"booth", "idle_timeout_s", integer<int>([](Config &c) -> int & { return c.booth.idle_timeout_s; }, 10, 3600)},
      {"booth", "supervisor_pin", pin([](Config &c) -> std::string & { return c.booth.supervisor_pin; })},
      {"booth", "supervisor_pin_hash", text([](Config &c) -> std::string & { return c.booth.supervisor_pin_hash; })},
      {"roster", "levels", set_levels},
      {"card", "transport", text([](Config &c) -> std::string & { return c.card.kind; }, {"pcsc", "usb", "serial", "none"})},
      {"card", "reader", text([](Config &c) -> std::string & { return c.card.reader; })},
      {"card", "pcsc_mode", text([](Config &c) -> std::string & { return c.card.pcsc_mode; }, {"frame", "chunked", "control"})},
      {"card", "pcsc_apdu_header", text([](Config &c) -> std::string & { return c.card.apdu_header; })},
      {"card", "pcsc_control_code", integer<unsigned>([](Config &c) -> unsigned & { return c.card.control_code; }, 0, 0xFFFFFFFFll)},
      {"card", "usb_vid_pid", text([](Config &c) -> std::string & { return c.card.usb_vid_pid; })},
      {"card", "serial_device", text([](Config &c) -> std::string & { return c.card.device; })},
      {"card", "serial_baud", integer<int>([](Config &c) -> int & { return c.card.baud; }, 1200, 4000000)},
      {"card", "poll_interval_ms", integer<int>([](Config &c) -> int & { return c.card.poll_interval_ms; }, 10, 10000)},
      {"card", "timeout_ms", integer<int>([](Config &c) -> int & { return c.card.timeout_ms; }, 100, 60000)},
      {"camera", "model", text([](Config &c) -> std::string & { return c.camera.model; })},
      {"camera", "port", text([](Config &c) -> std::string & { return c.camera.port; })},
      {"camera", "replay", text([](Config &c) -> std::string & { return c.camera.replay; })},
      {"camera", "liveview_max_fps", integer<int>([](Config &c) -> int & { return c.camera.liveview_max_fps; }, 1, 60)},
      {"camera", "capture_timeout_ms", integer<int>([](Config &c) -> int & { return c.camera.capture_timeout_ms; }, 1000, 120000)},
      {"camera", "busy_retries", integer<int>([](Config &c) -> int & { return c.camera.busy_retries; }, 0, 100)},
      {"camera", "low_battery_percent", integer<int>([](Config &c) -> int & { return c.camera.low_battery_percent; }, 0, 100)},
      {"standard", "profile", text([](Config &c) -> std::string & { return c.standard_profile_text; })},
      {"standard", "landmark_model", text([](Config &c) -> std::string & { return c.landmark_model; })},
      {"ui", "language", text([](Config &c) -> std::string & { return c.ui.language; }, {"zh_CN", "en"})},
      {"ui", "countdown_s", integer<int>([](Config &c) -> int & { return c.ui.countdown_s; }, 0, 10)},
      {"ui", "sound", boolean([](Config &c) -> bool & { return c.ui.sound; })},
  };
  return k;
}

// [checks] is the models' table: its names are the thresholds models knows.
constexpr const char *kChecks = "checks";

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> prev(b.size() + 1), cur(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) prev[j] = j;
  for (std::size_t i = 1; i <= a.size(); ++i) {
    cur[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j)
      cur[j] = std::min({prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1)});
    std::swap(prev, cur);
  }
  return prev[b.size()];
}

std::string suggestion(std::string_view got, const std::vector<std::string> &known) {
  std::string best;
  std::size_t best_d = 3;
  for (const auto &k : known)
    if (auto d = edit_distance(got, k); d < best_d) best_d = d, best = k;
  return best.empty() ? "" : " (did you mean " + best + "?)";
}

Error config_error(const char *code, const toml::source_region &where, const std::string &key, const std::string &what_en,
                   const std::string &what_zh) {
  const std::string line = std::to_string(where.begin.line);
  return make_error(code, "line " + line + ": " + key + ": " + what_en, "第 " + line + " 行：" + key + "：" + what_zh);
}

// [checks], flat ("pose_yaw.max" = 8) or nested: every name must be one models knows.
std::optional<Error> check_thresholds(const toml::table &t, const std::string &prefix) {
  const auto &known = models::default_thresholds().values;
  for (auto &&[k, v] : t) {
    const std::string name = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const auto *sub = v.as_table()) {
      if (auto e = check_thresholds(*sub, name)) return e;
      continue;
    }
    if (!known.count(name)) {
      std::vector<std::string> names;
      for (const auto &[n, _] : known) names.push_back(n);
      return config_error("config.unknown_key", v.source(), "[checks] " + name, "unknown threshold" + suggestion(name, names),
                          "未知的阈值名" + suggestion(name, names));
    }
    if (!v.is_number()) return config_error("config.type", v.source(), "[checks] " + name, "must be a number", "必须是数字");
  }
  return std::nullopt;
}

Result<std::string> read_text(const fs::path &file) {
  std::ifstream in(file, std::ios::binary);
  if (!in) return make_error("config.unreadable", "cannot read config file " + file.string(), "无法读取配置文件 " + file.string());
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

}  // namespace

Result<Config> parse_config(std::string_view text, const fs::path &base_dir) {
  toml::table root;
  try {
    root = toml::parse(text);
  } catch (const toml::parse_error &e) {
    std::ostringstream where;
    where << e.source().begin.line << ":" << e.source().begin.column;
    return make_error("config.syntax", "config syntax error at line " + where.str() + ": " + std::string(e.description()),
                      "配置文件语法错误（第 " + where.str() + " 处）：" + std::string(e.description()));
  }
  Config c;
  c.raw_text = std::string(text);
  c.booth.data_dir_text = c.booth.data_dir.string();
  std::set<std::string> sections;
  for (const auto &k : keys()) sections.insert(k.section);
  sections.insert(kChecks);
  for (auto &&[sec_key, sec_node] : root) {
    const std::string sec(sec_key.str());
    const auto *table = sec_node.as_table();
    if (!sections.count(sec)) {
      const std::vector<std::string> known(sections.begin(), sections.end());
      return config_error("config.unknown_key", sec_node.source(), "[" + sec + "]", "unknown section" + suggestion(sec, known),
                          "未知的配置节" + suggestion(sec, known));
    }
    if (!table) return config_error("config.type", sec_node.source(), sec, "must be a section [" + sec + "]", "必须是配置节 [" + sec + "]");
    if (sec == kChecks) {
      if (auto e = check_thresholds(*table, "")) return *e;
      continue;
    }
    for (auto &&[key, node] : *table) {
      const std::string name(key.str());
      const Key *rule = nullptr;
      std::vector<std::string> names;
      for (const auto &k : keys())
        if (k.section == sec) {
          names.push_back(k.name);
          if (k.name == name) rule = &k;
        }
      const std::string where = "[" + sec + "] " + name;
      if (!rule)
        return config_error("config.unknown_key", node.source(), where, "unknown key" + suggestion(name, names),
                            "未知的配置项" + suggestion(name, names));
      if (auto bad = rule->set(node, c)) return config_error("config.value", node.source(), where, *bad, "取值不正确：" + *bad);
    }
  }
  // Rules that join keys.
  if (c.booth.sequence_first > c.booth.sequence_last)
    return make_error("config.sequence_range", "[booth] sequence_first must not be greater than sequence_last",
                      "[booth] 拍摄序号起始值不能大于结束值");
  if (!valid_batch_name(c.booth.batch))
    return make_error("config.value", "[booth] batch: '" + c.booth.batch + "' may hold only letters, digits, - _ .",
                      "[booth] batch：批次名“" + c.booth.batch + "”只能包含字母、数字和 - _ .");
  if (c.booth.data_dir_text.empty()) return make_error("config.value", "[booth] data_dir must not be empty", "[booth] data_dir 不能为空");
  c.booth.data_dir = c.booth.data_dir_text;
  if (!c.standard_profile_text.empty()) {
    fs::path prof(c.standard_profile_text);
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
  // The profile is part of the configuration: checked as strictly, and named when it is wrong.
  if (!c->standard_profile.empty()) {
    const fs::path &prof = c->standard_profile;
    auto ptext = read_text(prof);
    auto fail = [&](const Error &why) -> Error {
      return make_error("config.profile", file.string() + ": [standard] profile " + prof.string() + ": " + why.message_en,
                        file.string() + "：[standard] profile " + prof.string() + "：" + why.message_zh);
    };
    if (!ptext) return fail(ptext.error());
    if (auto s = models::parse_standard(*ptext); !s) return fail(s.error());
    if (auto t = models::parse_thresholds(*ptext); !t) return fail(t.error());
  }
  return c;
}

std::vector<fs::path> config_search_path() {
  std::vector<fs::path> p = {"/etc/gradbooth/gradbooth.toml"};
#ifdef GRADBOOTH_INSTALLED_CONFIG
  p.emplace_back(GRADBOOTH_INSTALLED_CONFIG);  // `meson install` puts config/ under <datadir>/gradbooth
#endif
#ifdef GRADBOOTH_SOURCE_CONFIG
  p.emplace_back(GRADBOOTH_SOURCE_CONFIG);  // running from a build tree
#endif
  return p;
}

Result<fs::path> find_config(const std::optional<fs::path> &cli_path) {
  if (cli_path) {
    if (fs::exists(*cli_path)) return *cli_path;
    return make_error("config.missing", "config file not found: " + cli_path->string(), "找不到配置文件：" + cli_path->string());
  }
  if (const char *env = std::getenv("GRADBOOTH_CONFIG"); env && *env) {
    if (fs::exists(env)) return fs::path(env);
    return make_error("config.missing", std::string("GRADBOOTH_CONFIG points to a missing file: ") + env,
                      std::string("GRADBOOTH_CONFIG 指向的配置文件不存在：") + env);
  }
  std::string tried;
  for (const auto &p : config_search_path()) {
    std::error_code ec;
    if (fs::exists(p, ec)) return p;
    tried += (tried.empty() ? "" : ", ") + p.string();
  }
  return make_error("config.missing", "no config file (looked in " + tried + "): use --config PATH or set GRADBOOTH_CONFIG",
                    "找不到配置文件（已查找 " + tried + "）：请用 --config PATH 或设置 GRADBOOTH_CONFIG");
}

Result<Config> load_config_auto(const std::optional<fs::path> &cli_path) {
  auto p = find_config(cli_path);
  if (!p) return p.error();
  return load_config(*p);
}

}  // namespace gradbooth::core
