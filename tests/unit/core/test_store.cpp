// The session store on real SQLite files in a temp folder.
#include "synthetic_jpeg.h"
#include "temp_folder.h"

#include <core/store.h>

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <filesystem>
#include <sys/stat.h>

using namespace gradbooth::core;
namespace fs = std::filesystem;

namespace {

std::string make_id(int i) {
  char d17[32];
  std::snprintf(d17, sizeof d17, "370303200001%05d", i % 100000);
  return std::string(d17) + id_number_check_char(d17);
}

std::vector<RosterEntry> roster(int n) {
  std::vector<RosterEntry> v;
  for (int i = 0; i < n; ++i) {
    RosterEntry e;
    e.id_number = make_id(i);
    e.student_number = "S" + std::to_string(1000 + i);
    e.name = "学生" + std::to_string(i);
    e.gender = gender_from_id(e.id_number);
    e.level = i % 2 ? "成人本科" : "成人专科";
    e.raw_level = i % 2 ? "专升本" : "高起专";
    e.row = i + 2;
    v.push_back(e);
  }
  return v;
}

struct TempStore {
  gradbooth::test::TempFolder scratch{"store"};
  fs::path root;
  StoreOptions opts;
  TempStore(int first = 1, int last = 9999) {
    root = scratch.path;
    opts.data_dir = root / "data";
    opts.batch = "2026";
    opts.sequence_first = first;
    opts.sequence_last = last;
  }
  Store open() {
    auto s = Store::open(opts);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message_en));
    return std::move(*s);
  }
};

const std::vector<std::uint8_t> &spec() {
  static const auto v = gradbooth::test::spec_like_jpeg(3);
  return v;
}
const std::vector<std::uint8_t> &original() {
  static const auto v = gradbooth::test::small_jpeg(320, 240, 4);
  return v;
}

AttemptId attempt(Store &s, const std::string &id, bool pass = true) {
  AttemptInput in;
  in.id_number = id;
  in.original_jpeg = original();
  in.spec_jpeg = spec();
  in.measures_json = R"({"yaw":1.5})";
  in.pass = pass;
  if (!pass) in.failed_checks = {"pose_yaw", "eyes_open"};
  auto a = s.record_attempt(in);
  REQUIRE_MESSAGE(a.ok(), (a.ok() ? "" : a.error().message_en));
  return *a;
}

int mode_of(const fs::path &p) {
  struct stat st {};
  REQUIRE(::stat(p.c_str(), &st) == 0);
  return st.st_mode & 0777;
}

}  // namespace

TEST_CASE("a new store: layout, WAL, foreign keys, user_version, private modes") {
  TempStore t;
  auto s = t.open();
  const fs::path d = t.opts.data_dir / "2026";
  CHECK(s.dir() == d);
  for (const char *sub : {"originals", "attempts", "photos", "exports"}) CHECK(fs::is_directory(d / sub));
  CHECK(mode_of(d) == 0700);
  CHECK(mode_of(d / "photos") == 0700);
  CHECK(mode_of(d / "session.sqlite") == 0600);
  sqlite3 *db = nullptr;
  REQUIRE(sqlite3_open_v2((d / "session.sqlite").c_str(), &db, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt *st = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA user_version", -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(sqlite3_column_int(st, 0) == 1);
  sqlite3_finalize(st);
  sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, nullptr);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  CHECK(std::string(reinterpret_cast<const char *>(sqlite3_column_text(st, 0))) == "wal");
  sqlite3_finalize(st);
  sqlite3_close(db);
}

TEST_CASE("batch names cannot escape the data folder") {
  for (const char *bad : {"../etc", "..", "a/b", "", ".hidden", "x/../../y"}) {
    CHECK_FALSE(valid_batch_name(bad));
    StoreOptions o;
    o.data_dir = "/tmp";
    o.batch = bad;
    auto s = Store::open(o);
    CHECK_FALSE(s.ok());
  }
  CHECK(valid_batch_name("2026-spring_1"));
}

TEST_CASE("roster re-import updates, never duplicates") {
  TempStore t;
  auto s = t.open();
  auto r = roster(5);
  auto a = s.import_roster(r);
  REQUIRE(a.ok());
  CHECK(a->inserted == 5);
  r[2].name = "改名";
  auto b = s.import_roster(r);
  REQUIRE(b.ok());
  CHECK(b->inserted == 0);
  CHECK(b->updated == 1);
  CHECK(b->unchanged == 4);
  CHECK(*s.roster_size() == 5);
  auto found = s.find_student(r[2].id_number);
  REQUIRE(found.ok());
  REQUIRE(found->has_value());
  CHECK((*found)->name == "改名");
  // A student number that belongs to another ID is refused, with its row.
  auto clash = roster(1);
  clash[0].id_number = make_id(77);
  clash[0].gender = gender_from_id(clash[0].id_number);
  clash[0].student_number = r[1].student_number;
  auto c = s.import_roster(clash);
  REQUIRE(c.ok());
  REQUIRE(c->issues.size() == 1);
  CHECK(c->issues[0].code == "roster.student_number_taken");
}

TEST_CASE("numbers: in order, stable across retakes, never reused after a void") {
  TempStore t(101, 200);
  auto s = t.open();
  auto r = roster(4);
  REQUIRE(s.import_roster(r).ok());
  auto n0 = s.accept(attempt(s, r[0].id_number));
  auto n1 = s.accept(attempt(s, r[1].id_number));
  REQUIRE(n0.ok());
  REQUIRE(n1.ok());
  CHECK(n0->value == 101);
  CHECK(n1->value == 102);
  CHECK(fs::file_size(s.dir() / "photos" / "0101.jpg") == spec().size());
  // Retake of student 0 keeps 0101; the old attempt is superseded.
  auto retake = s.accept(attempt(s, r[0].id_number));
  REQUIRE(retake.ok());
  CHECK(retake->value == 101);
  {
    auto recent = s.recent_attempts(-1);
    REQUIRE(recent.ok());
    REQUIRE(recent->size() == 3);  // newest first: the retake, student 1's, student 0's first
    CHECK(recent->at(0).status == AttemptStatus::Accepted);
    CHECK(recent->at(2).status == AttemptStatus::Superseded);
  }
  // Void 0102: student 1 gets a fresh number later, 0102 is never handed out again.
  CHECK_FALSE(s.void_number(SequenceNumber{102}, {}).ok());  // needs a supervisor
  REQUIRE(s.void_number(SequenceNumber{102}, {"王老师", "wrong person"}).ok());
  CHECK_FALSE(fs::exists(s.dir() / "photos" / "0102.jpg"));
  auto n2 = s.accept(attempt(s, r[2].id_number));
  REQUIRE(n2.ok());
  CHECK(n2->value == 103);
  auto again = s.accept(attempt(s, r[1].id_number));
  REQUIRE(again.ok());
  CHECK(again->value == 104);
  auto photos = s.accepted_photos();
  REQUIRE(photos.ok());
  REQUIRE(photos->size() == 3);
  CHECK((*photos)[0].number.value == 101);
  CHECK((*photos)[1].number.value == 103);
  CHECK(*s.number_of(r[0].id_number) == SequenceNumber{101});
  CHECK(*s.numbers_left() == 96);
  auto st = s.stats();
  REQUIRE(st.ok());
  CHECK(st->accepted == 3);
  CHECK(st->voided == 1);
  CHECK(st->attempts == 5);
}

TEST_CASE("a full range is a clear error before capture") {
  TempStore t(1, 2);
  auto s = t.open();
  auto r = roster(3);
  REQUIRE(s.import_roster(r).ok());
  REQUIRE(s.accept(attempt(s, r[0].id_number)).ok());
  REQUIRE(s.accept(attempt(s, r[1].id_number)).ok());
  auto c = s.can_number(r[2].id_number);
  REQUIRE_FALSE(c.ok());
  CHECK(c.error().code == "store.range_full");
  CHECK(c.error().message_zh.find("0001–0002") != std::string::npos);
  CHECK(s.can_number(r[0].id_number).ok());  // a retake keeps its number
  CHECK(*s.numbers_left() == 0);
  auto a = s.accept(attempt(s, r[2].id_number));
  REQUIRE_FALSE(a.ok());
  CHECK(a.error().code == "store.range_full");
}

TEST_CASE("failing attempts need a supervisor; decisions land in overrides and the audit log") {
  TempStore t;
  auto s = t.open();
  auto r = roster(2);
  REQUIRE(s.import_roster(r).ok());
  const auto id = attempt(s, r[0].id_number, false);
  auto a = s.accept(id);
  REQUIRE_FALSE(a.ok());
  CHECK(a.error().code == "store.needs_override");
  auto b = s.accept(id, {"王老师", "acceptable"});
  REQUIRE(b.ok());
  CHECK_FALSE(s.accept(id, {"王老师", "twice"}).ok());  // not pending any more
  const auto id2 = attempt(s, r[1].id_number, false);
  REQUIRE(s.reject(id2).ok());
  CHECK_FALSE(s.reject(id2).ok());
  REQUIRE(s.skip_student(r[1].id_number, {"王老师", "left"}).ok());
  REQUIRE(s.record_card_read({r[1].id_number, "x", Gender::Male, CardReadOutcome::Mismatch}).ok());
  auto st = s.stats();
  REQUIRE(st.ok());
  CHECK(st->overrides == 1);
  CHECK(st->skips == 1);
  CHECK(st->card_reads == 1);
  CHECK(st->first_try_pass == 0);
  REQUIRE(!st->top_failures.empty());
  CHECK(st->top_failures[0].second == 2);
  auto recent = s.recent_attempts(10);
  REQUIRE(recent.ok());
  REQUIRE(recent->size() == 2);
  CHECK((*recent)[0].status == AttemptStatus::Rejected);
  CHECK((*recent)[1].status == AttemptStatus::Accepted);
  CHECK((*recent)[1].failed_checks.size() == 2);
}

TEST_CASE("attempts for students off the roster are refused") {
  TempStore t;
  auto s = t.open();
  AttemptInput in;
  in.id_number = make_id(5);
  in.original_jpeg = original();
  auto a = s.record_attempt(in);
  REQUIRE_FALSE(a.ok());
  CHECK(a.error().code == "store.not_on_roster");
}

TEST_CASE("opening repairs a crash's leftovers: strays quarantined, temp files removed, a replaced photo restored") {
  TempStore t;
  fs::path dir;
  {
    auto s = t.open();
    dir = s.dir();
    auto r = roster(2);
    REQUIRE(s.import_roster(r).ok());
    REQUIRE(s.accept(attempt(s, r[0].id_number)).ok());
  }
  // A photo placed but never committed, temp files, an attempt file without its row, and the live
  // photo overwritten by an uncommitted retake.
  const auto other = gradbooth::test::small_jpeg(64, 64, 9);
  for (const auto &p : {dir / "photos" / "0002.jpg", dir / "photos" / ".0003.jpg.tmp", dir / "attempts" / "A99.jpg",
                        dir / "originals" / ".A5.jpg.tmp", dir / "photos" / "0001.jpg"}) {
    fs::remove(p);
    FILE *f = std::fopen(p.c_str(), "wb");
    REQUIRE(f);
    std::fwrite(other.data(), 1, other.size(), f);
    std::fclose(f);
  }
  auto s = t.open();
  CHECK(s.recovery_log().size() == 5);
  CHECK_FALSE(fs::exists(dir / "photos" / "0002.jpg"));
  CHECK_FALSE(fs::exists(dir / "attempts" / "A99.jpg"));
  CHECK_FALSE(fs::exists(dir / "originals" / ".A5.jpg.tmp"));
  CHECK(fs::file_size(dir / "photos" / "0001.jpg") == spec().size());
  // The strays are kept, not deleted: moved to quarantine/ with their origin.
  auto q = s.quarantined();
  REQUIRE(q.ok());
  REQUIRE(q->size() == 2);
  CHECK((*q)[0].from == "attempts/A99.jpg");
  CHECK((*q)[1].from == "photos/0002.jpg");
  for (const auto &f : *q) CHECK(fs::file_size(dir / "quarantine" / f.entry) == other.size());
}

TEST_CASE("a 100k-row roster imports in one transaction; re-importing it changes nothing") {
  TempStore t;
  auto s = t.open();
  std::vector<RosterEntry> big;
  big.reserve(100000);
  for (int i = 0; i < 100000; ++i) {
    char d17[32];
    std::snprintf(d17, sizeof d17, "3703031990%07d", i % 10000000);
    RosterEntry e;
    e.id_number = std::string(d17) + id_number_check_char(d17);
    e.student_number = std::to_string(500000 + i);
    e.name = "学生";
    e.gender = gender_from_id(e.id_number);
    e.level = "成人专科";
    big.push_back(std::move(e));
  }
  auto a = s.import_roster(big);
  REQUIRE(a.ok());
  CHECK(a->inserted == 100000);
  auto b = s.import_roster(big);
  REQUIRE(b.ok());
  CHECK(b->unchanged == 100000);
  CHECK(*s.roster_size() == 100000);
}
