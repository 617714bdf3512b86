// The gphoto2 camera through the real libgphoto2 ptp2 driver, against the PTP/IP emulator,
// as the body GRADBOOTH_CAMERA_VENDOR names (Nikon's standard PTP path or Canon's EOS path).
#include "gphoto2_rig.h"

#include <doctest/doctest.h>

using namespace gradbooth;
using namespace gradbooth::camera;
using namespace gradbooth::camera::testing;

TEST_CASE("open reads model, serial and battery from the camera") {
  EmulatorProcess emu(rig().args({"--battery", "64"}));
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "");
  REQUIRE(cam->open().ok());
  auto st = cam->status();
  REQUIRE(st.ok());
  CHECK(st->model == body().model);
  CHECK(st->serial == body().serial);
  CHECK(st->port == emu.gphoto_port());
  CHECK(st->battery_percent == body().battery_shown(64));
  CHECK(st->connected);
  cam->close();
  CHECK_FALSE(cam->status()->connected);
  // Named as libgphoto2's PTP/IP entry for the family ([camera] model), it is the same body.
  auto named = make_gphoto2_camera(emu.gphoto_port(), body().wlan_model);
  REQUIRE(named->open().ok());
  CHECK(named->status()->model == body().model);
  REQUIRE(named->preview().ok());
}

TEST_CASE("live view frames arrive, decode, and are the emulator's frames") {
  Session s;
  auto &cam = s.cam;
  for (int i = 0; i < 12; ++i) {
    cv::Mat img = cv::imdecode(check_live_frame(*cam), cv::IMREAD_COLOR);
    CHECK(img.cols == 640);
    CHECK(img.rows == 426);
  }
}

TEST_CASE("capture returns the exact bytes, then deletes the file on the camera") {
  Session s;
  auto &[emu, cam] = s;
  REQUIRE(cam->preview().ok());  // live view first, as in the booth
  for (int i = 0; i < 3; ++i) {
    auto shot = cam->capture();
    REQUIRE_MESSAGE(shot.ok(), shot.error().message_en);
    CHECK(shot->bytes == rig().captures[static_cast<std::size_t>(i)]);
    CHECK(shot->name.rfind(body().name_prefix, 0) == 0);
    REQUIRE(emu.wait_for(body().freed, 0, 2000));
  }
  const auto &j = emu.journal();
  CHECK(count_prefix(j, "CAPTURED") == 3);
  CHECK(count_prefix(j, "DOWNLOADED") == 3);
  CHECK(count_prefix(j, body().freed) == 3);  // nothing of the shots is left on the camera
  // Live view still works after the shots.
  CHECK(cam->preview().ok());
}

TEST_CASE("device busy: retried on trigger; past libgphoto2's retries, live view says camera.busy") {
  Session s({"--fault", "busy:3"});
  auto &[emu, cam] = s;
  check_capture(*cam, 0);  // three busy answers, then the shot
  // The body really said "busy" three times, to three triggers, on one connection.
  CHECK(count_prefix(emu.journal(), "BUSY") == 3);
  CHECK(count_prefix(emu.journal(), "CAPTURED") == 1);
  CHECK(sessions(emu) == 1);

  // libgphoto2 retries a busy live view itself (Nikon 20 times, EOS for about 3 s), then
  // gives up: the driver says camera.busy, and the next frame comes once the body is ready.
  const int n = body().live_busy_outlasting;
  Session s2({"--fault", "busy:" + std::to_string(n)});
  auto &[emu2, cam2] = s2;
  auto f = cam2->preview();
  check_fails(f, "camera.busy");
  CHECK_FALSE(f.error().message_zh.empty());
  const int busy_before_giving_up = count_prefix(emu2.journal(), "BUSY");
  CHECK(busy_before_giving_up > 1);
  CHECK(busy_before_giving_up < n);
  check_live_frame(*cam2);
  CHECK(count_prefix(emu2.journal(), "BUSY") == n);  // every busy answer was asked for
  CHECK(sessions(emu2) == 1);                        // busy never costs the connection
}

TEST_CASE("a link dropped mid-download is camera.disconnected and the next capture recovers") {
  Session s({"--fault", "drop-mid-object"});
  auto &[emu, cam] = s;
  auto shot = cam->capture();
  check_fails(shot, "camera.disconnected");
  CHECK_FALSE(cam->status()->connected);
  CHECK(sessions(emu) == 1);
  check_capture(*cam, 1);     // reopens by itself
  CHECK(sessions(emu) == 2);  // exactly one reconnect
}

TEST_CASE("a capture whose file is never announced times out, and the next one works") {
  Session s({"--fault", "no-object-added"});
  auto &[emu, cam] = s;
  auto shot = cam->capture();
  check_fails(shot, "camera.timeout");
  check_capture(*cam, 1);
  CHECK(count_prefix(emu.journal(), "CAPTURED") == 2);
  CHECK(sessions(emu) == 1);  // a late file is not a lost link
}

TEST_CASE("autofocus that cannot lock: camera.focus_failed with its own text, nothing shot, link kept") {
  Session s({"--fault", "af-fail"});
  auto &[emu, cam] = s;
  REQUIRE(cam->preview().ok());  // live view first, as in the booth
  auto shot = cam->capture();
  check_fails(shot, "camera.focus_failed");
  CHECK(shot.error().message_en.find("could not focus") != std::string::npos);
  CHECK(shot.error().message_zh.find("相机无法对焦") != std::string::npos);
  CHECK(count_prefix(emu.journal(), "AF-FAILED") == 1);
  CHECK(count_prefix(emu.journal(), "CAPTURED") == 0);
  CHECK(cam->status()->connected);
  // The retake works on the same connection.
  check_capture(*cam, 0);
  CHECK(sessions(emu) == 1);
}

TEST_CASE("a file announced again by a later trigger is refused as camera.file_mismatch") {
  Session s({"--fault", "stale-object"});
  auto &[emu, cam] = s;
  auto first = cam->capture();
  REQUIRE(first.ok());
  auto second = cam->capture();  // the camera names the first shot's file again
  check_fails(second, "camera.file_mismatch");
  check_capture(*cam, 2);
}

TEST_CASE("no card and low battery refuse the shot with their own errors") {
  SUBCASE("no card") {
    Session s({"--fault", "no-card"});
    auto &[emu, cam] = s;
    auto shot = cam->capture();
    check_fails(shot, "camera.no_card");
    CHECK(count_prefix(emu.journal(), "CAPTURED") == 0);  // nothing was shot
  }
  SUBCASE("battery low") {
    Session s({"--battery", "4"});
    auto &[emu, cam] = s;
    auto shot = cam->capture();
    check_fails(shot, "camera.battery_low");
    CHECK(cam->status()->battery_percent == body().battery_shown(4));
    CHECK(count_prefix(emu.journal(), "CAPTURED") == 0);
  }
}

TEST_CASE("a camera that stops answering is camera.asleep; it is reopened when it wakes") {
  Session s({"--fault", "asleep"});
  auto &[emu, cam] = s;
  auto f = cam->preview();  // the emulator swallows this request
  check_fails(f, "camera.asleep");
  CHECK_FALSE(cam->status()->connected);
  check_live_frame(*cam);
  CHECK(sessions(emu) == 2);  // woken by a fresh connection
}

TEST_CASE("unplugged camera: camera.disconnected, then back without restarting anything") {
  Session s;
  auto &[emu, cam] = s;
  REQUIRE(cam->preview().ok());
  emu.stop();
  auto f = cam->preview();
  check_fails(f, "camera.disconnected");
  auto while_away = cam->preview();  // reopen fails: nobody listens
  check_fails(while_away, "camera.disconnected");
  REQUIRE(emu.restart());
  check_live_frame(*cam);
  check_capture(*cam, 0);
  CHECK(sessions(emu) == 2);  // one before the unplug, one after (the restarted camera counts anew)
}

TEST_CASE("a PTP/IP port where nothing listens is camera.disconnected, answered at once") {
  auto cam = make_gphoto2_camera("ptpip:127.0.0.1:1:2", "");
  Status s = cam->open();
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "camera.disconnected");
}
