// CameraWorker driving the real libgphoto2 camera against the PTP/IP emulator: its own thread,
// faults and recovery, focus failures, low battery; and the demo emulator's captures.
#include "camera/camera_worker.h"
#include "gphoto2_rig.h"
#include "worker_log.h"

#include <doctest/doctest.h>

using namespace gradbooth;
using namespace gradbooth::camera;
using namespace gradbooth::camera::testing;

TEST_CASE("CameraWorker: live view, a capture, an unplug and the recovery, all on its own thread") {
  EmulatorProcess emu(rig().args());
  REQUIRE(emu.start());
  WorkerLog log;
  log.frame_ok = is_served_frame;
  CameraWorker worker(make_gphoto2_camera(emu.gphoto_port(), "", quick()), log.callbacks(), 50);
  worker.start();
  REQUIRE(log.wait([&] { return log.frames >= 10; }));
  worker.request_capture();
  REQUIRE(log.wait([&] { return log.captures.size() == 1; }));
  log.read([&] {
    REQUIRE(log.captures.front().ok());
    CHECK(log.captures.front()->bytes == rig().captures[0]);
    CHECK(log.good_frames == log.frames);
  });
  emu.stop();
  REQUIRE(log.wait([&] { return !log.faults.empty(); }));
  log.read([&] { CHECK(log.faults.front().code == "camera.disconnected"); });
  REQUIRE(emu.restart());
  const int before = log.read([&] { return log.frames; });
  REQUIRE(log.wait([&] { return log.frames >= before + 10; }));
  worker.stop();
  // All callbacks of all kinds (status, frames, the capture, the faults) came from one
  // thread, the worker's, never the caller's: libgphoto2 is only ever driven from there.
  log.read([&] {
    CHECK(log.callbacks_run >= log.frames + 1 + static_cast<int>(log.faults.size()));
    CHECK(log.callback_threads.size() == 1);
    CHECK(log.callback_threads.count(std::this_thread::get_id()) == 0);
  });
  CHECK(sessions(emu) == 2);  // one connection before the unplug, one after
  CHECK(count_prefix(emu.journal(), "CAPTURED") == 1);
}

TEST_CASE("CameraWorker: a shot without focus comes back as camera.focus_failed; live view carries on") {
  EmulatorProcess emu(rig().args({"--fault", "af-fail"}));
  REQUIRE(emu.start());
  WorkerLog log;
  CameraWorker worker(make_gphoto2_camera(emu.gphoto_port(), "", quick()), log.callbacks(), 50);
  worker.start();
  REQUIRE(log.wait([&] { return log.frames >= 5; }));
  worker.request_capture();
  REQUIRE(log.wait([&] { return !log.captures.empty(); }));
  log.read([&] {
    const auto &shot = log.captures.front();
    // What the booth shows as the retake reason, in both languages.
    check_fails(shot, "camera.focus_failed");
    CHECK(shot.error().message_zh.find("相机无法对焦") != std::string::npos);
    CHECK(shot.error().message_en.find("could not focus") != std::string::npos);
  });
  const int frames_then = log.read([&] { return log.frames; });
  REQUIRE(log.wait([&] { return log.frames >= frames_then + 5; }));
  log.read([&] {
    CHECK(log.faults.empty());     // not a device fault: nobody is called to the booth
    CHECK(log.disconnected == 0);  // and the camera stays connected
  });
  worker.stop();
  CHECK(sessions(emu) == 1);
  CHECK(count_prefix(emu.journal(), "AF-FAILED") == 1);
  CHECK(count_prefix(emu.journal(), "CAPTURED") == 0);
}

TEST_CASE("CameraWorker warns the supervisor of a low battery as soon as it connects") {
  EmulatorProcess emu(rig().args({"--battery", "12"}));  // EOS: its "Low" step
  REQUIRE(emu.start());
  WorkerLog log;
  CameraWorker worker(make_gphoto2_camera(emu.gphoto_port(), "", quick()), log.callbacks());
  worker.start();
  REQUIRE(log.wait([&] { return !log.faults.empty(); }, std::chrono::seconds(10)));
  log.read([&] {
    const std::string shown = std::to_string(body().battery_shown(12)) + "%";
    CHECK(log.faults.front().code == "camera.battery_low");
    CHECK(log.faults.front().message_zh.find(shown) != std::string::npos);
    CHECK(log.battery == body().battery_shown(12));
  });
  worker.stop();
}

TEST_CASE("demo emulator: --captures-from-liveview shoots the current live-view frame, camera-sized") {
  EmulatorProcess emu({"--liveview", (rig().tmp.path / "lv").string(), "--captures-from-liveview", "--vendor", body().vendor});
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
  REQUIRE(cam->open().ok());
  auto f = cam->preview();
  REQUIRE(f.ok());
  auto shot = cam->capture();
  REQUIRE_MESSAGE(shot.ok(), shot.error().message_en);
  cv::Mat big = cv::imdecode(shot->bytes, cv::IMREAD_COLOR);
  REQUIRE_FALSE(big.empty());
  CHECK(big.cols == 4000);
  // Same picture as the last frame shown: compare at live-view size.
  cv::Mat small, live = cv::imdecode(f->jpeg, cv::IMREAD_COLOR);
  cv::resize(big, small, live.size(), 0, 0, cv::INTER_AREA);
  CHECK(cv::norm(small, live, cv::NORM_L1) / static_cast<double>(live.total() * 3) < 8.0);
}
