// The replay camera (demo booth without a DSLR) and the worker thread that drives cameras.
#include "camera/camera.h"
#include "camera/camera_worker.h"
#include "synthetic_pictures.h"
#include "../../integration/camera/worker_log.h"

#include <doctest/doctest.h>

#include <opencv2/videoio.hpp>

#include <atomic>
#include <thread>

using namespace gradbooth;
using namespace gradbooth::camera;
using namespace gradbooth::camera::testing;

namespace {

cv::Scalar mean_of(const Bytes &jpeg) { return cv::mean(cv::imdecode(jpeg, cv::IMREAD_COLOR)); }

// Frames of one flat colour each, so order can be read back after JPEG and resizing. OpenCV
// writes and reads MJPG AVI with its own built-in codec, whatever else it was built with, so
// a writer that does not open is a broken installation, not a reason to skip.
std::vector<cv::Scalar> write_flat_video(const std::filesystem::path &file, int n) {
  std::vector<cv::Scalar> colours;
  cv::VideoWriter w(file.string(), cv::VideoWriter::fourcc('M', 'J', 'P', 'G'), 25, cv::Size(800, 600));
  REQUIRE_MESSAGE(w.isOpened(), "OpenCV cannot write an MJPG AVI");
  for (int i = 0; i < n; ++i) {
    colours.emplace_back(20.0 + 30 * i, 200.0 - 20 * i, 100.0);
    w.write(cv::Mat(600, 800, CV_8UC3, colours.back()));
  }
  return colours;
}

bool near(cv::Scalar a, cv::Scalar b, double tol = 6) {
  for (int c = 0; c < 3; ++c)
    if (std::abs(a[c] - b[c]) > tol) return false;
  return true;
}

}  // namespace

TEST_CASE("replay from a folder: frames in name order, looping, live-view sized") {
  TempDir tmp;
  std::vector<cv::Scalar> means;
  for (int i = 0; i < 3; ++i) {
    Bytes b = encode(synthetic_picture(1024, 768, i, 0), 95);
    means.push_back(mean_of(b));
    write_bytes(tmp.path / ("p" + std::to_string(i) + ".jpg"), b);
  }
  write_bytes(tmp.path / "notes.txt", Bytes{'h', 'i'});  // ignored
  auto cam = make_replay_camera(tmp.path.string());
  REQUIRE(cam->open().ok());
  for (int i = 0; i < 7; ++i) {
    auto f = cam->preview();
    REQUIRE(f.ok());
    cv::Mat img = cv::imdecode(f->jpeg, cv::IMREAD_COLOR);
    CHECK(img.cols == 640);
    CHECK(img.rows == 480);
    CHECK(near(cv::mean(img), means[static_cast<std::size_t>(i % 3)]));
  }
  auto st = cam->status();
  REQUIRE(st.ok());
  CHECK(st->connected);
  CHECK(st->model == "Replay camera");
}

TEST_CASE("replay capture is the current frame as a camera-sized JPEG") {
  TempDir tmp;
  write_bytes(tmp.path / "a.jpg", encode(synthetic_picture(640, 480, 1, 0), 95));
  write_bytes(tmp.path / "b.jpg", encode(synthetic_picture(640, 480, 5, 0), 95));
  auto cam = make_replay_camera(tmp.path.string());
  REQUIRE(cam->open().ok());
  auto f1 = cam->preview();
  auto f2 = cam->preview();  // now showing b.jpg
  REQUIRE(f2.ok());
  auto shot = cam->capture();
  REQUIRE(shot.ok());
  cv::Mat big = cv::imdecode(shot->bytes, cv::IMREAD_COLOR);
  CHECK(std::max(big.cols, big.rows) >= 3000);
  CHECK(big.cols * 3 == big.rows * 4);  // aspect kept
  CHECK(near(cv::mean(big), mean_of(f2->jpeg), 4));
  CHECK_FALSE(near(cv::mean(big), mean_of(f1->jpeg), 4));
  CHECK(shot->name == "RPL_0001.JPG");
  CHECK(cam->capture()->name == "RPL_0002.JPG");
}

TEST_CASE("a folder picture already camera-sized is captured byte for byte") {
  TempDir tmp;
  const Bytes original = encode(synthetic_picture(3200, 2400, 2), 92);
  write_bytes(tmp.path / "big.jpg", original);
  auto cam = make_replay_camera(tmp.path.string());
  REQUIRE(cam->preview().ok());  // opens by itself
  auto shot = cam->capture();
  REQUIRE(shot.ok());
  CHECK(shot->bytes == original);
}

TEST_CASE("replay from a video: frames in order, looping at the end") {
  TempDir tmp;
  const auto file = tmp.path / "flat.avi";
  const auto colours = write_flat_video(file, 5);
  auto cam = make_replay_camera(file.string());
  Status s = cam->open();
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? std::string() : s.error().message_en));
  for (int i = 0; i < 12; ++i) {
    auto f = cam->preview();
    REQUIRE(f.ok());
    cv::Mat img = cv::imdecode(f->jpeg, cv::IMREAD_COLOR);
    CHECK(img.cols == 640);
    CHECK(near(cv::mean(img), colours[static_cast<std::size_t>(i % 5)]));
  }
}

TEST_CASE("missing or empty sources are camera.not_found") {
  TempDir tmp;
  auto none = make_replay_camera((tmp.path / "nope").string());
  Status s = none->open();
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == "camera.not_found");
  CHECK_FALSE(s.error().message_zh.empty());
  auto empty = make_replay_camera(tmp.path.string());
  CHECK(empty->open().error().code == "camera.not_found");
  CHECK(empty->preview().error().code == "camera.not_found");
}

TEST_CASE("CameraWorker: frames flow, a capture is answered, live view can pause, stop joins") {
  TempDir tmp;
  for (int i = 0; i < 3; ++i) write_bytes(tmp.path / ("f" + std::to_string(i) + ".jpg"), encode(synthetic_picture(640, 480, i), 85));
  WorkerLog log;
  CameraWorker worker(make_replay_camera(tmp.path.string()), log.callbacks(), 200);
  worker.start();
  REQUIRE(log.wait([&] { return log.frames >= 5; }, std::chrono::seconds(10)));
  log.read([&] {
    CHECK(log.good_frames == log.frames);
    CHECK(log.callback_threads.count(std::this_thread::get_id()) == 0);  // callbacks run on the camera's thread
    CHECK(log.connected == 1);
  });
  worker.request_capture();
  REQUIRE(log.wait([&] { return !log.captures.empty(); }, std::chrono::seconds(10)));
  log.read([&] {
    REQUIRE(log.captures.front().ok());
    CHECK(cv::imdecode(log.captures.front()->bytes, cv::IMREAD_COLOR).cols >= 3000);
  });
  worker.set_liveview(false);
  const int paused_at = log.read([&] { return log.frames; });
  // At most the one frame already being fetched may still arrive, however slow the machine.
  for (int i = 0; i < 3; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(150));
    log.read([&] { CHECK(log.frames <= paused_at + 1); });
  }
  worker.set_liveview(true);
  REQUIRE(log.wait([&] { return log.frames >= paused_at + 3; }, std::chrono::seconds(10)));
  worker.stop();
}

TEST_CASE("CameraWorker: a camera that cannot open reports faults and answers captures with an error") {
  WorkerLog log;
  CameraWorker worker(make_replay_camera("/nonexistent/gradbooth/replay"), log.callbacks());
  worker.start();
  worker.request_capture();
  REQUIRE(log.wait([&] { return !log.captures.empty() && log.faults.size() >= 2; }, std::chrono::seconds(10)));
  log.read([&] {
    CHECK(log.faults.front().code == "camera.not_found");
    REQUIRE_FALSE(log.captures.front().ok());
    CHECK(log.captures.front().error().code == "camera.disconnected");
  });
  worker.stop();
}

namespace {
// A camera that cannot be opened until the test "plugs it in".
class UnpluggedCamera final : public Camera {
public:
  std::atomic<bool> plugged{false};
  std::atomic<int> opens{0};
  std::function<void()> wake;
  Status open() override {
    ++opens;
    if (!plugged) return make_error("camera.not_found", "not plugged", "未连接");
    return {};
  }
  void close() override {}
  Result<CameraStatus> status() override {
    CameraStatus s;
    s.connected = plugged;
    return s;
  }
  Result<LiveFrame> preview() override { return LiveFrame{{0xFF, 0xD8, 0xFF, 0xD9}, std::chrono::steady_clock::now()}; }
  Result<CapturedFile> capture() override { return CapturedFile{{1, 2, 3}, "X.JPG"}; }
  void set_wakeup(std::function<void()> w) override { wake = std::move(w); }
};
}  // namespace

TEST_CASE("CameraWorker: a plug-in wakeup reconnects at once instead of after the back-off") {
  auto owned = std::make_unique<UnpluggedCamera>();
  UnpluggedCamera *cam = owned.get();
  WorkerLog log;
  CameraWorker worker(std::move(owned), log.callbacks());
  // A back-off far longer than the wait below: only the wakeup can explain a reconnect.
  worker.set_reconnect_backoff(std::chrono::minutes(5), std::chrono::minutes(5));
  worker.start();
  REQUIRE(cam->wake);  // the worker handed the camera its wakeup
  REQUIRE(log.wait([&] { return !log.faults.empty(); }, std::chrono::seconds(10)));
  CHECK(cam->opens == 1);
  cam->plugged = true;
  cam->wake();
  REQUIRE(log.wait([&] { return log.connected > 0; }, std::chrono::seconds(30)));
  CHECK(cam->opens == 2);
  worker.stop();
}
