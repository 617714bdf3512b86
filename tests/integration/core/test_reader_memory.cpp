// Bounded readers: the real `gradbooth-admin roster import` on hostile XLSX
// files and on a roster at the limits, each in a child whose peak RSS (wait4's ru_maxrss) must
// stay under 200 MB. The child also runs under a 4 GB address-space limit so that a reader
// without bounds fails fast (bad_alloc) instead of taking the machine.
#include "core_fixture.h"

#include <sys/resource.h>

using namespace gradbooth::test;

namespace {

struct Run {
  int rc = -1;
  long peak_kb = 0;
  std::string out;
};

Run import_roster(const fs::path &roster, const fs::path &cfg, const fs::path &log) {
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    const rlimit as{4ul << 30, 4ul << 30};
    ::setrlimit(RLIMIT_AS, &as);
    std::FILE *o = std::freopen(log.c_str(), "w", stdout);
    if (!o || ::dup2(::fileno(stdout), 2) < 0) ::_exit(125);
    const std::string exe = admin_exe();
    ::execl(exe.c_str(), exe.c_str(), "roster", "import", roster.c_str(), "--config", cfg.c_str(), nullptr);
    ::_exit(126);
  }
  int status = 0;
  rusage ru{};
  REQUIRE(::wait4(pid, &status, 0, &ru) == pid);
  Run r;
  r.rc = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.peak_kb = ru.ru_maxrss;
  std::ifstream in(log);
  r.out.assign(std::istreambuf_iterator<char>(in), {});
  return r;
}

}  // namespace

TEST_CASE("roster import of hostile and maximal files stays under 200 MB and names the row") {
  CoreFixture fx;
  const char *src = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(src);
  const fs::path files = fx.root / "files";
  int rc = -1;
  const std::string made =
      sh("python3 " + (fs::path(src) / "tests/integration/core/make_hostile_rosters.py").string() + " " + files.string(), &rc);
  REQUIRE_MESSAGE(rc == 0, made);
  const auto cfg = fx.config("memory");
  struct Case {
    const char *file;
    int rc;
    const char *says;  // in the output
  };
  for (const Case c :
       {Case{"xfd.xlsx", 3, "row 1: cell XFD1 lies beyond column IV"}, Case{"bomb.xlsx", 3, "XLSX part too large: xl/sharedStrings.xml"},
        Case{"string.xlsx", 3, "shared string #0 is longer than 32 KB"}, Case{"parts-bomb.xlsx", 3, "XLSX part too large"},
        Case{"max.xlsx", 0, "99999 inserted"}, Case{"max.csv", 0, "99999 unchanged"}, Case{"dense.csv", 0, "119999 inserted"}}) {
    const std::string name = c.file;
    CAPTURE(name);
    const fs::path f = files / c.file;
    const auto r = import_roster(f, cfg, fx.root / "out.txt");
    MESSAGE(std::string(c.file), " (", fs::file_size(f) / 1024, " KB): exit ", r.rc, ", peak RSS ", r.peak_kb / 1024, " MB");
    CHECK_MESSAGE(r.rc == c.rc, r.out);
    CHECK_MESSAGE(r.out.find(c.says) != std::string::npos, r.out);
    CHECK(fs::file_size(f) <= (10u << 20));
    CHECK(r.peak_kb < 200 * 1024);
  }
}
