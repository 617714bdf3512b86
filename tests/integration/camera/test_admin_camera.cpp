// gradbooth-admin camera, the photographer's setup check, against the emulator (the body
// GRADBOOTH_CAMERA_VENDOR names) and a replay.
#include "body_under_test.h"
#include "emulator_process.h"
#include "synthetic_pictures.h"

#include <doctest/doctest.h>

#include <sys/wait.h>

#include <algorithm>
#include <fstream>
#include <iterator>

using namespace gradbooth::camera::testing;

namespace {

std::string admin_path() {
  const char *root = std::getenv("GRADBOOTH_BUILD_ROOT");
  return std::string(root ? root : ".") + "/kiosk/admin/gradbooth-admin";
}

std::string read_text(const std::filesystem::path &p) {
  std::ifstream f(p);
  return std::string(std::istreambuf_iterator<char>(f), std::istreambuf_iterator<char>());
}

int run_admin(const std::string &args, std::string *out) { return run_command("'" + admin_path() + "' camera " + args + " 2>&1", out); }

}  // namespace

TEST_CASE("summary, capture and preview through the emulator") {
  TempDir tmp;
  ::setenv("HOME", tmp.path.c_str(), 1);
  const auto frames = make_liveview_dir(tmp.path / "lv", 3);
  const auto captures = make_capture_dir(tmp.path / "cap", {{2400, 1600}});
  const BodyUnderTest body = body_under_test();
  EmulatorProcess emu({"--liveview", (tmp.path / "lv").string(), "--captures", (tmp.path / "cap").string(), "--vendor", body.vendor});
  REQUIRE(emu.start());
  const std::string port = "--port " + emu.gphoto_port() + " ";

  std::string out;
  REQUIRE_MESSAGE(run_admin(port + "summary --json", &out) == 0, out);
  CHECK(out.find("\"model\": \"" + body.model + "\"") != std::string::npos);
  CHECK(out.find("\"battery_percent\": " + std::to_string(body.battery_shown(80))) != std::string::npos);

  // Someone left libgphoto2's capture target on the memory card (its settings file, as
  // `gphoto2 --set-config capturetarget=1` leaves it): the driver puts the shot in RAM again.
  const auto settings = tmp.path / ".gphoto" / "settings";
  std::filesystem::create_directories(settings.parent_path());
  {
    std::ofstream f(settings, std::ios::app);
    f << "ptp2=capturetarget=card\n";
  }
  out.clear();
  const std::size_t before = emu.journal().size();
  const auto shot = tmp.path / "shot.jpg";
  REQUIRE_MESSAGE(run_admin(port + "capture --out '" + shot.string() + "'", &out) == 0, out);
  CHECK(read_bytes(shot) == captures[0]);
  const std::string after = read_text(settings);
  CHECK(after.find("ptp2=capturetarget=sdram") != std::string::npos);
  CHECK(after.find("ptp2=capturetarget=card") == std::string::npos);
  // On EOS the target is the body's own setting: the shot went through RAM, not the card.
  if (body.canon()) {
    CHECK(emu.wait_for("RELEASED", before, 2000));
    int deleted = 0;
    for (std::size_t i = before; i < emu.journal().size(); ++i) deleted += emu.journal()[i].rfind("DELETED", 0) == 0;
    CHECK(deleted == 0);
  }

  out.clear();
  REQUIRE_MESSAGE(run_admin(port + "preview --frames 4 --out '" + (tmp.path / "pv").string() + "'", &out) == 0, out);
  for (int i = 1; i <= 4; ++i) {
    const Bytes f = read_bytes(tmp.path / "pv" / ("frame_000" + std::to_string(i) + ".jpg"));
    CHECK(std::find(frames.begin(), frames.end(), f) != frames.end());
  }
}

TEST_CASE("a camera that is not there: exit 1 with the reason in Chinese and English") {
  std::string out;
  CHECK(run_admin("--port ptpip:127.0.0.1:1:2 summary", &out) == 1);
  CHECK(out.find("[camera.disconnected]") != std::string::npos);
  CHECK(out.find("与相机的连接已断开") != std::string::npos);
}

TEST_CASE("replay camera for the demo: capture is camera-sized") {
  TempDir tmp;
  make_liveview_dir(tmp.path / "lv", 2);
  std::string out;
  const auto shot = tmp.path / "shot.jpg";
  REQUIRE_MESSAGE(run_admin("--replay '" + (tmp.path / "lv").string() + "' capture --out '" + shot.string() + "'", &out) == 0, out);
  CHECK(cv::imdecode(read_bytes(shot), cv::IMREAD_COLOR).cols >= 3000);
}
