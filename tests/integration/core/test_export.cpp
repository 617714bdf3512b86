// The agency package, read back by the tools the agency's side would use: python3-openpyxl for the
// XLSX, the sqlite3 CLI for the store, iconv for the GB18030 CSV; then verify, merge, bad outputs.
#include "core_fixture.h"

#include <zip.h>

#include <sched.h>
#include <sstream>
#include <sys/mount.h>

using namespace gradbooth::core;
using gradbooth::test::CoreFixture;
using gradbooth::test::test_station;
namespace fs = std::filesystem;

namespace {

// stdout only: the answers below are compared whole.
std::string sh(const std::string &cmd, int *rc = nullptr) { return gradbooth::test::sh(cmd, rc, false); }

int audit_rows(const fs::path &db) { return std::atoi(sh("sqlite3 " + db.string() + " 'SELECT COUNT(*) FROM audit'").c_str()); }

const PackageProblem *find(const PackageReport &r, const std::string &code) { return gradbooth::test::by_code(r.problems, code); }

// Merging `inputs` into root/`out` is refused with `code`, and nothing is left behind.
gradbooth::Error merge_refused(const fs::path &root, const std::vector<fs::path> &inputs, const char *out, const std::string &code,
                               const MergeChoice &choice = {}) {
  PackageOptions m;
  m.out = root / out;
  auto r = merge_packages(inputs, test_station(), m, choice);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == code);
  CHECK_FALSE(fs::exists(m.out));
  return r.error();
}

}  // namespace

TEST_CASE("export: XLSX read by openpyxl, store read by sqlite3, CSV round trip through iconv") {
  CoreFixture fx;
  auto s = fx.make("b1", 1, 9999, 0, 5, 7, /*void*/ 2);
  PackageOptions o;
  o.out = fx.root / "out";
  o.zip = true;
  o.originals = true;
  auto sum = export_batch(s, test_station(), o);
  REQUIRE_MESSAGE(sum.ok(), (sum.ok() ? "" : sum.error().message_en));
  CHECK(sum->photos == 4);
  REQUIRE(sum->warnings.size() == 1);  // 0003 was voided: the gap is reported
  CHECK(sum->warnings[0].find("0003") != std::string::npos);
  for (const char *f :
       {"photos/0001.jpg", "photos/0005.jpg", "originals/0001.jpg", "database.xlsx", "database.csv", "cover.txt", "manifest.sha256"})
    CHECK_MESSAGE(fs::exists(o.out / f), f);
  CHECK_FALSE(fs::exists(o.out / "photos" / "0003.jpg"));
  auto cover = read_file_bytes(o.out / "cover.txt");
  REQUIRE(cover.ok());
  CHECK(cover->find("0533-2780000") != std::string::npos);
  CHECK(cover->find("张老师") != std::string::npos);
  CHECK(cover->find("新村西路266号") != std::string::npos);

  // openpyxl: header, 9 columns, every value a string equal to the store's.
  const fs::path py = fx.root / "read.py";
  std::ofstream(py) << R"PY(
import json, sys, openpyxl
ws = openpyxl.load_workbook(sys.argv[1]).worksheets[0]
rows = []
for row in ws.iter_rows():
    cells = [c for c in row]
    for c in cells:
        if c.value is not None and c.data_type != 's':
            print("non-text cell", c.coordinate, c.data_type, file=sys.stderr); sys.exit(3)
    rows.append([c.value for c in cells])
print(json.dumps(rows, ensure_ascii=False))
)PY";
  int rc = -1;
  const std::string got = sh("/usr/bin/python3 " + py.string() + " " + (o.out / "database.xlsx").string(), &rc);
  REQUIRE(rc == 0);
  CHECK(got.find(R"(["拍摄序号", "学历层次", "学号", "姓名", "性别", "身份证号", "所在校别", "院校代码", "学校名称"])") == 1);
  CHECK(got.find(R"(["0001", "成人专科", "02024000", "刘䶮", "女", "11010519491231002X", "普通高校", "10433", "山东理工大学"])") !=
        std::string::npos);
  CHECK(got.find("\"0003\"") == std::string::npos);
  CHECK(got.find(R"(["0005", "成人专科", "02024004", "韩梅梅")") != std::string::npos);

  // sqlite3 CLI agrees with the package: numbers, integrity.
  const fs::path db = s.dir() / "session.sqlite";
  CHECK(sh("sqlite3 " + db.string() + " 'PRAGMA integrity_check'") == "ok\n");
  CHECK(sh("sqlite3 " + db.string() +
           " 'SELECT group_concat(printf(\"%04d\",seq)) FROM (SELECT seq FROM photos WHERE voided_at IS NULL ORDER BY seq)'") ==
        "0001,0002,0004,0005\n");
  CHECK(sh("sqlite3 " + db.string() + " 'SELECT voided_by FROM photos WHERE seq=3'") == "王老师\n");

  // GB18030 CSV: iconv turns it back into exactly the UTF-8 one (minus its BOM).
  PackageOptions g = o;
  g.out = fx.root / "out-gbk";
  g.zip = false;
  g.gbk = true;
  REQUIRE(export_batch(s, test_station(), g).ok());
  auto utf8 = read_file_bytes(o.out / "database.csv");
  REQUIRE(utf8.ok());
  REQUIRE(utf8->starts_with("\xEF\xBB\xBF"));
  const std::string via_iconv = sh("iconv -f GB18030 -t UTF-8 " + (g.out / "database.csv").string(), &rc);
  CHECK(rc == 0);
  CHECK(via_iconv == utf8->substr(3));
  auto raw = read_file_bytes(g.out / "database.csv");
  CHECK_FALSE(is_valid_utf8(*raw));

  // verify: the folder and the zip pass; the CLI says so too.
  auto v = verify_package(o.out);
  REQUIRE(v.ok());
  for (const auto &p : v->problems) MESSAGE(p.where, " ", p.code, " ", p.message_en);
  CHECK(v->ok());
  CHECK(v->rows == 4);
  auto vz = verify_package(sum->zip);
  REQUIRE(vz.ok());
  CHECK(vz->ok());
  const char *build = std::getenv("GRADBOOTH_BUILD_ROOT");
  REQUIRE(build);
  const std::string admin = std::string(build) + "/kiosk/admin/gradbooth-admin";
  sh(admin + " verify " + sum->zip.string(), &rc);
  CHECK(rc == 0);
}

TEST_CASE("verify finds tampering, missing files, bad JPEG facts and unsafe zips") {
  CoreFixture fx;
  auto s = fx.make("b2", 1, 9999, 0, 3);
  PackageOptions o;
  o.out = fx.export_to(s, "out");
  // Flip one byte of a photo: the manifest no longer matches.
  {
    std::fstream f(o.out / "photos" / "0002.jpg", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(5000);
    f.put('\x55');
  }
  fs::remove(o.out / "photos" / "0003.jpg");
  // A file that is no spec photo at all, with no row.
  const auto small = gradbooth::test::small_jpeg(100, 100, 1);
  REQUIRE(write_file_durable(o.out / "photos", "0009.jpg", small).ok());
  auto v = verify_package(o.out);
  REQUIRE(v.ok());
  CHECK_FALSE(v->ok());
  CHECK(find(*v, "verify.manifest_hash"));
  CHECK(find(*v, "verify.missing_photo"));
  CHECK(find(*v, "verify.orphan_photo"));
  CHECK(find(*v, "verify.unlisted"));
  int rc = -1;
  const std::string admin = std::string(std::getenv("GRADBOOTH_BUILD_ROOT")) + "/kiosk/admin/gradbooth-admin";
  const std::string out = sh(admin + " verify " + o.out.string(), &rc);
  CHECK(rc == 1);
  CHECK(out.find("photos/0003.jpg") != std::string::npos);

  // Wrong pixels / dpi / size are named.
  PackageOptions o2;
  o2.out = fx.root / "out2";
  REQUIRE(export_batch(s, test_station(), o2).ok());
  REQUIRE(write_file_durable(o2.out / "photos", "0001.jpg", small).ok());
  auto dpi72 = fx.jpeg;
  dpi72[15] = 72;  // JFIF x density low byte: 300 → 72 (0x012C → 0x0148 … any non-300 value)
  dpi72[14] = 0;
  REQUIRE(write_file_durable(o2.out / "photos", "0002.jpg", dpi72).ok());
  auto v2 = verify_package(o2.out);
  REQUIRE(v2.ok());
  CHECK(find(*v2, "verify.pixels"));
  REQUIRE(find(*v2, "verify.dpi"));
  CHECK(find(*v2, "verify.dpi")->where == "photos/0002.jpg");
  CHECK(find(*v2, "verify.size"));

  // Zip slip: an entry that climbs out of the folder is refused.
  const fs::path evil = fx.root / "evil.zip";
  int err = 0;
  zip_t *z = zip_open(evil.c_str(), ZIP_CREATE | ZIP_TRUNCATE, &err);
  REQUIRE(z);
  static const char kData[] = "x";
  zip_file_add(z, "../escaped.txt", zip_source_buffer(z, kData, 1, 0), 0);
  REQUIRE(zip_close(z) == 0);
  auto ve = verify_package(evil);
  REQUIRE_FALSE(ve.ok());
  CHECK(ve.error().code == "verify.zip_path");
  CHECK_FALSE(fs::exists("/tmp/escaped.txt"));
}

TEST_CASE("merge: booths' exports join; overlapping numbers are refused; a student twice is reported") {
  CoreFixture fx;
  auto a = fx.make("boothA", 1, 4999, 0, 2);
  auto b = fx.make("boothB", 5001, 9999, 2, 5);
  auto c = fx.make("boothC", 1, 4999, 3, 4);     // overlaps with A's 0001
  auto d = fx.make("boothD", 6001, 6999, 0, 1);  // student 0 again, other number
  for (auto *st : {&a, &b, &c, &d}) fx.export_to(*st, "exp-" + st->options().batch);
  PackageOptions m;
  m.out = fx.root / "merged";
  m.zip = true;
  auto ok = merge_packages({fx.root / "exp-boothA", fx.root / "exp-boothB"}, test_station(), m);
  REQUIRE_MESSAGE(ok.ok(), (ok.ok() ? "" : ok.error().message_en));
  CHECK(ok->package.photos == 5);
  CHECK(ok->duplicates.empty());
  auto v = verify_package(fx.root / "merged.zip");
  REQUIRE(v.ok());
  CHECK(v->ok());
  CHECK(v->rows == 5);
  CHECK(v->table.front().number.value == 1);
  CHECK(v->table.back().number.value == 5003);

  merge_refused(fx.root, {fx.root / "exp-boothA", fx.root / "exp-boothC"}, "merged2", "merge.overlap");

  // A student in two exports is refused by default, naming both numbers; --keep decides.
  const gradbooth::Error dup =
      merge_refused(fx.root, {fx.root / "exp-boothA", fx.root / "exp-boothD"}, "merged3", "merge.duplicate_student");
  CHECK(dup.message_en.find("0001") != std::string::npos);
  CHECK(dup.message_en.find("6001") != std::string::npos);
  MergeChoice keep;
  keep.keep = {6001};
  PackageOptions m3;
  m3.out = fx.root / "merged3";
  auto kept = merge_packages({fx.root / "exp-boothA", fx.root / "exp-boothD"}, test_station(), m3, keep);
  REQUIRE(kept.ok());
  REQUIRE(kept->duplicates.size() == 1);
  CHECK(kept->duplicates[0].find("kept 6001") != std::string::npos);

  // A tampered input (photo changed after export) is refused.
  {
    std::fstream f(fx.root / "exp-boothB" / "photos" / "5001.jpg", std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4000);
    f.put('\x11');
  }
  merge_refused(fx.root, {fx.root / "exp-boothA", fx.root / "exp-boothB"}, "merged4", "merge.bad_input");
}

TEST_CASE("bad output folder: not empty — a clear error, nothing touched") {
  CoreFixture fx;
  auto s = fx.make("b3", 1, 9999, 0, 5);
  fs::create_directories(fx.root / "busy");
  std::ofstream(fx.root / "busy" / "keep.txt") << "x";
  PackageOptions o;
  o.out = fx.root / "busy";
  auto e = export_batch(s, test_station(), o);
  REQUIRE_FALSE(e.ok());
  CHECK(e.error().code == "export.exists");
  CHECK(fs::exists(fx.root / "busy" / "keep.txt"));
}

TEST_CASE("gradbooth-admin roster import: GB18030 file, row report, exit code; re-import updates") {
  CoreFixture fx;
  const char *build = std::getenv("GRADBOOTH_BUILD_ROOT");
  const char *src = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(build);
  REQUIRE(src);
  const std::string admin = std::string(build) + "/kiosk/admin/gradbooth-admin";
  const fs::path cfg = fx.root / "g.toml";
  std::ofstream(cfg) << "[booth]\nbatch = \"cli\"\ndata_dir = \"" << (fx.root / "data").string() << "\"\n";
  const std::string utf8 =
      "学号,姓名,性别,身份证号,学历层次\n1,刘䶮,女," + fx.students[0].id_number + ",高起本\n2,坏,男,110105194912310021,高起专\n";
  auto gb = utf8_to_gb18030(utf8);
  REQUIRE(gb.ok());
  REQUIRE(write_file_durable(fx.root, "r.csv", as_bytes(*gb)).ok());
  int rc = -1;
  std::string out = sh(admin + " roster import " + (fx.root / "r.csv").string() + " --config " + cfg.string(), &rc);
  CHECK(rc == 1);
  CHECK(out.find("gb18030") != std::string::npos);
  CHECK(out.find("row 3") != std::string::npos);
  CHECK(out.find("roster.bad_checksum") != std::string::npos);
  REQUIRE(write_file_durable(fx.root, "r2.csv",
                             as_bytes("学号,姓名,性别,身份证号,学历层次\n1,刘䶮,女," + fx.students[0].id_number + ",专升本\n"))
              .ok());
  out = sh(admin + " roster import " + (fx.root / "r2.csv").string() + " --config " + cfg.string(), &rc);
  CHECK(rc == 0);
  CHECK(out.find("1 updated") != std::string::npos);
  const std::string db = (fx.root / "data" / "cli" / "session.sqlite").string();
  CHECK(sh("sqlite3 " + db + " 'SELECT name, level, raw_level FROM roster'") == "刘䶮|成人本科|专升本\n");
  out = sh(admin + " stats --json --config " + cfg.string(), &rc);
  CHECK(rc == 0);
  CHECK(out.find("\"roster\": 1") != std::string::npos);
}

namespace {

// Runs `child` in a forked child with its own mount namespace and a tmpfs mounted at `mnt`
// (`opts` as for mount -o; "ro" makes it read-only). Returns the child's exit status; 77 means
// the tmpfs could not be mounted.
template <typename F> int in_private_tmpfs(const fs::path &mnt, const std::string &opts, F child) {
  fs::create_directories(mnt);
  const bool ro = opts.find("ro") != std::string::npos;
  const std::string data = opts.substr(0, opts.find(','));
  const pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    if (::unshare(CLONE_NEWNS) != 0 || ::mount("none", "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
        ::mount("tmpfs", mnt.c_str(), "tmpfs", ro ? MS_RDONLY : 0, data.c_str()) != 0)
      ::_exit(77);
    ::_exit(child());
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  REQUIRE(WIFEXITED(status));
  return WEXITSTATUS(status);
}

}  // namespace

// Its own meson test (core_export_tmpfs): where a tmpfs cannot be mounted (no CAP_SYS_ADMIN,
// a container without mount rights) the whole program exits 77 and meson reports SKIP; once the
// probe mounted one, every case below must pass.
TEST_CASE("export to a tmpfs that is read-only or full: a clear error, nothing half-written, store unchanged") {
  CoreFixture fx;
  if (in_private_tmpfs(fx.root / "mnt-probe", "size=1m", [] { return 0; }) == 77) {
    std::fprintf(stderr, "SKIPPED: cannot mount a tmpfs in a private mount namespace here (needs CAP_SYS_ADMIN)\n");
    fs::remove_all(fx.root);
    std::_Exit(77);
  }
  auto s = fx.make("b3", 1, 9999, 0, 5);
  const fs::path db = s.dir() / "session.sqlite";
  const int audit_before = audit_rows(db);
  struct Case {
    const char *name, *opts, *code;
  };
  for (const Case c : {Case{"ro", "size=8m,ro", "io.permission"}, Case{"full", "size=1m", "io.disk_full"}}) {
    CAPTURE(c.code);
    const fs::path mnt = fx.root / (std::string("mnt-") + c.name);
    const int rc = in_private_tmpfs(mnt, c.opts, [&] {
      auto st = Store::open_existing(fx.root / "data", "b3");
      if (!st) return 10;
      PackageOptions po;
      po.out = mnt / "export";
      auto r = export_batch(*st, test_station(), po);
      if (r.ok()) return 11;
      if (r.error().code != c.code) {
        std::fprintf(stderr, "got %s: %s\n", r.error().code.c_str(), r.error().message_en.c_str());
        return 12;
      }
      if (r.error().message_zh.empty()) return 13;
      // Nothing left behind on the file system, not even the staging folder.
      std::error_code ec;
      if (fs::directory_iterator(mnt, ec) != fs::directory_iterator()) return 14;
      return ec ? 15 : 0;
    });
    // 10 store, 11 export succeeded, 12 wrong error code, 13 no Chinese message, 14 leftovers,
    // 15 mount point unreadable; 77 here would be a mount that worked for the probe only.
    CHECK_MESSAGE(rc == 0, c.code, " child exit ", rc);
  }
  CHECK(audit_rows(db) == audit_before);
}
