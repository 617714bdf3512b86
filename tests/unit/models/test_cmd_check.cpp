// `gradbooth-admin check` end to end: the real binary on real and broken files, JSON parsed back.
#include "libjpeg_writer.h"
#include "testdata.h"

// Our own main(): the first argument is the binary under test.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <cstdio>
#include <sys/wait.h>

using namespace gradbooth::models::testing;
namespace fs = std::filesystem;

namespace {

std::string g_admin;  // path of gradbooth-admin, from argv (meson passes it)

struct Run {
  int status = -1;
  std::string out;
};

Run run_admin(const std::string &args) {
  Run r;
  const std::string cmd = "'" + g_admin + "' check " + args + " 2>/dev/null";
  FILE *p = popen(cmd.c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  std::size_t n;
  while ((n = fread(buf, 1, sizeof buf, p)) > 0) r.out.append(buf, n);
  const int st = pclose(p);
  r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return r;
}

void write_file(const fs::path &path, const std::vector<std::uint8_t> &bytes) {
  std::ofstream out(path, std::ios::binary);
  out.write(reinterpret_cast<const char *>(bytes.data()), static_cast<std::streamsize>(bytes.size()));
}

// A real CMYK JPEG (Adobe-style, 4 components) written with libjpeg.
std::vector<std::uint8_t> cmyk_jpeg() { return gradbooth::test::flat_libjpeg(64, 64, 128, {.colour = gradbooth::test::JpegColour::Cmyk}); }

// A JPEG whose frame header claims 60000×60000 pixels.
std::vector<std::uint8_t> huge_claim_jpeg() {
  std::vector<std::uint8_t> j = to_jpeg(cv::Mat(64, 64, CV_8UC3, cv::Scalar(200, 150, 100)));
  REQUIRE(gradbooth::test::claim_dimensions(j, 60000, 60000));
  return j;
}

}  // namespace

int main(int argc, char **argv) {
  // meson passes the admin binary as the first argument; doctest gets the rest.
  if (argc < 2) {
    std::fprintf(stderr, "usage: test_cmd_check PATH/gradbooth-admin [doctest options]\n");
    return 2;
  }
  g_admin = argv[1];
  doctest::Context ctx;
  ctx.applyCommandLine(argc - 1, argv + 1);
  return ctx.run();
}

TEST_CASE("check --json: a real photo, a corrupt file, a truncated, a CMYK and a huge-claim JPEG; the batch goes on") {
  const std::string photo = subject("booth_01829");
  const std::string group = testdata("face-api/sample3.jpg");
  const std::string config = std::string(std::getenv("GRADBOOTH_SOURCE_ROOT")) + "/config/gradbooth.toml";
  const fs::path dir = fs::temp_directory_path() / ("gradbooth-check-" + std::to_string(getpid()));
  fs::create_directories(dir / "in");
  const std::vector<std::uint8_t> real = read_bytes(photo);
  write_file(dir / "in/corrupt.jpg", {'n', 'o', 't', ' ', 'a', ' ', 'j', 'p', 'e', 'g'});
  write_file(dir / "in/truncated.jpg", std::vector<std::uint8_t>(real.begin(), real.begin() + static_cast<long>(real.size() / 3)));
  write_file(dir / "in/cmyk.jpg", cmyk_jpeg());
  write_file(dir / "in/huge.jpg", huge_claim_jpeg());

  const Run r =
      run_admin("--json --all --config '" + config + "' --out '" + (dir / "out").string() + "' '" + photo + "' '" +
                (dir / "in/corrupt.jpg").string() + "' '" + (dir / "in/truncated.jpg").string() + "' '" + (dir / "in/cmyk.jpg").string() +
                "' '" + (dir / "in/huge.jpg").string() + "' '" + group + "' '" + (dir / "in/missing.jpg").string() + "'");
  CHECK(r.status == 1);  // not every photo passed
  const auto j = nlohmann::json::parse(r.out);
  REQUIRE(j.is_array());
  REQUIRE(j.size() == 7);

  const auto &first = j[0];
  CHECK(first["file"] == photo);
  CHECK(first["verdict"] == "pass");  // a booth subject who sits as asked
  REQUIRE(first["checks"].is_array());
  CHECK(first["checks"].size() >= 20);
  for (const auto &c : first["checks"]) {
    CHECK(c.contains("id"));
    CHECK(c.contains("pass"));
    CHECK(c.contains("value"));
    CHECK(c.contains("limit"));
    CHECK(c.contains("reason_zh"));
    CHECK(c.contains("reason_en"));
  }
  CHECK(first["checks"][0]["id"] == "faces");
  CHECK(first["crop"]["fits"] == true);
  REQUIRE(first["output"].is_string());
  const fs::path out = first["output"].get<std::string>();
  CHECK(out == dir / "out/booth_01829.jpg");
  REQUIRE(fs::exists(out));
  const cv::Mat img = cv::imread(out.string());
  CHECK(img.cols == 960);
  CHECK(img.rows == 1280);
  CHECK(first["measures"]["landmark_measures"].contains("ear_left"));

  for (std::size_t i = 1; i <= 4; ++i) {
    CAPTURE(j[i]["file"].get<std::string>());
    CHECK(j[i]["verdict"] == "error");
    CHECK_FALSE(j[i]["error"]["code"].get<std::string>().empty());
    CHECK_FALSE(j[i]["error"]["message_zh"].get<std::string>().empty());
    CHECK_FALSE(j[i]["error"]["message_en"].get<std::string>().empty());
    CHECK_FALSE(j[i].contains("output"));
  }
  // The group photo is a retake with "more than one face"; the missing file an error.
  CHECK(j[5]["verdict"] == "retake");
  CHECK(j[5]["checks"][0]["pass"] == false);
  CHECK(j[5]["checks"][0]["reason_en"].get<std::string>().find("More than one face") != std::string::npos);
  CHECK(j[6]["verdict"] == "error");
  CHECK(j[6]["error"]["code"] == "file.unreadable");
  fs::remove_all(dir);
}

TEST_CASE("check prints a table; a pass writes its JPEG, without --all a retake writes none; usage errors exit 2") {
  const std::string good = subject("booth_01829"), big_head = franck("04117");
  const std::string config = std::string(std::getenv("GRADBOOTH_SOURCE_ROOT")) + "/config/gradbooth.toml";
  const fs::path dir = fs::temp_directory_path() / ("gradbooth-check-t-" + std::to_string(getpid()));
  const Run pass = run_admin("--config '" + config + "' --out '" + dir.string() + "' '" + good + "'");
  CHECK(pass.out.find(good) != std::string::npos);
  CHECK(pass.status == 0);
  CHECK(fs::exists(dir / "booth_01829.jpg"));
  // An FGNet video frame is a big-head picture: no head-and-shoulders crop fits, a retake.
  const Run retake = run_admin("--config '" + config + "' --out '" + dir.string() + "' '" + big_head + "'");
  CHECK(retake.out.find("RETAKE") != std::string::npos);
  CHECK(retake.status == 1);
  CHECK_FALSE(fs::exists(dir / "franck_04117.jpg"));
  // --help names the framing standard in force.
  const Run help = run_admin("--help");
  CHECK(help.out.find("eye line 400–600") != std::string::npos);
  CHECK(run_admin("").status == 2);
  CHECK(run_admin("--config /nonexistent/gradbooth.toml '" + good + "'").status == 78);  // EX_CONFIG
  fs::remove_all(dir);
}
