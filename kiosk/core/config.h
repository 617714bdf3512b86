// The booth's settings: config/gradbooth.toml loaded once into plain structs, strictly: an unknown
// section or key, a wrong type or a value out of range is an error naming file, key and line.
// Lookup order (find_config, used by the daemon and every admin command): --config PATH,
// $GRADBOOTH_CONFIG, /etc/gradbooth/gradbooth.toml, the installed example
// (<prefix>/<datadir>/gradbooth/gradbooth.toml), then the source tree's file (build trees).
#pragma once

#include <gradbooth/result.h>
#include "idcard/transport_config.h"

#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace gradbooth::core {

// [station]: who we are; exported into every package (SPEC §3).
struct StationConfig {
  std::string school_type = "普通高校";      // 所在校别
  std::string school_code = "10433";         // 院校代码
  std::string school_name = "山东理工大学";  // 学校名称
  std::string contact_person;
  std::string contact_phone;
  std::string postal_address;
};

// [booth]: this booth's share of the sequence numbers and where its data lives.
struct BoothConfig {
  std::string id = "booth-1";
  std::string batch = "2026";
  std::filesystem::path data_dir = "/var/lib/gradbooth";
  std::string data_dir_text;  // as read, before it becomes data_dir
  int sequence_first = 1;
  int sequence_last = 9999;
  int retake_limit = 3;
  int idle_timeout_s = 90;
  std::string supervisor_pin;
  std::string supervisor_pin_hash;  // pbkdf2-sha256$…: `gradbooth-admin pin set` writes it; wins over supervisor_pin
};

// [roster]: how a roster's level column maps onto the two levels of the export.
struct RosterConfig {
  std::map<std::string, std::string, std::less<>> levels = {
      {"成人专科", "成人专科"}, {"高起专", "成人专科"}, {"专升本", "成人本科"}, {"高起本", "成人本科"}, {"成人本科", "成人本科"}};
};

// [card]: the reader's transport, exactly as the card driver takes it (its defaults are the only ones).
using CardConfig = idcard::TransportConfig;

// [camera] (drivers/camera reads these).
struct CameraConfig {
  std::string model;
  std::string port;
  std::string replay;  // a video or JPEG folder instead of a camera (demo)
  int liveview_max_fps = 25;
  int capture_timeout_ms = 10000;
  int busy_retries = 5;          // "device busy" on the shutter trigger is retried this often
  int low_battery_percent = 10;  // below this the booth refuses to shoot
};

// [ui]
struct UiConfig {
  std::string language = "zh_CN";
  int countdown_s = 3;
  bool sound = true;  // countdown ticks, the shutter and the done chime (GSound)
};

struct Config {
  StationConfig station;
  BoothConfig booth;
  RosterConfig roster;
  CardConfig card;
  CameraConfig camera;
  UiConfig ui;
  std::filesystem::path file;              // where it was read from (empty: parsed from text)
  std::filesystem::path standard_profile;  // [standard].profile, resolved against the file's folder
  std::string standard_profile_text;       // as written
  std::string landmark_model;              // [standard].landmark_model ('' = the default)
  std::string raw_text;                    // the whole file: models' parse_thresholds(text) reads [checks]
};

// Parses TOML text; relative paths resolve against `base_dir`.
Result<Config> parse_config(std::string_view text, const std::filesystem::path &base_dir = {});
// Reads one file.
Result<Config> load_config(const std::filesystem::path &file);
// The places looked at after --config and $GRADBOOTH_CONFIG, in order.
std::vector<std::filesystem::path> config_search_path();
// The file the lookup order picks (--config value first when given); error when none exists.
Result<std::filesystem::path> find_config(const std::optional<std::filesystem::path> &cli_path = std::nullopt);
// find_config + load_config.
Result<Config> load_config_auto(const std::optional<std::filesystem::path> &cli_path = std::nullopt);

}  // namespace gradbooth::core
