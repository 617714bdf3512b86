// Strict config: unknown sections and keys, wrong types and out-of-range values
// are errors naming the key and its line; the source tree's gradbooth.toml passes; one lookup.
#include <core/booth_setup.h>
#include <core/config.h>

#include "image/profile.h"
#include "temp_folder.h"
#include "thresholds.h"

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <initializer_list>
#include <string>
#include <vector>

using namespace gradbooth::core;
namespace fs = std::filesystem;

namespace {

gradbooth::Error refused(const std::string &text) {
  auto c = parse_config(text);
  REQUIRE_FALSE(c.ok());
  CHECK_FALSE(c.error().message_zh.empty());
  return c.error();
}

bool has(const std::string &s, const std::string &part) { return s.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("the shipped gradbooth.toml and every key it has pass the strict parser") {
  const char *root = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(root);
  auto c = load_config(fs::path(root) / "config" / "gradbooth.toml");
  REQUIRE_MESSAGE(c.ok(), (c.ok() ? "" : c.error().message_en));
  CHECK(c->booth.supervisor_pin == "2468");
  CHECK(c->card.control_code == 0x42000C00u);
  CHECK(c->landmark_model == "/usr/share/dlib/shape_predictor_68_face_landmarks.dat");
  CHECK(c->booth.data_dir == fs::path("/var/lib/gradbooth"));
}

TEST_CASE("a misspelt key is refused with its line and the key it probably meant") {
  const auto e = refused("[booth]\nbatch = \"2026\"\nsequence_frist = 5000\n");
  CHECK(e.code == "config.unknown_key");
  CHECK(has(e.message_en, "line 3"));
  CHECK(has(e.message_en, "[booth] sequence_frist"));
  CHECK(has(e.message_en, "did you mean sequence_first?"));
  CHECK(has(e.message_zh, "第 3 行"));
}

// A text the strict parser refuses, and what its English message must name.
struct Refusal {
  const char *text;
  std::vector<const char *> named;
};

void check_refusals(std::initializer_list<Refusal> cases) {
  for (const auto &c : cases) {
    CAPTURE(c.text);
    const auto e = refused(c.text);
    for (const char *part : c.named) CHECK_MESSAGE(has(e.message_en, part), e.message_en, " lacks ", part);
  }
}

TEST_CASE("wrong types and out-of-range values are refused, not ignored or wrapped") {
  check_refusals({
      {"[booth]\nsupervisor_pin = 2468\n", {"line 2: [booth] supervisor_pin", "string"}},
      {"[booth]\n\nsequence_last = 4294967297\n", {"line 3: [booth] sequence_last", "1–9999"}},
      {"[booth]\nsequence_first = \"5000\"\n", {"whole number"}},
      {"[booth]\nsequence_first = 0\n", {"got 0"}},
      {"[card]\ntransport = \"bluetooth\"\n", {"\"pcsc\""}},
      {"[card]\npcsc_control_code = -1\n", {"[card] pcsc_control_code", "0–4294967295"}},
      {"[ui]\nlanguage = \"fr\"\n", {"[ui] language"}},
      {"[camera]\nliveview_max_fps = 25.5\n", {"[camera] liveview_max_fps"}},
      {"[roster]\nlevels = { \"高起专\" = \"专科\" }\n", {"成人专科"}},
      {"[booth]\nbatch = \"../x\"\n", {"batch"}},
  });
  CHECK(refused("[booth]\nsupervisor_pin = 2468\n").code == "config.value");
  CHECK(refused("[booth]\nsequence_first = 10\nsequence_last = 5\n").code == "config.sequence_range");
}

TEST_CASE("unknown sections and unknown [checks] names are refused") {
  check_refusals({
      {"[boot]\nid = \"x\"\n", {"[boot]", "did you mean booth?"}},
      {"[checks]\n\"pose_yawn.max\" = 3\n", {"line 2", "pose_yawn.max"}},
      {"[checks]\n\"pose_yaw.max\" = \"8\"\n", {"number"}},
      {"top_level = 1\n", {"top_level"}},
  });
  CHECK(parse_config("[checks]\npose_yaw = { max = 8.0 }\n").ok());
}

TEST_CASE("load_config names the file; the lookup order has the installed example before the source tree") {
  const gradbooth::test::TempFolder scratch("config");
  const fs::path file = scratch.path / "gradbooth.toml";
  std::ofstream(file) << "[station]\nschool_nmae = \"x\"\n";
  auto c = load_config(file);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().message_en.starts_with(file.string() + ": line 2: [station] school_nmae"));
  const auto path = config_search_path();
  REQUIRE(path.size() >= 2);
  CHECK(path[0] == fs::path("/etc/gradbooth/gradbooth.toml"));
  CHECK(path[1].generic_string().ends_with("share/gradbooth/gradbooth.toml"));
  // --config beats $GRADBOOTH_CONFIG beats the rest.
  ::setenv("GRADBOOTH_CONFIG", file.c_str(), 1);
  CHECK(*find_config() == file);
  CHECK(*find_config(fs::path("/etc/hostname")) == fs::path("/etc/hostname"));
  ::unsetenv("GRADBOOTH_CONFIG");
}

TEST_CASE("profiles refuse unknown keys too (the shipped ones pass)") {
  const char *root = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(root);
  for (const char *name : {"xinhua-960x1280.toml", "legacy-480x640.toml"}) {
    std::ifstream in(fs::path(root) / "config" / "profiles" / name);
    const std::string text((std::istreambuf_iterator<char>(in)), {});
    auto s = gradbooth::models::parse_standard(text);
    CHECK_MESSAGE(s.ok(), name, ": ", (s.ok() ? "" : s.error().message_en));
  }
  auto typo = gradbooth::models::parse_standard("[output]\nwidth = 960\n\n[framing]\nhead_top_pxx = [71, 94]\n");
  REQUIRE_FALSE(typo.ok());
  CHECK(has(typo.error().message_en, "framing.head_top_pxx (line 5)"));
  auto section = gradbooth::models::parse_standard("[backgroud]\nrgb = [1, 2, 3]\n");
  REQUIRE_FALSE(section.ok());
  CHECK(has(section.error().message_en, "backgroud.rgb"));
  // Through load_config: the config file and the profile file are both named.
  const gradbooth::test::TempFolder scratch("profile");
  const fs::path dir = scratch.path;
  std::ofstream(dir / "p.toml") << "[output]\nwidth = 960\n\n[framing]\nhead_top_pxx = [71, 94]\n";
  std::ofstream(dir / "g.toml") << "[standard]\nprofile = \"p.toml\"\n";
  auto c = load_config(dir / "g.toml");
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().code == "config.profile");
  CHECK(has(c.error().message_en, (dir / "g.toml").string()));
  CHECK(has(c.error().message_en, (dir / "p.toml").string()));
  CHECK(has(c.error().message_en, "framing.head_top_pxx (line 5)"));
}

TEST_CASE("booth_setup: the profile beside the config, thresholds layered defaults → profile → config") {
  const char *root = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(root);
  const gradbooth::test::TempFolder scratch("setup");
  const fs::path dir = scratch.path;
  fs::create_directories(dir / "profiles");
  {  // the shipped profile with one [checks] value of its own
    std::ifstream in(fs::path(root) / "config" / "profiles" / "xinhua-960x1280.toml");
    std::string text((std::istreambuf_iterator<char>(in)), {});
    const std::string key = "\"background_delta_e.max\" = 12.0";
    REQUIRE(text.find(key) != std::string::npos);
    text.replace(text.find(key), key.size(), "\"background_delta_e.max\" = 9.0");
    std::ofstream(dir / "profiles" / "xinhua-960x1280.toml") << text;
  }
  std::ofstream(dir / "g.toml") << "[standard]\nprofile = \"profiles/xinhua-960x1280.toml\"\n"
                                   "landmark_model = \"/models/68.dat\"\n\n[checks]\n\"light_ratio.min\" = 0.5\n";
  auto c = load_config(dir / "g.toml");
  REQUIRE(c.ok());
  auto s = booth_setup(*c);
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message_en));
  const auto &defaults = gradbooth::models::default_thresholds().values;
  CHECK(s->standard.profile.name == "xinhua-960x1280");
  CHECK(s->landmark_model == "/models/68.dat");
  CHECK(s->config.file == dir / "g.toml");
  CHECK(s->standard.thresholds.values.size() == defaults.size());
  CHECK(s->standard.thresholds.get("light_ratio.min", 0) == 0.5);                       // the config's [checks]
  CHECK(s->standard.thresholds.get("background_delta_e.max", 0) == 9.0);                // the profile's [checks]
  CHECK(s->standard.thresholds.get("pose_yaw.max", 0) == defaults.at("pose_yaw.max"));  // built in
  // No [standard] at all: the default profile beside the file and Debian's landmark model.
  std::ofstream(dir / "bare.toml") << "[booth]\nbatch = \"2026\"\n";
  auto bare = booth_setup(*load_config(dir / "bare.toml"));
  REQUIRE(bare.ok());
  CHECK(bare->landmark_model == "/usr/share/dlib/shape_predictor_68_face_landmarks.dat");
  fs::remove(dir / "profiles" / "xinhua-960x1280.toml");
  auto missing = booth_setup(*load_config(dir / "bare.toml"));
  REQUIRE_FALSE(missing.ok());
  CHECK(missing.error().code == "config.profile");
  CHECK(has(missing.error().message_en, "xinhua-960x1280.toml"));
}
