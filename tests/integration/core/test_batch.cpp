// Method 2 with a stand-in checker (the real one is the models Analyzer, wired in cmd_batch):
// matching by ID number or student number, failures listed with reasons, numbering, export.
#include "synthetic_jpeg.h"
#include "temp_folder.h"

#include <core/batch.h>
#include <core/durable_file.h>

#include <doctest/doctest.h>

#include <filesystem>

using namespace gradbooth::core;
namespace fs = std::filesystem;

namespace {
std::string id17(const char *d) { return std::string(d) + id_number_check_char(d); }
}  // namespace

TEST_CASE("batch: match by file name, check, number, export; report every failure") {
  const gradbooth::test::TempFolder scratch("batch");
  const fs::path root = scratch.path;
  StoreOptions so;
  so.data_dir = root / "data";
  so.batch = "m2";
  auto store = Store::open(so);
  REQUIRE(store.ok());
  std::vector<RosterEntry> roster;
  const char *ids[] = {"11010519491231002", "37030320000315121", "37030319990721240", "44010619850101123"};
  for (int i = 0; i < 4; ++i) {
    RosterEntry e;
    e.id_number = id17(ids[i]);
    e.student_number = "S" + std::to_string(10 + i);
    e.name = "学生" + std::to_string(i);
    e.gender = gender_from_id(e.id_number);
    e.level = "成人本科";
    roster.push_back(e);
  }
  REQUIRE(store->import_roster(roster).ok());
  const fs::path photos = root / "photos";
  fs::create_directories(photos);
  const auto good = gradbooth::test::small_jpeg(400, 500, 1);
  const auto bad = gradbooth::test::small_jpeg(100, 100, 2);
  // Student 0 by ID number (lower-case x in the name), student 1 by student number, student 2's
  // photo fails the checks, student 3 has none; plus strangers and things that are not photos.
  std::string id0 = roster[0].id_number;
  id0.back() = 'x';
  REQUIRE(write_file_durable(photos, id0 + ".JPG", good).ok());
  REQUIRE(write_file_durable(photos, "S11.jpeg", good).ok());
  REQUIRE(write_file_durable(photos, roster[2].id_number + ".jpg", bad).ok());
  REQUIRE(write_file_durable(photos, "S10.jpg", good).ok());  // student 0 again
  REQUIRE(write_file_durable(photos, "nobody.jpg", good).ok());
  REQUIRE(write_file_durable(photos, "notes.txt", as_bytes("x")).ok());
  fs::create_symlink("/etc/passwd", photos / (roster[3].id_number + ".jpg"));

  const auto spec = gradbooth::test::spec_like_jpeg(5);
  int calls = 0;
  PhotoChecker checker = [&](std::span<const std::uint8_t> jpeg) -> gradbooth::Result<CheckedPhoto> {
    ++calls;
    CheckedPhoto c;
    if (jpeg.size() == bad.size()) {
      c.pass = false;
      c.failed_checks = {"faces"};
      c.reasons_zh = {"未检测到人脸"};
      c.reasons_en = {"no face found"};
      return c;
    }
    c.pass = true;
    c.spec_jpeg = spec;
    return c;
  };
  PackageOptions po;
  po.out = root / "export";
  auto rep = run_batch(*store, photos, checker, StationConfig{}, po);
  REQUIRE_MESSAGE(rep.ok(), (rep.ok() ? "" : rep.error().message_en));
  CHECK(calls == 3);
  CHECK(rep->numbered == 2);
  CHECK(rep->failed == 5);
  std::map<std::string, const BatchItem *> by_file;
  for (const auto &i : rep->items) by_file[i.file] = &i;
  REQUIRE(by_file.count(id0 + ".JPG"));
  CHECK(by_file[id0 + ".JPG"]->ok);
  CHECK(by_file[id0 + ".JPG"]->number->value == 1);  // S10 sorts first
  CHECK(by_file["S11.jpeg"]->number->value == 2);
  CHECK(by_file[roster[2].id_number + ".jpg"]->code == "batch.failed_checks");
  CHECK(by_file[roster[2].id_number + ".jpg"]->reason_zh == "未检测到人脸");
  CHECK(by_file["S10.jpg"]->code == "batch.duplicate");
  CHECK(by_file["nobody.jpg"]->code == "batch.unmatched");
  CHECK(by_file["notes.txt"]->code == "batch.not_jpeg");
  CHECK(by_file[roster[3].id_number + ".jpg"]->code == "batch.not_a_file");
  REQUIRE(rep->missing.size() == 1);  // student 3: no usable file at all (2 failed, reported above)
  CHECK(rep->missing[0].find("S13") == 0);
  REQUIRE(rep->package);
  CHECK(rep->package->photos == 2);
  auto v = verify_package(po.out);
  REQUIRE(v.ok());
  CHECK(v->ok());
  CHECK(fs::exists(rep->report_csv));
  auto csv = read_file_bytes(rep->report_csv);
  REQUIRE(csv.ok());
  CHECK(csv->find("未检测到人脸") != std::string::npos);
  // The failing photo's original is kept in the store, as a rejected attempt.
  auto st = store->stats();
  REQUIRE(st.ok());
  CHECK(st->attempts == 3);
  CHECK(st->accepted == 2);
}
