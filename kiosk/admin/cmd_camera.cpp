// gradbooth-admin camera: the photographer's setup check before a session.
//   camera [--port PORT] [--model M] [--replay VIDEO|DIR] list
//   camera ... summary [--json]
//   camera ... capture --out FILE
//   camera ... preview --frames N --out DIR
#include "commands.h"
#include "exit_codes.h"
#include "options.h"

#include "camera/camera.h"

#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

namespace gradbooth::admin {

namespace {

using Clock = std::chrono::steady_clock;

const CommandSpec kSpec{"camera",
                        "camera [--port PORT] [--model MODEL] [--replay VIDEO|DIR] list\n"
                        "camera [--port PORT] [--model MODEL] [--replay VIDEO|DIR] summary [--json]\n"
                        "camera [--port PORT] [--model MODEL] [--replay VIDEO|DIR] capture --out FILE\n"
                        "camera [--port PORT] [--model MODEL] [--replay VIDEO|DIR] preview [--frames N] --out DIR",
                        R"(The photographer's setup check before a session: list the cameras libgphoto2 sees, show one
camera's model, serial and battery, take one photo or save N live-view frames.
Exit 1 when the camera answered with an error (not there, busy, battery low).)",
                        {{"port", "PORT", "libgphoto2 port: usb:002,005 or ptpip:127.0.0.1:15740:15741"},
                         {"model", "MODEL", "libgphoto2 model name (default: autodetect)"},
                         {"replay", "VIDEO|DIR", "a video or a folder of JPEGs instead of a camera"},
                         {"out", "PATH", "capture: the file to write; preview: the folder"},
                         {"frames", "N", "preview: how many live-view frames (default 10)"},
                         {"json", "", "summary: JSON instead of text"}}};

int report(const Error &e) {
  std::fprintf(stderr, "%s\n%s\n[%s]\n", e.message_zh.c_str(), e.message_en.c_str(), e.code.c_str());
  return exit_code::kSomeFailed;
}

bool write_file(const std::filesystem::path &p, const std::vector<std::uint8_t> &bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

double ms_since(Clock::time_point t0) { return std::chrono::duration<double, std::milli>(Clock::now() - t0).count(); }

int run(const Options &opt) {
  if (opt.positional().size() != 1) return usage_error(kSpec, "say list, summary, capture or preview");
  const std::string action = opt.positional()[0];
  const std::string port = opt.value("port").value_or(""), model = opt.value("model").value_or(""),
                    replay = opt.value("replay").value_or(""), out = opt.value("out").value_or("");
  const bool json = opt.has("json");
  int frames = 10;
  if (auto n = opt.value("frames")) {
    frames = std::atoi(n->c_str());
    if (frames <= 0 || n->find_first_not_of("0123456789") != std::string::npos)
      return usage_error(kSpec, "--frames takes a count, not '" + *n + "'");
  }
  if (action != "list" && action != "summary" && action != "capture" && action != "preview")
    return usage_error(kSpec, "unknown action " + action);
  if ((action == "capture" || action == "preview") && out.empty()) return usage_error(kSpec, action + " needs --out");

  if (action == "list") {
    if (!replay.empty()) {
      std::printf("%-30s %s\n", "Replay camera", ("replay:" + replay).c_str());
      return 0;
    }
    auto found = camera::detect_gphoto2_cameras();
    if (!found) return report(found.error());
    if (found->empty()) std::printf("no camera found (a PTP/IP camera is not listed: give --port and run summary)\n");
    for (const auto &c : *found) std::printf("%-30s %s\n", c.model.c_str(), c.port.c_str());
    return 0;
  }

  std::unique_ptr<camera::Camera> cam = replay.empty() ? camera::make_gphoto2_camera(port, model) : camera::make_replay_camera(replay);
  const auto t_open = Clock::now();
  if (Status s = cam->open(); !s) return report(s.error());
  const double open_ms = ms_since(t_open);

  if (action == "summary") {
    auto st = cam->status();
    if (!st) return report(st.error());
    if (json) {
      nlohmann::json j{{"model", st->model},         {"serial", st->serial}, {"port", st->port}, {"battery_percent", st->battery_percent},
                       {"connected", st->connected}, {"open_ms", open_ms}};
      std::printf("%s\n", j.dump(2).c_str());
    } else {
      std::printf("model:    %s\nserial:   %s\nport:     %s\nbattery:  %s\nopen:     %.0f ms\n", st->model.c_str(), st->serial.c_str(),
                  st->port.c_str(), st->battery_percent < 0 ? "unknown" : (std::to_string(st->battery_percent) + "%").c_str(), open_ms);
    }
  } else if (action == "capture") {
    const auto t0 = Clock::now();
    auto shot = cam->capture();
    if (!shot) return report(shot.error());
    const double ms = ms_since(t0);
    if (!write_file(out, shot->bytes)) {
      std::fprintf(stderr, "cannot write %s\n", out.c_str());
      return exit_code::kRuntime;
    }
    std::printf("%s: %zu bytes in %.0f ms → %s\n", shot->name.c_str(), shot->bytes.size(), ms, out.c_str());
  } else if (action == "preview") {
    std::error_code ec;
    std::filesystem::create_directories(out, ec);
    const auto t0 = Clock::now();
    for (int i = 0; i < frames; ++i) {
      auto f = cam->preview();
      if (!f) return report(f.error());
      char name[32];
      std::snprintf(name, sizeof name, "frame_%04d.jpg", i + 1);
      if (!write_file(std::filesystem::path(out) / name, f->jpeg)) {
        std::fprintf(stderr, "cannot write into %s\n", out.c_str());
        return exit_code::kRuntime;
      }
    }
    const double ms = ms_since(t0);
    std::printf("%d frames in %.0f ms (%.1f frames/s) → %s\n", frames, ms, frames * 1000.0 / ms, out.c_str());
  }
  cam->close();
  return 0;
}

}  // namespace

extern const Command kCameraCommand{kSpec, run, "list, summary, capture, preview: the camera before a session"};

}  // namespace gradbooth::admin
