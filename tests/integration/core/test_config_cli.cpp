// A bad config stops every entry point alike with exit 78 (EX_CONFIG), naming file, key and line:
// each admin command that reads the config, and the daemon. `meson install`
// puts the example where the one lookup finds it.
#include "core_fixture.h"

using namespace gradbooth::test;

TEST_CASE("a misspelt or mistyped key stops every admin command and the daemon with exit 78") {
  CoreFixture fx;
  const fs::path bad = fx.root / "bad.toml";
  std::ofstream(bad) << "[booth]\nbatch = \"b\"\ndata_dir = \"" << fx.data().string() << "\"\nsequence_frist = 5000\n";
  const fs::path wrong_type = fx.root / "type.toml";
  std::ofstream(wrong_type) << "[booth]\nsupervisor_pin = 2468\n";
  const fs::path bad_profile = fx.root / "profile.toml";  // the config is fine, its profile has a typo
  std::ofstream(fx.root / "p.toml") << "[output]\nwidth = 960\n\n[framing]\nhead_top_pxx = [71, 94]\n";
  std::ofstream(bad_profile) << "[standard]\nprofile = \"p.toml\"\n";
  const std::string build = std::getenv("GRADBOOTH_BUILD_ROOT");
  const std::string roster = (fx.root / "r.csv").string();
  std::ofstream(roster) << "学号,姓名,身份证号,学历层次\n1,张伟," << fx.students[1].id_number << ",高起专\n";
  const std::vector<std::string> commands = {
      admin_exe() + " roster import " + roster,
      admin_exe() + " export --out " + (fx.root / "e").string(),
      admin_exe() + " stats",
      admin_exe() + " merge a b --out " + (fx.root / "m").string(),
      admin_exe() + " batch --roster " + roster + " --photos " + fx.root.string() + " --out " + (fx.root / "o").string(),
      admin_exe() + " quarantine list",
      admin_exe() + " check " + roster,
      admin_exe() + " card --timeout 1",
      build + "/kiosk/ui/gradbooth --check-config",
      "env -u DISPLAY -u WAYLAND_DISPLAY " + build + "/kiosk/ui/gradbooth --card-transport none",
  };
  for (const auto &cmd : commands) {
    for (const auto &[file, says] : {std::pair{bad, std::string("line 4: [booth] sequence_frist")},
                                     std::pair{wrong_type, std::string("line 2: [booth] supervisor_pin")},
                                     std::pair{bad_profile, std::string("framing.head_top_pxx (line 5)")}}) {
      CAPTURE(cmd);
      int rc = -1;
      const std::string out = sh(cmd + " --config " + file.string(), &rc);
      CHECK_MESSAGE(rc == 78, out);
      CHECK_MESSAGE(out.find(file.string()) != std::string::npos, out);
      CHECK_MESSAGE(out.find(says) != std::string::npos, out);
    }
  }
  // The same file through $GRADBOOTH_CONFIG.
  int rc = -1;
  const std::string out = sh("GRADBOOTH_CONFIG=" + bad.string() + " " + admin_exe() + " stats", &rc);
  CHECK_MESSAGE(rc == 78, out);
  CHECK_FALSE(fs::exists(fx.data()));  // nothing was created
}

TEST_CASE("meson install puts the example config where the lookup finds it; the unit stops on 78") {
  const std::string build = std::getenv("GRADBOOTH_BUILD_ROOT");
  const std::string src = std::getenv("GRADBOOTH_SOURCE_ROOT");
  const auto search = config_search_path();
  REQUIRE(search.size() >= 2);
  int rc = -1;
  const std::string plan = sh("meson introspect " + build + " --installed", &rc);
  REQUIRE(rc == 0);
  // {…, "<src>/config": "<prefix>/<datadir>/gradbooth"}: config/gradbooth.toml lands on search[1].
  CHECK(search[1].filename() == "gradbooth.toml");
  CHECK_MESSAGE(plan.find("\"" + src + "/config\": \"" + search[1].parent_path().string() + "\"") != std::string::npos, plan);
  std::ifstream unit(src + "/systemd/gradbooth.service.in");
  const std::string text((std::istreambuf_iterator<char>(unit)), {});
  CHECK(text.find("\nRestartPreventExitStatus=78\n") != std::string::npos);
}
