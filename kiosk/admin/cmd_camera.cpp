// gradbooth-admin camera: the photographer's setup check before a session.
//   camera [--port PORT] [--model M] [--replay VIDEO|DIR] list
//   camera ... summary [--json]
//   camera ... capture --out FILE
//   camera ... preview --frames N --out DIR
#include "commands.h"

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

int usage() {
  std::fprintf(stderr,
               "usage: gradbooth-admin camera [--port PORT] [--model MODEL] [--replay VIDEO|DIR]\n"
               "         list | summary [--json] | capture --out FILE | preview --frames N --out DIR\n"
               "  PORT as libgphoto2 writes it: usb:002,005 or ptpip:127.0.0.1:15740:15741\n");
  return 2;
}

int report(const Error &e) {
  std::fprintf(stderr, "%s\n%s\n[%s]\n", e.message_zh.c_str(), e.message_en.c_str(), e.code.c_str());
  return 1;
}

bool write_file(const std::filesystem::path &p, const std::vector<std::uint8_t> &bytes) {
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
  return static_cast<bool>(out);
}

double ms_since(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

}  // namespace

int cmd_camera(const Args &args) {
  std::string port, model, replay, action, out;
  int frames = 10;
  bool json = false;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string &a = args[i];
    auto value = [&]() -> std::string { return i + 1 < args.size() ? args[++i] : std::string(); };
    if (a == "--port") port = value();
    else if (a == "--model") model = value();
    else if (a == "--replay") replay = value();
    else if (a == "--out") out = value();
    else if (a == "--frames") frames = std::atoi(value().c_str());
    else if (a == "--json") json = true;
    else if (a == "--help" || a == "-h") return usage(), 0;
    else if (action.empty() && a.rfind("--", 0) != 0) action = a;
    else return usage();
  }
  if (action.empty()) return usage();

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

  std::unique_ptr<camera::Camera> cam =
      replay.empty() ? camera::make_gphoto2_camera(port, model) : camera::make_replay_camera(replay);
  const auto t_open = Clock::now();
  if (Status s = cam->open(); !s) return report(s.error());
  const double open_ms = ms_since(t_open);

  if (action == "summary") {
    auto st = cam->status();
    if (!st) return report(st.error());
    if (json) {
      nlohmann::json j{{"model", st->model}, {"serial", st->serial}, {"port", st->port},
                       {"battery_percent", st->battery_percent}, {"connected", st->connected},
                       {"open_ms", open_ms}};
      std::printf("%s\n", j.dump(2).c_str());
    } else {
      std::printf("model:    %s\nserial:   %s\nport:     %s\nbattery:  %s\nopen:     %.0f ms\n",
                  st->model.c_str(), st->serial.c_str(), st->port.c_str(),
                  st->battery_percent < 0 ? "unknown" : (std::to_string(st->battery_percent) + "%").c_str(),
                  open_ms);
    }
  } else if (action == "capture") {
    if (out.empty()) return usage();
    const auto t0 = Clock::now();
    auto shot = cam->capture();
    if (!shot) return report(shot.error());
    const double ms = ms_since(t0);
    if (!write_file(out, shot->bytes)) {
      std::fprintf(stderr, "cannot write %s\n", out.c_str());
      return 1;
    }
    std::printf("%s: %zu bytes in %.0f ms → %s\n", shot->name.c_str(), shot->bytes.size(), ms, out.c_str());
  } else if (action == "preview") {
    if (out.empty() || frames <= 0) return usage();
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
        return 1;
      }
    }
    const double ms = ms_since(t0);
    std::printf("%d frames in %.0f ms (%.1f frames/s) → %s\n", frames, ms, frames * 1000.0 / ms, out.c_str());
  } else {
    return usage();
  }
  cam->close();
  return 0;
}

}  // namespace gradbooth::admin
