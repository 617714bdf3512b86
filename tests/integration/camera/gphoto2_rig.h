// What the gphoto2 camera's integration tests share: one scratch folder with frames and originals,
// the emulator's arguments for the body under test, and a camera opened on a running emulator.
#pragma once

#include "body_under_test.h"
#include "camera/camera.h"
#include "emulator_process.h"
#include "synthetic_pictures.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <memory>
#include <string>
#include <vector>

namespace gradbooth::camera::testing {

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

inline Rig &rig() {
  static Rig r;
  return r;
}

inline bool is_served_frame(const Bytes &b) {
  const auto &f = rig().frames;
  return std::find(f.begin(), f.end(), b) != f.end();
}

inline Gphoto2Options quick() {
  Gphoto2Options o;
  o.capture_timeout = std::chrono::milliseconds(1500);
  return o;
}

inline int count_prefix(const std::vector<std::string> &lines, const std::string &prefix) {
  return static_cast<int>(std::count_if(lines.begin(), lines.end(), [&](const std::string &l) { return l.rfind(prefix, 0) == 0; }));
}

inline const BodyUnderTest &body() { return rig().body; }

// Sessions the camera saw: each one is an open() of ours (a reconnect counts one more).
inline int sessions(EmulatorProcess &emu) { return count_prefix(emu.journal(), "SESSION"); }

// The emulator started with `extra` arguments and the camera opened on it, as most tests begin.
struct Session {
  EmulatorProcess emu;
  std::unique_ptr<Camera> cam;
  explicit Session(std::vector<std::string> extra = {}) : emu(rig().args(std::move(extra))) {
    REQUIRE(emu.start());
    cam = make_gphoto2_camera(emu.gphoto_port(), "", quick());
    REQUIRE(cam->open().ok());
  }
};

// The call failed with this error code.
template <typename T> void check_fails(const Result<T> &r, const char *code) {
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == code);
}

// A capture that works and hands over the emulator's original number `index`, byte for byte.
inline void check_capture(Camera &cam, std::size_t index) {
  auto shot = cam.capture();
  REQUIRE_MESSAGE(shot.ok(), shot.error().message_en);
  CHECK(shot->bytes == rig().captures[index]);
}

// A live-view frame that works and is one the emulator serves; its JPEG.
inline Bytes check_live_frame(Camera &cam) {
  auto f = cam.preview();
  REQUIRE_MESSAGE(f.ok(), f.error().message_en);
  CHECK(is_served_frame(f->jpeg));
  return f->jpeg;
}

}  // namespace gradbooth::camera::testing
