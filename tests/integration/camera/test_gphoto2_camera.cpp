// The gphoto2 camera through the real libgphoto2 ptp2 driver, against the PTP/IP emulator,
// as the body GRADBOOTH_CAMERA_VENDOR names (Nikon's standard PTP path or Canon's EOS path).
#include "body_under_test.h"
#include "camera/camera.h"
#include "camera/camera_worker.h"
#include "emulator_process.h"
#include "synthetic_pictures.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

using namespace gradbooth;
using namespace gradbooth::camera;
using namespace gradbooth::camera::testing;

namespace {

// One scratch folder with frames and originals for every test of this file, and a private
// HOME so libgphoto2's settings file (its PTP/IP GUID) does not land in the user's.
struct Rig {
  TempDir tmp;
  std::vector<Bytes> frames, captures;
  Rig() {
    ::setenv("HOME", tmp.path.c_str(), 1);
    frames = make_liveview_dir(tmp.path / "lv", 6);
    captures = make_capture_dir(tmp.path / "cap", {{1600, 1200}, {1200, 1600}, {2000, 1500}});
  }
  BodyUnderTest body = body_under_test();
  std::vector<std::string> args(std::vector<std::string> extra = {}) const {
    std::vector<std::string> a = {"--liveview", (tmp.path / "lv").string(), "--captures", (tmp.path / "cap").string()};
    const auto v = body.emulator_args();
    a.insert(a.end(), v.begin(), v.end());
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  }
};

Rig &rig() {
  static Rig r;
  return r;
}

bool is_served_frame(const Bytes &b) {
  const auto &f = rig().frames;
  return std::find(f.begin(), f.end(), b) != f.end();
}

Gphoto2Options quick() {
  Gphoto2Options o;
  o.capture_timeout = std::chrono::milliseconds(1500);
  return o;
}

int count_prefix(const std::vector<std::string> &lines, const std::string &prefix) {
  return static_cast<int>(std::count_if(lines.begin(), lines.end(), [&](const std::string &l) { return l.rfind(prefix, 0) == 0; }));
}

const BodyUnderTest &body() { return rig().body; }

// Sessions the camera saw: each one is an open() of ours (a reconnect counts one more).
int sessions(EmulatorProcess &emu) { return count_prefix(emu.journal(), "SESSION"); }

}  // namespace

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
  EmulatorProcess emu(rig().args());
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "");
  REQUIRE(cam->open().ok());
  for (int i = 0; i < 12; ++i) {
    auto f = cam->preview();
    REQUIRE_MESSAGE(f.ok(), f.error().message_en);
    CHECK(is_served_frame(f->jpeg));
    cv::Mat img = cv::imdecode(f->jpeg, cv::IMREAD_COLOR);
    CHECK(img.cols == 640);
    CHECK(img.rows == 426);
  }
}

TEST_CASE("capture returns the exact bytes, then deletes the file on the camera") {
  EmulatorProcess emu(rig().args());
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
  REQUIRE(cam->open().ok());
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
  EmulatorProcess emu(rig().args({"--fault", "busy:3"}));
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
  REQUIRE(cam->open().ok());
  auto shot = cam->capture();  // three busy answers, then the shot
  REQUIRE_MESSAGE(shot.ok(), shot.error().message_en);
  CHECK(shot->bytes == rig().captures[0]);
  // The body really said "busy" three times, to three triggers, on one connection.
  CHECK(count_prefix(emu.journal(), "BUSY") == 3);
  CHECK(count_prefix(emu.journal(), "CAPTURED") == 1);
  CHECK(sessions(emu) == 1);

  // libgphoto2 retries a busy live view itself (Nikon 20 times, EOS for about 3 s), then
  // gives up: the driver says camera.busy, and the next frame comes once the body is ready.
  const int n = body().live_busy_outlasting;
  EmulatorProcess emu2(rig().args({"--fault", "busy:" + std::to_string(n)}));
  REQUIRE(emu2.start());
  auto cam2 = make_gphoto2_camera(emu2.gphoto_port(), "", quick());
  REQUIRE(cam2->open().ok());
  auto f = cam2->preview();
  REQUIRE_FALSE(f.ok());
  CHECK(f.error().code == "camera.busy");
  CHECK_FALSE(f.error().message_zh.empty());
  const int busy_before_giving_up = count_prefix(emu2.journal(), "BUSY");
  CHECK(busy_before_giving_up > 1);
  CHECK(busy_before_giving_up < n);
  auto again = cam2->preview();
  REQUIRE_MESSAGE(again.ok(), again.error().message_en);
  CHECK(is_served_frame(again->jpeg));
  CHECK(count_prefix(emu2.journal(), "BUSY") == n);  // every busy answer was asked for
  CHECK(sessions(emu2) == 1);                        // busy never costs the connection
}

TEST_CASE("a link dropped mid-download is camera.disconnected and the next capture recovers") {
  EmulatorProcess emu(rig().args({"--fault", "drop-mid-object"}));
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
  REQUIRE(cam->open().ok());
  auto shot = cam->capture();
  REQUIRE_FALSE(shot.ok());
  CHECK(shot.error().code == "camera.disconnected");
  CHECK_FALSE(cam->status()->connected);
  CHECK(sessions(emu) == 1);
  auto again = cam->capture();  // reopens by itself
  REQUIRE_MESSAGE(again.ok(), again.error().message_en);
  CHECK(again->bytes == rig().captures[1]);
  CHECK(sessions(emu) == 2);  // exactly one reconnect
}

TEST_CASE("a capture whose file is never announced times out, and the next one works") {
  EmulatorProcess emu(rig().args({"--fault", "no-object-added"}));
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
  REQUIRE(cam->open().ok());
  auto shot = cam->capture();
  REQUIRE_FALSE(shot.ok());
  CHECK(shot.error().code == "camera.timeout");
  auto again = cam->capture();
  REQUIRE_MESSAGE(again.ok(), again.error().message_en);
  CHECK(again->bytes == rig().captures[1]);
  CHECK(count_prefix(emu.journal(), "CAPTURED") == 2);
  CHECK(sessions(emu) == 1);  // a late file is not a lost link
}

TEST_CASE("autofocus that cannot lock: camera.focus_failed with its own text, nothing shot, link kept") {
  EmulatorProcess emu(rig().args({"--fault", "af-fail"}));
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
  REQUIRE(cam->open().ok());
  REQUIRE(cam->preview().ok());  // live view first, as in the booth
  auto shot = cam->capture();
  REQUIRE_FALSE(shot.ok());
  CHECK(shot.error().code == "camera.focus_failed");
  CHECK(shot.error().message_en.find("could not focus") != std::string::npos);
  CHECK(shot.error().message_zh.find("相机无法对焦") != std::string::npos);
  CHECK(count_prefix(emu.journal(), "AF-FAILED") == 1);
  CHECK(count_prefix(emu.journal(), "CAPTURED") == 0);
  CHECK(cam->status()->connected);
  // The retake works on the same connection.
  auto again = cam->capture();
  REQUIRE_MESSAGE(again.ok(), again.error().message_en);
  CHECK(again->bytes == rig().captures[0]);
  CHECK(sessions(emu) == 1);
}

TEST_CASE("a file announced again by a later trigger is refused as camera.file_mismatch") {
  EmulatorProcess emu(rig().args({"--fault", "stale-object"}));
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
  REQUIRE(cam->open().ok());
  auto first = cam->capture();
  REQUIRE(first.ok());
  auto second = cam->capture();  // the camera names the first shot's file again
  REQUIRE_FALSE(second.ok());
  CHECK(second.error().code == "camera.file_mismatch");
  auto third = cam->capture();
  REQUIRE_MESSAGE(third.ok(), third.error().message_en);
  CHECK(third->bytes == rig().captures[2]);
}

TEST_CASE("no card and low battery refuse the shot with their own errors") {
  SUBCASE("no card") {
    EmulatorProcess emu(rig().args({"--fault", "no-card"}));
    REQUIRE(emu.start());
    auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
    REQUIRE(cam->open().ok());
    auto shot = cam->capture();
    REQUIRE_FALSE(shot.ok());
    CHECK(shot.error().code == "camera.no_card");
    CHECK(count_prefix(emu.journal(), "CAPTURED") == 0);  // nothing was shot
  }
  SUBCASE("battery low") {
    EmulatorProcess emu(rig().args({"--battery", "4"}));
    REQUIRE(emu.start());
    auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
    REQUIRE(cam->open().ok());
    auto shot = cam->capture();
    REQUIRE_FALSE(shot.ok());
    CHECK(shot.error().code == "camera.battery_low");
    CHECK(cam->status()->battery_percent == body().battery_shown(4));
    CHECK(count_prefix(emu.journal(), "CAPTURED") == 0);
  }
}

TEST_CASE("a camera that stops answering is camera.asleep; it is reopened when it wakes") {
  EmulatorProcess emu(rig().args({"--fault", "asleep"}));
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
  REQUIRE(cam->open().ok());
  auto f = cam->preview();  // the emulator swallows this request
  REQUIRE_FALSE(f.ok());
  CHECK(f.error().code == "camera.asleep");
  CHECK_FALSE(cam->status()->connected);
  auto again = cam->preview();
  REQUIRE_MESSAGE(again.ok(), again.error().message_en);
  CHECK(is_served_frame(again->jpeg));
  CHECK(sessions(emu) == 2);  // woken by a fresh connection
}

TEST_CASE("unplugged camera: camera.disconnected, then back without restarting anything") {
  EmulatorProcess emu(rig().args());
  REQUIRE(emu.start());
  auto cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
  REQUIRE(cam->open().ok());
  REQUIRE(cam->preview().ok());
  emu.stop();
  auto f = cam->preview();
  REQUIRE_FALSE(f.ok());
  CHECK(f.error().code == "camera.disconnected");
  auto while_away = cam->preview();  // reopen fails: nobody listens
  REQUIRE_FALSE(while_away.ok());
  CHECK(while_away.error().code == "camera.disconnected");
  REQUIRE(emu.restart());
  auto back = cam->preview();
  REQUIRE_MESSAGE(back.ok(), back.error().message_en);
  CHECK(is_served_frame(back->jpeg));
  auto shot = cam->capture();
  REQUIRE_MESSAGE(shot.ok(), shot.error().message_en);
  CHECK(shot->bytes == rig().captures[0]);
  CHECK(sessions(emu) == 2);  // one before the unplug, one after (the restarted camera counts anew)
}

TEST_CASE("a PTP/IP port where nothing listens is camera.disconnected, answered at once") {
  auto cam = make_gphoto2_camera("ptpip:127.0.0.1:1:2", "");
  Status s = cam->open();
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "camera.disconnected");
}

TEST_CASE("CameraWorker: live view, a capture, an unplug and the recovery, all on its own thread") {
  EmulatorProcess emu(rig().args());
  REQUIRE(emu.start());
  std::mutex mu;
  std::condition_variable cv;
  int frames = 0, good_frames = 0, captures_ok = 0, faults = 0, callbacks = 0;
  std::vector<std::string> fault_codes;
  std::set<std::thread::id> callback_threads;  // every callback, whatever its kind
  Bytes captured;
  auto seen = [&] {
    callback_threads.insert(std::this_thread::get_id());
    ++callbacks;
  };
  CameraWorker::Callbacks cb;
  cb.on_status = [&](CameraStatus) {
    std::lock_guard lk(mu);
    seen();
  };
  cb.on_frame = [&](LiveFrame f) {
    std::lock_guard lk(mu);
    seen();
    ++frames;
    if (is_served_frame(f.jpeg)) ++good_frames;
    cv.notify_all();
  };
  cb.on_capture = [&](Result<CapturedFile> r) {
    std::lock_guard lk(mu);
    seen();
    if (r.ok()) {
      ++captures_ok;
      captured = r->bytes;
    }
    cv.notify_all();
  };
  cb.on_fault = [&](Error e) {
    std::lock_guard lk(mu);
    seen();
    ++faults;
    fault_codes.push_back(e.code);
    cv.notify_all();
  };
  CameraWorker worker(make_gphoto2_camera(emu.gphoto_port(), "", quick()), cb, 50);
  worker.start();
  auto wait = [&](auto pred) {
    std::unique_lock lk(mu);
    return cv.wait_for(lk, std::chrono::seconds(15), pred);
  };
  REQUIRE(wait([&] { return frames >= 10; }));
  worker.request_capture();
  REQUIRE(wait([&] { return captures_ok == 1; }));
  {
    std::lock_guard lk(mu);
    CHECK(captured == rig().captures[0]);
    CHECK(good_frames == frames);
  }
  emu.stop();
  REQUIRE(wait([&] { return faults >= 1; }));
  {
    std::lock_guard lk(mu);
    CHECK(fault_codes.front() == "camera.disconnected");
  }
  REQUIRE(emu.restart());
  int before = 0;
  {
    std::lock_guard lk(mu);
    before = frames;
  }
  REQUIRE(wait([&] { return frames >= before + 10; }));
  worker.stop();
  // All callbacks of all kinds (status, frames, the capture, the faults) came from one
  // thread, the worker's, never the caller's: libgphoto2 is only ever driven from there.
  std::lock_guard lk(mu);
  CHECK(callbacks >= frames + captures_ok + faults);
  CHECK(callback_threads.size() == 1);
  CHECK(callback_threads.count(std::this_thread::get_id()) == 0);
  CHECK(sessions(emu) == 2);  // one connection before the unplug, one after
  CHECK(count_prefix(emu.journal(), "CAPTURED") == 1);
}

TEST_CASE("CameraWorker: a shot without focus comes back as camera.focus_failed; live view carries on") {
  EmulatorProcess emu(rig().args({"--fault", "af-fail"}));
  REQUIRE(emu.start());
  std::mutex mu;
  std::condition_variable cv;
  int frames = 0, disconnects = 0;
  std::vector<std::string> faults;
  std::optional<Result<CapturedFile>> shot;
  CameraWorker::Callbacks cb;
  cb.on_frame = [&](LiveFrame) {
    std::lock_guard lk(mu);
    ++frames;
    cv.notify_all();
  };
  cb.on_status = [&](CameraStatus st) {
    std::lock_guard lk(mu);
    if (!st.connected) ++disconnects;
  };
  cb.on_fault = [&](Error e) {
    std::lock_guard lk(mu);
    faults.push_back(e.code);
  };
  cb.on_capture = [&](Result<CapturedFile> r) {
    std::lock_guard lk(mu);
    shot.emplace(std::move(r));
    cv.notify_all();
  };
  CameraWorker worker(make_gphoto2_camera(emu.gphoto_port(), "", quick()), cb, 50);
  worker.start();
  std::unique_lock lk(mu);
  REQUIRE(cv.wait_for(lk, std::chrono::seconds(15), [&] { return frames >= 5; }));
  lk.unlock();
  worker.request_capture();
  lk.lock();
  REQUIRE(cv.wait_for(lk, std::chrono::seconds(15), [&] { return shot.has_value(); }));
  REQUIRE_FALSE(shot->ok());
  // What the booth shows as the retake reason, in both languages.
  CHECK(shot->error().code == "camera.focus_failed");
  CHECK(shot->error().message_zh.find("相机无法对焦") != std::string::npos);
  CHECK(shot->error().message_en.find("could not focus") != std::string::npos);
  const int frames_then = frames;
  REQUIRE(cv.wait_for(lk, std::chrono::seconds(15), [&] { return frames >= frames_then + 5; }));
  CHECK(faults.empty());     // not a device fault: nobody is called to the booth
  CHECK(disconnects == 0);   // and the camera stays connected
  lk.unlock();
  worker.stop();
  CHECK(sessions(emu) == 1);
  CHECK(count_prefix(emu.journal(), "AF-FAILED") == 1);
  CHECK(count_prefix(emu.journal(), "CAPTURED") == 0);
}

TEST_CASE("CameraWorker warns the supervisor of a low battery as soon as it connects") {
  EmulatorProcess emu(rig().args({"--battery", "12"}));  // EOS: its "Low" step
  REQUIRE(emu.start());
  std::mutex mu;
  std::condition_variable cv;
  std::vector<Error> faults;
  int battery = -1;
  CameraWorker::Callbacks cb;
  cb.on_status = [&](CameraStatus s) {
    std::lock_guard lk(mu);
    if (s.connected) battery = s.battery_percent;
  };
  cb.on_fault = [&](Error e) {
    std::lock_guard lk(mu);
    faults.push_back(std::move(e));
    cv.notify_all();
  };
  CameraWorker worker(make_gphoto2_camera(emu.gphoto_port(), "", quick()), cb);
  worker.start();
  std::unique_lock lk(mu);
  REQUIRE(cv.wait_for(lk, std::chrono::seconds(10), [&] { return !faults.empty(); }));
  const std::string shown = std::to_string(body().battery_shown(12)) + "%";
  CHECK(faults.front().code == "camera.battery_low");
  CHECK(faults.front().message_zh.find(shown) != std::string::npos);
  CHECK(battery == body().battery_shown(12));
  lk.unlock();
  worker.stop();
}

TEST_CASE("demo emulator: --captures-from-liveview shoots the current live-view frame, camera-sized") {
  EmulatorProcess emu({"--liveview", (rig().tmp.path / "lv").string(), "--captures-from-liveview", "--vendor",
                       body().vendor});
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
