// The store never deletes what it cannot account for. Each broken-database case
// is driven through the real admin tool, the real daemon binary and the Store API, on real SQLite
// files; after each one every photo file must still be there, byte for byte.
#include "core_fixture.h"

using namespace gradbooth::test;

namespace {

// A batch with three accepted students, closed (WAL checkpointed into session.sqlite).
struct ThreeShot : CoreFixture {
  fs::path dir, db;
  std::map<std::string, std::string> before;
  explicit ThreeShot(const std::string &batch = "day1") {
    { auto s = make(batch, 1, 9999, 0, 3); }
    dir = data() / batch;
    db = dir / "session.sqlite";
    before = snapshot(dir);
    REQUIRE(photo_hashes(before).size() == 9);  // 3 originals, 3 attempts, 3 photos
  }
  void require_all_photos_kept() const {
    const auto after = snapshot(dir);
    for (const auto &[rel, h] : before) {
      if (rel.starts_with("session.sqlite") || rel == ".lock") continue;
      auto it = after.find(rel);
      REQUIRE_MESSAGE(it != after.end(), rel, " is gone");
      CHECK_MESSAGE(it->second == h, rel, " changed");
    }
  }
  std::string roster_csv() const {
    const fs::path p = root / "roster.csv";
    std::ofstream o(p);
    o << "学号,姓名,性别,身份证号,学历层次\n";
    for (const auto &s : students) o << s.student_number << "," << s.name << ",," << s.id_number << ",高起专\n";
    return p.string();
  }
  std::string daemon() const { return std::string(std::getenv("GRADBOOTH_BUILD_ROOT")) + "/kiosk/ui/gradbooth"; }
};

// Every way of reaching the store: Store::open, admin roster import, admin stats/export, the daemon.
void all_entry_points_refuse(ThreeShot &t, const std::string &code) {
  auto s = Store::open(t.opts("day1"));
  REQUIRE_FALSE(s.ok());
  CHECK(s.error().code == code);
  CHECK(s.error().message_en.find(t.dir.string()) != std::string::npos);
  CHECK_FALSE(s.error().message_zh.empty());
  t.require_all_photos_kept();

  int rc = -1;
  const auto cfg = t.config("day1");
  std::string out = sh(admin_exe() + " roster import " + t.roster_csv() + " --config " + cfg.string(), &rc);
  CHECK_MESSAGE(rc == 3, out);
  CHECK_MESSAGE(out.find(code) != std::string::npos, out);
  CHECK(out.find("inserted") == std::string::npos);
  t.require_all_photos_kept();

  out = sh(admin_exe() + " export --out " + (t.root / "exp").string() + " --config " + cfg.string(), &rc);
  CHECK_MESSAGE(rc == 3, out);
  CHECK_MESSAGE(out.find(code) != std::string::npos, out);
  CHECK_FALSE(fs::exists(t.root / "exp"));
  t.require_all_photos_kept();

  // The daemon opens the store before it starts GTK: it stops with the error, no display needed.
  out = sh("env -u DISPLAY -u WAYLAND_DISPLAY " + t.daemon() + " --config " + cfg.string() + " --card-transport none", &rc);
  CHECK_MESSAGE(rc != 0, out);
  CHECK_MESSAGE(out.find(t.dir.string()) != std::string::npos, out);
  t.require_all_photos_kept();
}

}  // namespace

TEST_CASE("a batch whose session.sqlite was truncated to 0 bytes is refused everywhere; no photo is lost") {
  ThreeShot t;
  { std::ofstream(t.db, std::ios::trunc); }
  fs::remove(t.dir / "session.sqlite-wal");
  all_entry_points_refuse(t, "store.no_database");
  CHECK(fs::file_size(t.db) == 0);  // nothing created over it
}

TEST_CASE("a batch whose session.sqlite was deleted is refused; no database is created") {
  ThreeShot t;
  fs::remove(t.db);
  all_entry_points_refuse(t, "store.no_database");
  CHECK_FALSE(fs::exists(t.db));
}

TEST_CASE("a batch holding another batch's database is refused") {
  ThreeShot t;
  { auto other = t.make("day2", 1, 9999, 3, 5); }
  fs::copy_file(t.data() / "day2" / "session.sqlite", t.db, fs::copy_options::overwrite_existing);
  all_entry_points_refuse(t, "store.other_batch");
  auto ro = Store::open_existing(t.data(), "day1");
  REQUIRE_FALSE(ro.ok());
  CHECK(ro.error().code == "store.other_batch");
}

TEST_CASE("a database written by a newer gradbooth is refused before anything is touched") {
  ThreeShot t;
  int rc = -1;
  sh("sqlite3 " + t.db.string() + " 'PRAGMA user_version=99'", &rc);
  REQUIRE(rc == 0);
  const auto db_before = *sha256_file(t.db);
  all_entry_points_refuse(t, "store.newer_schema");
  CHECK(*sha256_file(t.db) == db_before);
}

TEST_CASE("a session.sqlite that is not SQLite (disk glitch) is refused, and so is an empty SQLite file") {
  ThreeShot t;
  REQUIRE(write_file_durable(t.dir, "session.sqlite", as_bytes(std::string(8192, '\x5a'))).ok());
  all_entry_points_refuse(t, "store.bad_database");
  fs::remove(t.db);
  int rc = -1;
  sh("sqlite3 " + t.db.string() + " 'CREATE TABLE t(x); DROP TABLE t;'", &rc);  // valid SQLite, no tables
  REQUIRE(rc == 0);
  REQUIRE(fs::file_size(t.db) > 0);
  all_entry_points_refuse(t, "store.no_database");
}

TEST_CASE("a fresh or empty batch folder still opens (no photos: nothing to account for)") {
  CoreFixture fx;
  fs::create_directories(fx.data() / "new" / "photos");
  auto s = Store::open(fx.opts("new"));
  REQUIRE(s.ok());
  CHECK(fs::exists(fx.data() / "new" / "session.sqlite"));
}

TEST_CASE("recovery quarantines strays with an audit row; admin lists and restores them after the right DB is back") {
  CoreFixture fx;
  const fs::path dir = fx.data() / "day1";
  { auto s = fx.make("day1", 1, 9999, 0, 2); }
  fs::copy_file(dir / "session.sqlite", fx.root / "backup.sqlite");  // an old copy: 2 students
  {
    auto s = Store::open(fx.opts("day1"));
    REQUIRE(s.ok());
    fx.shoot(*s, 2, 4, 9);  // two more after the backup
  }
  fs::copy_file(dir / "session.sqlite", fx.root / "current.sqlite");
  const auto before = snapshot(dir);
  REQUIRE(photo_hashes(before).size() == 12);
  // A stray that no database knows, dropped by hand.
  REQUIRE(write_file_durable(dir / "photos", "0999.jpg", as_bytes("not ours")).ok());

  // The wrong (older) database comes back: recovery cannot account for 7 files.
  fs::copy_file(fx.root / "backup.sqlite", dir / "session.sqlite", fs::copy_options::overwrite_existing);
  {
    auto s = Store::open(fx.opts("day1"));
    REQUIRE(s.ok());
    int quarantined = 0;
    for (const auto &l : s->recovery_log()) quarantined += l.starts_with("quarantined ");
    CHECK(quarantined == 7);
    auto q = s->quarantined();
    REQUIRE(q.ok());
    CHECK(q->size() == 7);
  }
  // Every byte is still on disk: the live ones in place, the others under quarantine/.
  auto after = snapshot(dir);
  auto kept = photo_hashes(after);
  for (const auto &h : photo_hashes(before)) {
    auto it = kept.find(h);
    REQUIRE_MESSAGE(it != kept.end(), "a photo file vanished");
    kept.erase(it);
  }
  int rc = -1;
  const std::string audit =
      sh("sqlite3 " + (dir / "session.sqlite").string() + " \"SELECT COUNT(*) FROM audit WHERE action='quarantine'\"", &rc);
  CHECK(std::atoi(audit.c_str()) == 7);

  const auto cfg = fx.config("day1");
  std::string out = sh(admin_exe() + " quarantine list --config " + cfg.string(), &rc);
  CHECK(rc == 0);
  CHECK_MESSAGE(out.find("7 个隔离文件") != std::string::npos, out);
  CHECK(out.find("photos/0004.jpg") != std::string::npos);
  CHECK(out.find("originals/A3.jpg") != std::string::npos);
  out = sh(admin_exe() + " stats --json --config " + cfg.string(), &rc);
  CHECK(rc == 0);
  CHECK_MESSAGE(out.find("\"quarantined\": 7") != std::string::npos, out);

  // The right database is found again and put back; restore brings every file home.
  fs::copy_file(fx.root / "current.sqlite", dir / "session.sqlite", fs::copy_options::overwrite_existing);
  out = sh(admin_exe() + " quarantine restore --all --config " + cfg.string(), &rc);
  CHECK_MESSAGE(rc == 1, out);  // the hand-dropped 0999.jpg is still unknown to the database
  CHECK(out.find("photos/0999.jpg") != std::string::npos);
  const std::string restores =
      sh("sqlite3 " + (dir / "session.sqlite").string() + " \"SELECT COUNT(*) FROM audit WHERE action='quarantine_restore'\"");
  CHECK(std::atoi(restores.c_str()) == 7);
  {
    auto s = Store::open(fx.opts("day1"));
    REQUIRE(s.ok());
    auto photos = s->accepted_photos();
    REQUIRE(photos.ok());
    CHECK(photos->size() == 4);
    PackageOptions o;
    o.out = fx.root / "export";
    auto sum = export_batch(*s, test_station(), o);
    REQUIRE_MESSAGE(sum.ok(), (sum.ok() ? "" : sum.error().message_en));
    auto v = verify_package(o.out);
    REQUIRE(v.ok());
    CHECK(v->ok());
    // Only the unknown stray went back to quarantine.
    auto q = s->quarantined();
    REQUIRE(q.ok());
    REQUIRE(q->size() == 1);
    CHECK((*q)[0].from == "photos/0999.jpg");
  }
  // Restoring over an existing file is refused.
  REQUIRE(write_file_durable(dir / "photos", "0999.jpg", as_bytes("another")).ok());
  auto s = Store::open_existing(fx.data(), "day1", true);
  REQUIRE(s.ok());
  auto q = s->quarantined();
  REQUIRE(q.ok());
  REQUIRE(q->size() == 1);
  auto again = s->restore_quarantined((*q)[0].entry, "admin");
  REQUIRE_FALSE(again.ok());
  CHECK(again.error().code == "store.restore_exists");
}
