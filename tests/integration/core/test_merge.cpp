// Merge correctness: zip, folder and mixed inputs; a student in two exports is
// refused by default (both numbers named) and resolved by --keep / --prefer newest; booth ranges
// are recorded in each export and checked at merge. Everything merge writes is read back by
// verify (API and the admin binary); everything it refuses leaves nothing behind.
#include "core_fixture.h"

#include <chrono>
#include <thread>

using namespace gradbooth::test;

namespace {

struct Booths : CoreFixture {
  // Exports batch `batch` (range first–last, students [from, to)) as a folder and a zip.
  fs::path export_of(const std::string &batch, int first, int last, int from, int to) {
    auto s = make(batch, first, last, from, to);
    return export_to(s, "exp-" + batch, true);
  }
  fs::path zip(const fs::path &dir) const { return dir.string() + ".zip"; }
};

void require_verifies(const fs::path &package, int rows) {
  auto v = verify_package(package);
  REQUIRE_MESSAGE(v.ok(), (v.ok() ? "" : v.error().message_en));
  std::string problems;
  for (const auto &p : v->problems) problems += p.where + " " + p.code + " " + p.message_en + "\n";
  CHECK_MESSAGE(v->ok(), problems);
  CHECK(v->rows == rows);
  int rc = -1;
  const std::string out = sh(admin_exe() + " verify " + package.string(), &rc);
  CHECK_MESSAGE(rc == 0, out);
}

}  // namespace

TEST_CASE("merge: zip + zip, folder + zip and folder + folder all work and pass verify") {
  Booths b;
  const auto a = b.export_of("boothA", 1, 4999, 0, 2);
  const auto c = b.export_of("boothB", 5001, 9999, 2, 5);
  CHECK(mode_of(b.zip(a)) == 0600);
  struct Case {
    const char *name;
    fs::path x, y;
  };
  for (const auto &k : {Case{"zips", b.zip(a), b.zip(c)}, Case{"mixed", a, b.zip(c)}, Case{"folders", a, c}}) {
    CAPTURE(k.name);
    PackageOptions o;
    o.out = b.root / (std::string("merged-") + k.name);
    o.zip = true;
    auto m = merge_packages({k.x, k.y}, test_station(), o);
    REQUIRE_MESSAGE(m.ok(), (m.ok() ? "" : m.error().message_en));
    CHECK(m->package.photos == 5);
    require_verifies(o.out, 5);
    require_verifies(m->package.zip, 5);
    CHECK(mode_of(m->package.zip) == 0600);
    // The merged cover records both booths' ranges, so the result can be merged again.
    auto cover = read_file_bytes(o.out / kCoverTxt);
    REQUIRE(cover.ok());
    auto facts = read_cover_facts(*cover);
    REQUIRE(facts.ranges.size() == 2);
    CHECK(facts.ranges[0] == std::pair{1, 4999});
    CHECK(facts.ranges[1] == std::pair{5001, 9999});
  }
  // Through the admin tool: two zips (the case that failed on main: the first extraction was
  // deleted by a copied temp-folder owner).
  int rc = -1;
  const auto cfg = b.config("boothA");
  const std::string out = sh(admin_exe() + " merge " + b.zip(a).string() + " " + b.zip(c).string() + " --out " +
                                 (b.root / "cli-merged").string() + " --zip --config " + cfg.string(),
                             &rc);
  CHECK_MESSAGE(rc == 0, out);
  require_verifies(b.root / "cli-merged.zip", 5);
  CHECK(mode_of(b.root / "cli-merged.zip") == 0600);
}

TEST_CASE("merge: a student in two exports is refused naming both numbers; --keep and --prefer newest resolve it") {
  Booths b;
  const auto a = b.export_of("boothA", 1, 4999, 0, 2);           // students 0, 1 → 0001, 0002
  std::this_thread::sleep_for(std::chrono::milliseconds(1100));  // export times differ by a second
  const auto d = b.export_of("boothD", 6001, 6999, 0, 1);        // student 0 again → 6001
  const auto cfg = b.config("boothA");
  const std::string inputs = " " + b.zip(a).string() + " " + d.string() + " --config " + cfg.string();

  int rc = -1;
  std::string out = sh(admin_exe() + " merge" + inputs + " --out " + (b.root / "m0").string(), &rc);
  CHECK_MESSAGE(rc == 1, out);
  CHECK(out.find("merge.duplicate_student") != std::string::npos);
  CHECK(out.find("0001") != std::string::npos);
  CHECK(out.find("6001") != std::string::npos);
  CHECK_FALSE(fs::exists(b.root / "m0"));

  out = sh(admin_exe() + " merge" + inputs + " --out " + (b.root / "m1").string() + " --keep 0001", &rc);
  CHECK_MESSAGE(rc == 0, out);
  require_verifies(b.root / "m1", 2);
  CHECK(fs::exists(b.root / "m1" / "photos" / "0001.jpg"));
  CHECK_FALSE(fs::exists(b.root / "m1" / "photos" / "6001.jpg"));

  out = sh(admin_exe() + " merge" + inputs + " --out " + (b.root / "m2").string() + " --prefer newest", &rc);
  CHECK_MESSAGE(rc == 0, out);
  require_verifies(b.root / "m2", 2);
  CHECK(fs::exists(b.root / "m2" / "photos" / "6001.jpg"));  // boothD was exported last
  CHECK_FALSE(fs::exists(b.root / "m2" / "photos" / "0001.jpg"));

  // --keep must name one of the duplicated student's numbers.
  out = sh(admin_exe() + " merge" + inputs + " --out " + (b.root / "m3").string() + " --keep 0002", &rc);
  CHECK_MESSAGE(rc == 1, out);
  CHECK_FALSE(fs::exists(b.root / "m3"));
  out = sh(admin_exe() + " merge" + inputs + " --out " + (b.root / "m4").string() + " --prefer oldest", &rc);
  CHECK(rc == 2);
}

TEST_CASE("merge: overlapping booth ranges are refused even when no number collides") {
  Booths b;
  const auto a = b.export_of("boothA", 1, 4999, 0, 2);
  const auto e = b.export_of("boothE", 4000, 6000, 3, 4);  // 4000: no collision, but the ranges overlap
  PackageOptions o;
  o.out = b.root / "overlap";
  auto m = merge_packages({a, b.zip(e)}, test_station(), o);
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == "merge.overlap");
  CHECK(m.error().message_en.find("0001–4999") != std::string::npos);
  CHECK(m.error().message_en.find("4000–6000") != std::string::npos);
  CHECK_FALSE(fs::exists(o.out));
}

TEST_CASE("merge: an export holding numbers outside its recorded range fails verify and is not merged") {
  Booths b;
  { auto s = b.make("boothX", 1, 9999, 0, 2); }        // 0001, 0002
  auto s = Store::open(b.opts("boothX", 5001, 9999));  // the config's range changed afterwards
  REQUIRE(s.ok());
  PackageOptions o;
  o.out = b.root / "exp-boothX";
  REQUIRE(export_batch(*s, test_station(), o).ok());
  auto v = verify_package(o.out);
  REQUIRE(v.ok());
  bool flagged = false;
  for (const auto &p : v->problems) flagged |= p.code == "verify.out_of_range";
  CHECK(flagged);
  const auto other = b.export_of("boothB", 1, 4000, 2, 3);
  PackageOptions m;
  m.out = b.root / "merged";
  auto r = merge_packages({o.out, other}, test_station(), m);
  REQUIRE_FALSE(r.ok());
  CHECK(r.error().code == "merge.bad_input");
  CHECK_FALSE(fs::exists(m.out));
}

TEST_CASE("merge: one student number held by two different students is refused") {
  Booths b;
  const auto a = b.export_of("boothA", 1, 4999, 0, 1);
  // Booth F's roster gives student 3 the student number booth A's gave student 0 (a roster typo).
  const std::string taken = b.students[0].student_number;
  b.students[0].student_number = "OTHER-0";
  b.students[3].student_number = taken;
  const auto f = b.export_of("boothF", 5001, 9999, 3, 4);
  PackageOptions o;
  o.out = b.root / "merged";
  auto m = merge_packages({a, f}, test_station(), o);
  REQUIRE_FALSE(m.ok());
  CHECK(m.error().code == "merge.duplicate_student_number");
  CHECK_FALSE(fs::exists(o.out));
}
