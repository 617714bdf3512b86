// Exports leave an audit row and private files; no spreadsheet formula leaves in the CSV.
// Through the admin binary, read back with sqlite3 and verify.
#include "core_fixture.h"

using namespace gradbooth::test;

namespace {

int audit_count(const fs::path &db, const std::string &action) {
  return std::atoi(sh("sqlite3 " + db.string() + " \"SELECT COUNT(*) FROM audit WHERE action='" + action + "'\"").c_str());
}

}  // namespace

TEST_CASE("admin export (folder and zip) leaves an audit row; every file it writes is 0600, folders 0700") {
  CoreFixture fx;
  { auto s = fx.make("b1", 1, 4999, 0, 3); }
  const fs::path db = fx.data() / "b1" / "session.sqlite";
  const auto cfg = fx.config("b1");
  ::umask(022);  // a typical login shell: the product must not rely on the unit's UMask=0077
  int rc = -1;
  std::string out = sh(admin_exe() + " export --out " + (fx.root / "e1").string() + " --zip --config " + cfg.string(), &rc);
  REQUIRE_MESSAGE(rc == 0, out);
  CHECK(audit_count(db, "export") == 1);
  out = sh(admin_exe() + " export --out " + (fx.root / "e2").string() + " --gbk --config " + cfg.string(), &rc);
  REQUIRE_MESSAGE(rc == 0, out);
  CHECK(audit_count(db, "export") == 2);
  CHECK(sh("sqlite3 " + db.string() + " \"SELECT subject FROM audit WHERE action='export' ORDER BY id LIMIT 1\"").find("e1") !=
        std::string::npos);
  CHECK(mode_of(fx.root / "e1.zip") == 0600);
  // The booth's supervisor panel runs the same command into the batch's exports/ (kiosk/ui/app.cpp).
  const fs::path booth_out = fx.data() / "b1" / "exports" / "20261201-101500";
  out = sh(admin_exe() + " export --config " + cfg.string() + " --data-dir " + fx.data().string() + " --batch b1 --out " +
               booth_out.string() + " --zip",
           &rc);
  REQUIRE_MESSAGE(rc == 0, out);
  CHECK(audit_count(db, "export") == 3);
  CHECK(mode_of(booth_out.string() + ".zip") == 0600);
  for (const auto &root : {fx.root / "e1", fx.root / "e2"})
    for (const auto &e : fs::recursive_directory_iterator(root)) {
      CAPTURE(e.path().string());
      CHECK(mode_of(e.path()) == (e.is_directory() ? 0700 : 0600));
    }
  // merge --zip, and the batch's own files.
  PackageOptions o;
  o.out = fx.root / "m";
  o.zip = true;
  auto other = fx.make("b2", 5001, 9999, 3, 5);
  PackageOptions oe;
  oe.out = fx.root / "e3";
  REQUIRE(export_batch(other, test_station(), oe).ok());
  out = sh(admin_exe() + " merge " + (fx.root / "e1.zip").string() + " " + (fx.root / "e3").string() + " --out " +
               (fx.root / "m").string() + " --zip --config " + cfg.string(),
           &rc);
  REQUIRE_MESSAGE(rc == 0, out);
  CHECK(mode_of(fx.root / "m.zip") == 0600);
  for (const auto &e : fs::recursive_directory_iterator(fx.data()))
    if (e.is_regular_file()) {
      CAPTURE(e.path().string());
      CHECK(mode_of(e.path()) == 0600);
    }
  // check's spec JPEGs (written with ofstream) are private too.
  const char *subjects = std::getenv("GRADBOOTH_SUBJECTS");
  const fs::path photo = fs::path(subjects ? subjects : "") / "booth_01829.jpg";
  REQUIRE_MESSAGE(fs::exists(photo), "the booth subject the build makes is missing: ", photo.string());
  out = sh(admin_exe() + " check " + photo.string() + " --all --out " + (fx.root / "checked").string(), &rc);
  REQUIRE_MESSAGE((fs::exists(fx.root / "checked") && !fs::is_empty(fx.root / "checked")), out);
  CHECK(mode_of(fx.root / "checked") == 0700);
  for (const auto &e : fs::directory_iterator(fx.root / "checked")) {
    CAPTURE(e.path().string());
    CHECK(mode_of(e.path()) == 0600);
  }
}

TEST_CASE("export writes a formula-like cell as text ('=…), verify passes it and flags a raw one") {
  CoreFixture fx;
  // Rows that reached the store before roster validation existed (the Store API takes them as is).
  fx.students[0].name = "=HYPERLINK(\"http://x\",\"y\")";
  fx.students[1].student_number = "+cmd|' /C calc'!A0";
  auto s = fx.make("f", 1, 9999, 0, 2);
  StationConfig st = test_station();
  st.school_name = "@山东理工大学";
  PackageOptions o;
  o.out = fx.root / "exp";
  REQUIRE(export_batch(s, st, o).ok());
  auto csv = read_file_bytes(o.out / kDatabaseCsv);
  REQUIRE(csv.ok());
  CHECK(csv->find("'=HYPERLINK") != std::string::npos);
  CHECK(csv->find("'+cmd|") != std::string::npos);
  CHECK(csv->find(",'@山东理工大学") != std::string::npos);
  CHECK(csv->find(",=") == std::string::npos);
  auto v = verify_package(o.out);
  REQUIRE(v.ok());
  CHECK(v->ok());
  // The table verify reads is the real value (merge writes it again, neutralised once).
  CHECK(v->table[0].name == fx.students[0].name);
  // The same cell written raw (as a careless tool would) is flagged.
  std::string raw = *csv;
  raw.replace(raw.find("'=HYPERLINK"), 1, "");
  REQUIRE(write_file_durable(o.out, kDatabaseCsv, as_bytes(raw)).ok());
  auto bad = verify_package(o.out);
  REQUIRE(bad.ok());
  bool flagged = false;
  for (const auto &p : bad->problems) flagged |= p.code == "verify.formula" && p.where == "database.csv row 2";
  CHECK(flagged);
  // The roster importer never lets such a name in.
  const fs::path roster = fx.root / "r.csv";
  std::ofstream(roster) << "学号,姓名,性别,身份证号,学历层次\n1,\"=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\",," << fx.students[2].id_number
                        << ",高起专\n\"+cmd|' /C calc'!A0\",张伟,," << fx.students[3].id_number << ",高起专\n";
  int rc = -1;
  const std::string out = sh(admin_exe() + " roster import " + roster.string() + " --config " + fx.config("f2").string(), &rc);
  CHECK_MESSAGE(rc == 1, out);
  CHECK(out.find("roster.bad_name") != std::string::npos);
  CHECK(out.find("roster.bad_student_number") != std::string::npos);
  CHECK(out.find("0 inserted") != std::string::npos);
}

TEST_CASE("verify caps what it extracts from a zip and never follows a symlink") {
  CoreFixture fx;
  auto s = fx.make("v", 1, 9999, 0, 2);
  PackageOptions o;
  o.out = fx.export_to(s, "exp");
  // 5 × 200 MB of zeros: a ~1 MB zip. Nothing may be written to the temp folder.
  const fs::path bomb = fx.root / "bomb.zip";
  int rc = -1;
  const std::string made =
      sh("python3 -c \"import zipfile\nz = zipfile.ZipFile('" + bomb.string() +
             "', 'w', zipfile.ZIP_DEFLATED)\nfor i in range(5):\n  with z.open('photos/%04d.jpg' % (i + 1), 'w') as f:\n"
             "    for _ in range(200): f.write(bytes(1 << 20))\nz.close()\"",
         &rc);
  REQUIRE_MESSAGE(rc == 0, made);
  CHECK(fs::file_size(bomb) < (3u << 20));
  const fs::path tmp = fx.root / "tmp";
  fs::create_directories(tmp);
  const std::string out = sh("TMPDIR=" + tmp.string() + " " + admin_exe() + " verify " + bomb.string(), &rc);
  CHECK_MESSAGE(rc == 3, out);
  CHECK(out.find("verify.zip_too_large") != std::string::npos);
  CHECK(fs::is_empty(tmp));

  // A symlinked photos/ folder pointing outside the package: reported, not read.
  const fs::path outside = fx.root / "outside";
  fs::create_directories(outside);
  fs::copy(o.out / "photos", outside, fs::copy_options::recursive);
  fs::remove_all(o.out / "photos");
  fs::create_directory_symlink(outside, o.out / "photos");
  auto v = verify_package(o.out);
  REQUIRE(v.ok());
  CHECK_FALSE(v->ok());
  bool link = false, missing = false;
  for (const auto &p : v->problems) {
    link |= p.code == "verify.symlink" && p.where == "photos";
    missing |= p.code == "verify.missing_photo";
  }
  CHECK(link);
  CHECK(missing);  // the photos behind the link were not taken as the package's
  // A symlinked database.csv likewise.
  fs::remove(o.out / "photos");
  fs::copy(outside, o.out / "photos", fs::copy_options::recursive);
  fs::rename(o.out / kDatabaseCsv, outside / kDatabaseCsv);
  fs::create_symlink(outside / kDatabaseCsv, o.out / kDatabaseCsv);
  v = verify_package(o.out);
  REQUIRE(v.ok());
  bool csv_link = false;
  for (const auto &p : v->problems) csv_link |= p.code == "verify.symlink" && p.where == kDatabaseCsv;
  CHECK(csv_link);
  CHECK(v->rows == 0);
}
