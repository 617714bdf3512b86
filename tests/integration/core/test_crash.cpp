// Crash safety: SIGKILL the store's writer at random moments (capture/accept/void/export), then
// check after recovery: no number twice, no row without its file, no file without its row,
// nothing the writer reported as accepted lost, numbers gap-free (voided ones stay used).
#include "synthetic_jpeg.h"
#include "temp_folder.h"

#include <core/durable_file.h>
#include <core/package.h>
#include <core/store.h>

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <map>
#include <random>
#include <set>
#include <sstream>
#include <sys/wait.h>
#include <unistd.h>

using namespace gradbooth::core;
namespace fs = std::filesystem;

namespace {

std::string helper_path() {
  const char *b = std::getenv("GRADBOOTH_BUILD_ROOT");
  return b ? std::string(b) + "/tests/integration/core/core_crash_helper" : "";
}

// Runs the helper for `ms` milliseconds, kills it, returns what it printed.
std::string run_and_kill(const fs::path &data, const fs::path &spec, int students, int seed, int ms) {
  int pipefd[2];
  REQUIRE(::pipe(pipefd) == 0);
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::dup2(pipefd[1], 1);
    ::close(pipefd[0]);
    ::close(pipefd[1]);
    const std::string h = helper_path(), d = data.string(), sp = spec.string(), n = std::to_string(students), sd = std::to_string(seed);
    ::execl(h.c_str(), h.c_str(), d.c_str(), sp.c_str(), n.c_str(), sd.c_str(), static_cast<char *>(nullptr));
    ::_exit(127);
  }
  ::close(pipefd[1]);
  ::usleep(static_cast<useconds_t>(ms) * 1000);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  std::string out;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(pipefd[0], buf, sizeof buf)) > 0) out.append(buf, static_cast<size_t>(n));
  ::close(pipefd[0]);
  if (WIFEXITED(status)) FAIL("helper exited by itself with ", WEXITSTATUS(status));
  return out;
}

std::set<std::string> files_in(const fs::path &d) {
  std::set<std::string> s;
  for (const auto &e : fs::directory_iterator(d)) s.insert(e.path().filename().string());
  return s;
}

}  // namespace

TEST_CASE("SIGKILL at random points never loses or duplicates a number") {
  if (helper_path().empty() || !fs::exists(helper_path())) {
    MESSAGE("core_crash_helper not built");
    std::exit(77);
  }
  const gradbooth::test::TempFolder scratch("crash");
  const fs::path root = scratch.path;
  const fs::path data = root / "data";
  // A small stand-in spec file keeps 200 rounds of fsyncs quick; the store never decodes it.
  const auto jpeg = gradbooth::test::small_jpeg(200, 260, 5, 95);
  REQUIRE(write_file_durable(root, "spec.jpg", jpeg).ok());
  const int rounds = std::getenv("GRADBOOTH_CRASH_ROUNDS") ? std::atoi(std::getenv("GRADBOOTH_CRASH_ROUNDS")) : 200;
  const int students = 5000;
  std::mt19937 rng(12345);
  std::map<std::string, int> expected;  // id number → number the writer reported
  std::set<int> voided;
  std::set<int> must_be_voided;
  int unreported_voids = 0;
  std::set<fs::path> exports;
  int accepted_lines = 0;
  // Exports are 2% of the writer's steps and the slowest: under load a run can report none. Play
  // on (up to twice the rounds) until one was reported, so the export checks below never idle.
  int played = 0;
  for (; played < rounds || (exports.empty() && played < 2 * rounds); ++played) {
    const int ms = 10 + static_cast<int>(rng() % 140);
    std::istringstream out(run_and_kill(data, root / "spec.jpg", students, static_cast<int>(rng()), ms));
    std::string line;
    while (std::getline(out, line)) {
      if (out.eof()) break;  // a line cut by the kill is not a report
      std::istringstream l(line);
      std::string kind;
      l >> kind;
      if (kind == "A") {
        std::string id;
        int seq = 0;
        l >> id >> seq;
        auto it = expected.find(id);
        // A retake keeps the number unless that number was voided in between (a void can commit
        // and be killed before it prints: the store must then show the old number voided).
        if (it != expected.end() && !voided.count(it->second) && it->second != seq) must_be_voided.insert(it->second);
        expected[id] = seq;
        ++accepted_lines;
      } else if (kind == "V") {
        int seq = 0;
        l >> seq;
        voided.insert(seq);
      } else if (kind == "E") {
        std::string d;
        l >> d;
        exports.insert(d);
      }
    }
  }
  REQUIRE(accepted_lines > 20);  // the loop really ran

  // Recovery (open alone), then look at the files and the rows directly.
  StoreOptions o;
  o.data_dir = data;
  o.batch = "crash";
  auto s = Store::open(o);
  REQUIRE(s.ok());
  MESSAGE("rounds ", played, ", accepted reported ", accepted_lines, ", recovery actions on last open ", s->recovery_log().size());
  auto photos = s->accepted_photos();
  REQUIRE(photos.ok());
  std::map<std::string, int> live;
  std::set<std::string> want_files;
  for (const auto &p : *photos) {
    CHECK_MESSAGE(live.emplace(p.student.id_number, p.number.value).second, "student numbered twice");
    want_files.insert(p.number.file_name());
    REQUIRE(fs::exists(p.file));
    CHECK(fs::file_size(p.file) == jpeg.size());
  }
  // Every photo file has its live row and vice versa.
  CHECK(files_in(s->dir() / "photos") == want_files);
  // Numbers 1..max all used exactly once (voided rows keep theirs): no gap, no reuse.
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open_v2((s->dir() / "session.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "SELECT COUNT(*), COUNT(DISTINCT seq), MIN(seq), MAX(seq) FROM photos", -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int count = sqlite3_column_int(st, 0), distinct = sqlite3_column_int(st, 1), mn = sqlite3_column_int(st, 2),
            mx = sqlite3_column_int(st, 3);
  sqlite3_finalize(st);
  CHECK(count == distinct);
  // Nothing reported accepted is lost: its row exists for that student, live unless voided
  // (a void may have committed without being reported before the kill).
  for (const auto &entry : expected) {
    // Named copies: clang 14 cannot capture structured bindings in doctest's message lambdas.
    const std::string id = entry.first;
    const int seq = entry.second;
    sqlite3_prepare_v2(db, "SELECT r.id_number, p.voided_at IS NOT NULL FROM photos p JOIN roster r ON r.id=p.roster_id WHERE p.seq=?", -1,
                       &st, nullptr);
    sqlite3_bind_int(st, 1, seq);
    REQUIRE_MESSAGE(sqlite3_step(st) == SQLITE_ROW, "lost number ", seq);
    CHECK(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)) == id);
    const bool is_voided = sqlite3_column_int(st, 1) == 1;
    sqlite3_finalize(st);
    if (!is_voided) {
      auto it = live.find(id);
      REQUIRE_MESSAGE(it != live.end(), "lost student ", id);
      CHECK(it->second == seq);
    } else if (!voided.count(seq)) {
      ++unreported_voids;
    }
  }
  for (int seq : must_be_voided) {
    sqlite3_prepare_v2(db, "SELECT voided_at IS NOT NULL FROM photos WHERE seq=?", -1, &st, nullptr);
    sqlite3_bind_int(st, 1, seq);
    REQUIRE(sqlite3_step(st) == SQLITE_ROW);
    CHECK_MESSAGE(sqlite3_column_int(st, 0) == 1, "number ", seq, " changed owner without a void");
    sqlite3_finalize(st);
  }
  CHECK(mn == 1);
  CHECK(mx == count);
  // Attempt files: exactly one original per attempt row, spec files likewise.
  std::set<std::string> attempt_files;
  sqlite3_prepare_v2(db, "SELECT id FROM attempts", -1, &st, nullptr);
  while (sqlite3_step(st) == SQLITE_ROW) attempt_files.insert("A" + std::to_string(sqlite3_column_int64(st, 0)) + ".jpg");
  sqlite3_finalize(st);
  CHECK(files_in(s->dir() / "originals") == attempt_files);
  CHECK(files_in(s->dir() / "attempts") == attempt_files);
  // Finished exports are complete; half-written ones never appear under their final name.
  std::set<fs::path> exports_on_disk;
  for (const auto &e : fs::directory_iterator(s->dir() / "exports")) {
    const std::string n = e.path().filename().string();
    CHECK_MESSAGE(n[0] != '.', "leftover staging folder ", n);
    CHECK(fs::exists(e.path() / "manifest.sha256"));
    exports_on_disk.insert(e.path());
  }
  // Every export the writer reported is on disk under its name; the only ones on disk it did not
  // report are those finished in the instant before a kill (at most one per round).
  REQUIRE(!exports.empty());  // the loop really exported
  int unreported_exports = 0;
  for (const auto &d : exports_on_disk) unreported_exports += !exports.count(d);
  for (const auto &d : exports) CHECK_MESSAGE(exports_on_disk.count(d) == 1, "reported export missing: ", d.string());
  CHECK(unreported_exports <= played);
  // And each is whole: every file in its manifest with its hash, every photo with its row. The
  // stand-in photo is no spec photo, so only its JPEG facts (pixels, size, dpi) may be flagged.
  const std::set<std::string> stand_in_facts = {"verify.pixels", "verify.size", "verify.size_small", "verify.dpi"};
  for (const auto &d : exports_on_disk) {
    auto v = verify_package(d);
    REQUIRE_MESSAGE(v.ok(), d.string());
    for (const auto &p : v->problems)
      CHECK_MESSAGE(stand_in_facts.count(p.code) == 1, d.filename().string(), ": ", p.where, " ", p.code, " ", p.message_en);
    CHECK(v->rows > 0);
    CHECK(v->photos == v->rows);
    std::set<std::string> photo_files;
    for (const auto &e : fs::directory_iterator(d / "photos")) photo_files.insert(e.path().filename().string());
    CHECK(static_cast<int>(photo_files.size()) == v->rows);
    // Each row is a number the store gave that student (live then; it may be voided since).
    for (const auto &row : v->table) {
      const int seq = row.number.value;
      const std::string id = row.id_number;
      sqlite3_prepare_v2(db, "SELECT r.id_number FROM photos p JOIN roster r ON r.id=p.roster_id WHERE p.seq=?", -1, &st, nullptr);
      sqlite3_bind_int(st, 1, seq);
      REQUIRE_MESSAGE(sqlite3_step(st) == SQLITE_ROW, d.filename().string(), " lists number ", seq, " the store never gave");
      CHECK_MESSAGE(reinterpret_cast<const char *>(sqlite3_column_text(st, 0)) == id, d.filename().string(), " number ", seq);
      sqlite3_finalize(st);
    }
  }
  sqlite3_close(db);
  MESSAGE("exports reported ", exports.size(), ", on disk ", exports_on_disk.size());
  MESSAGE("voids committed but killed before being reported: ", unreported_voids);
}
