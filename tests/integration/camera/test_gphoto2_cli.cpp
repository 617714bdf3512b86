// Debian's own gphoto2 client against the emulator: if the stock tool captures, downloads
// the exact bytes and gets a live-view frame, the emulator behaves like a camera and our
// driver's tests against it mean something.
// Runs against the body GRADBOOTH_CAMERA_VENDOR names: on "canon" gphoto2 takes its EOS path.
#define DOCTEST_CONFIG_IMPLEMENT
#include "body_under_test.h"
#include "emulator_process.h"
#include "synthetic_pictures.h"

#include <doctest/doctest.h>

#include <algorithm>
#include <cstdlib>

using namespace gradbooth::camera::testing;

namespace {

std::string find_gphoto2() {
  const char *path = std::getenv("PATH");
  std::string p = path ? path : "/usr/bin:/bin";
  for (std::size_t start = 0; start <= p.size();) {
    const std::size_t end = std::min(p.find(':', start), p.size());
    const std::string candidate = p.substr(start, end - start) + "/gphoto2";
    if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return {};
}

// Runs gphoto2 in dir with a private HOME; returns its exit status and stdout.
int run_gphoto2(const std::filesystem::path &dir, std::vector<std::string> args, std::string *out) {
  std::string cmd = "cd '" + dir.string() + "' && HOME='" + dir.string() + "' timeout 60 '" + find_gphoto2() + "'";
  for (const auto &a : args) cmd += " '" + a + "'";
  return run_command(cmd + " 2>&1", out);
}

}  // namespace

TEST_CASE("stock gphoto2: summary, capture-image-and-download with exact bytes, capture-preview") {
  TempDir tmp;
  const auto frames = make_liveview_dir(tmp.path / "lv", 4);
  const auto captures = make_capture_dir(tmp.path / "cap", {{3000, 2000}});
  const BodyUnderTest body = body_under_test();
  EmulatorProcess emu(
      {"--liveview", (tmp.path / "lv").string(), "--captures", (tmp.path / "cap").string(), "--battery", "77", "--vendor", body.vendor});
  REQUIRE(emu.start());
  const std::vector<std::string> port = {"--port", emu.gphoto_port(), "--camera", "PTP/IP Camera"};
  auto with = [&](std::vector<std::string> extra) {
    std::vector<std::string> a = port;
    a.insert(a.end(), extra.begin(), extra.end());
    return a;
  };

  std::string out;
  REQUIRE_MESSAGE(run_gphoto2(tmp.path, with({"--summary"}), &out) == 0, out);
  CHECK(out.find("Model: " + body.model) != std::string::npos);
  CHECK(out.find("Serial Number: " + body.serial) != std::string::npos);
  if (body.canon()) {
    // libgphoto2 recognised an EOS body and offers its EOS capture, not generic PTP capture.
    CHECK(out.find("Vendor Extension ID: 0xb") != std::string::npos);
    CHECK(out.find("Canon EOS Capture") != std::string::npos);
  } else {
    CHECK(out.find("Vendor Extension ID: 0xa") != std::string::npos);
    CHECK(out.find("value: 77%") != std::string::npos);
  }

  out.clear();
  REQUIRE_MESSAGE(run_gphoto2(tmp.path, with({"--capture-image-and-download", "--filename", "shot.jpg"}), &out) == 0, out);
  CHECK(read_bytes(tmp.path / "shot.jpg") == captures[0]);
  // gphoto2 deletes after download unless --keep; an EOS shot in RAM is freed on transfer.
  CHECK(emu.wait_for(body.freed, 0, 2000));

  out.clear();
  REQUIRE_MESSAGE(run_gphoto2(tmp.path, with({"--capture-preview", "--filename", "preview.jpg"}), &out) == 0, out);
  // gphoto2 names a preview "thumb_" + the --filename given.
  const Bytes preview = read_bytes(tmp.path / "thumb_preview.jpg");
  CHECK(std::find(frames.begin(), frames.end(), preview) != frames.end());
  cv::Mat img = cv::imdecode(preview, cv::IMREAD_COLOR);
  CHECK(img.cols == 640);

  // To the memory card instead of RAM: on EOS the shot is announced as an object added to
  // the card (not a RAM transfer), downloaded as a file and deleted there.
  out.clear();
  const std::size_t before = emu.journal().size();
  REQUIRE_MESSAGE(
      run_gphoto2(tmp.path, with({"--set-config", "capturetarget=1", "--capture-image-and-download", "--filename", "card.jpg"}), &out) == 0,
      out);
  CHECK(read_bytes(tmp.path / "card.jpg") == captures[0]);
  CHECK(emu.wait_for("DELETED", before, 2000));
}

int main(int argc, char **argv) {
  if (find_gphoto2().empty()) {
    std::fprintf(stderr, "gphoto2 command-line client not installed: skipped\n");
    return 77;
  }
  doctest::Context ctx(argc, argv);
  return ctx.run();
}
