// The booth's glue without a display or devices: core's real Workflow and a real SQLite Store in
// a temp folder, the camera and the analyzer replaced by ports the test answers by hand.
#include "booth/booth.h"
#include "booth/catalogue.h"
#include "booth/main_queue.h"
#include "camera_options.h"
#include "core/config.h"

#include "core/roster.h"
#include "idcard/text_block.h"
#include "core/panel_views.h"
#include "core/store.h"
#include "core/progress.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <random>
#include <thread>

using namespace gradbooth;
using namespace gradbooth::ui;
using core::Gender;
using core::State;

namespace {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("gradbooth-ui-test-" + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
};

core::RosterEntry entry(std::string number, std::string name, Gender g, std::string id, std::string level) {
  core::RosterEntry e;
  e.student_number = std::move(number);
  e.name = std::move(name);
  e.gender = g;
  e.id_number = std::move(id);
  e.level = level;
  e.raw_level = level;
  return e;
}

const std::string kZhang = "370303200003151214";  // 张伟, 男 (config/roster-example.csv)
const std::string kWang = "370303199907212408";   // 王芳, 女

models::CheckResult check(std::string id, bool pass, bool hard = true) {
  models::CheckResult c;
  c.id = std::move(id);
  c.pass = pass;
  c.hard = hard;
  if (!pass) {
    c.reason_zh = "原因 " + c.id;
    c.reason_en = "reason " + c.id;
  }
  return c;
}

CaptureVerdict verdict(bool pass) {
  CaptureVerdict v;
  v.pass = pass;
  v.checks = {check("faces", true), check("pose_yaw", pass), check("sharpness", true, false)};
  v.spec_jpeg = {0xFF, 0xD8, 0xFF, 0xE0, 1, 2, 3, 0xFF, 0xD9};
  v.measures_json = "{}";
  return v;
}

// A booth over a fresh batch with two students on the roster; the "camera" records what it
// was asked, the "analyzer" answers with the verdict the test queued.
struct Rig {
  TempDir dir;
  core::Store store;
  int captures_requested = 0;
  std::vector<bool> liveview_calls;
  std::vector<CaptureVerdict> next_verdicts;
  int changes = 0;
  RecordingSound sound;  // what the booth asked the speaker for
  std::unique_ptr<Booth> booth;
  core::Clock::time_point now = core::Clock::now();

  static core::Store open(const fs::path &dir) {
    core::StoreOptions o;
    o.data_dir = dir;
    o.batch = "test";
    o.sequence_first = 41;
    o.sequence_last = 60;
    auto s = core::Store::open(o);
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message_en));
    return std::move(s.value());
  }

  explicit Rig(bool sound_on = true) : store(open(dir.path)) {
    auto imported = store.import_roster({entry("202400001", "张伟", Gender::Male, kZhang, "成人专科"),
                                         entry("202400002", "王芳", Gender::Female, kWang, "成人本科")});
    REQUIRE(imported.ok());
    Booth::Ports p;
    p.set_liveview = [this](bool on) { liveview_calls.push_back(on); };
    p.request_capture = [this] { ++captures_requested; };
    p.analyze = [this](std::vector<std::uint8_t>, std::function<void(Result<CaptureVerdict>)> done) {
      REQUIRE(!next_verdicts.empty());
      auto v = next_verdicts.front();
      next_verdicts.erase(next_verdicts.begin());
      done(v);
    };
    p.changed = [this] { ++changes; };
    p.sound = &sound;
    p.sound_enabled = sound_on;
    core::WorkflowOptions wo;
    wo.retake_limit = 3;
    wo.idle_timeout = std::chrono::seconds(90);
    wo.countdown = std::chrono::seconds(3);
    booth = std::make_unique<Booth>(wo, store, p);
  }

  void advance(std::chrono::milliseconds d) {
    now += d;
    booth->tick(now);
  }

  // Card → identity → live → countdown → capture with the given verdict → review.
  void to_review(bool pass) {
    if (booth->state() == State::Idle) {
      booth->card_placed("张伟", Gender::Male, kZhang);
      REQUIRE(booth->screen_name() == "identity");
      booth->confirm_identity();
    }
    REQUIRE(booth->screen_name() == "live");
    booth->shoot();
    REQUIRE(booth->state() == State::Countdown);
    const int before = captures_requested;
    for (int i = 0; i < 40 && booth->state() == State::Countdown; ++i) advance(std::chrono::milliseconds(100));
    REQUIRE(booth->state() == State::Capturing);
    REQUIRE(captures_requested == before + 1);
    next_verdicts.push_back(verdict(pass));
    booth->capture_finished(std::vector<std::uint8_t>{0xFF, 0xD8, 9, 9, 0xFF, 0xD9});
    REQUIRE(booth->state() == State::Review);
  }
};

} // namespace

TEST_CASE("a student goes from card to number, and the number is in the store") {
  Rig r;
  r.booth->card_placed("张伟", Gender::Male, kZhang);
  CHECK(r.booth->screen_name() == "identity");
  CHECK(r.booth->view().student_name == "张伟");
  CHECK(r.booth->view().masked_id == "370303********1214");
  CHECK(r.booth->view().student_number == "202400001");
  // Live view is already warming up behind the identity screen.
  REQUIRE(!r.liveview_calls.empty());
  CHECK(r.liveview_calls.back());
  // "shoot" means nothing until the student confirmed it is them.
  r.booth->shoot();
  CHECK(r.booth->state() == State::LiveView);
  r.booth->confirm_identity();
  r.to_review(true);
  CHECK(r.booth->review().pass);
  CHECK(r.booth->review().cropped);
  r.booth->accept();
  REQUIRE(r.booth->state() == State::Done);
  REQUIRE(r.booth->view().number.has_value());
  CHECK(r.booth->view().number->text() == "0041");  // first of this booth's range
  auto n = r.store.number_of(kZhang);
  REQUIRE(n.ok());
  REQUIRE(n->has_value());
  CHECK((*n)->value == 41);
  CHECK(fs::exists(r.store.dir() / "photos" / "0041.jpg"));
  // Card removed on the done screen: back to welcome with nothing about the student left.
  r.booth->card_removed();
  CHECK(r.booth->screen_name() == "welcome");
  CHECK(r.booth->view().student_name.empty());
  CHECK(r.booth->review().photo_jpeg.empty());
}

TEST_CASE("a failed hard check blocks accept; a retake then passes and keeps one number") {
  Rig r;
  r.to_review(false);
  CHECK_FALSE(r.booth->review().pass);
  // The failing check's reason is on the review screen, in both languages.
  bool found = false;
  for (const auto &c : r.booth->review().checks)
    if (c.id == "pose_yaw") found = !c.pass && c.reason_zh == "原因 pose_yaw" && c.reason_en == "reason pose_yaw";
  CHECK(found);
  r.booth->accept();  // the button is disabled; a D-Bus activation must not get through either
  CHECK(r.booth->state() == State::Review);
  r.booth->retake();
  CHECK(r.booth->screen_name() == "live");  // no second identity check on a retake
  r.to_review(true);
  CHECK(r.booth->view().attempts == 2);
  r.booth->accept();
  REQUIRE(r.booth->view().number.has_value());
  auto recent = r.store.recent_attempts(10);
  REQUIRE(recent.ok());
  CHECK(recent->size() == 2);
}

TEST_CASE("the supervisor accepts a failed photo with a reason; the override is on file") {
  Rig r;
  r.to_review(false);
  CHECK_FALSE(r.booth->override_accept("supervisor", "").applied());
  CHECK(r.booth->state() == State::Review);
  REQUIRE(r.booth->override_accept("supervisor", "photo checked by the photographer").applied());
  REQUIRE(r.booth->state() == State::Done);
  REQUIRE(r.booth->view().number.has_value());
  auto recent = r.store.recent_attempts(1);
  REQUIRE(recent.ok());
  REQUIRE(recent->size() == 1);
  CHECK(recent->front().status == core::AttemptStatus::Accepted);
  CHECK_FALSE(recent->front().pass);
}

TEST_CASE("a card whose name differs from the roster waits for the supervisor, who lets it through") {
  Rig r;
  r.booth->card_placed("张伟伟", Gender::Male, kZhang);
  CHECK(r.booth->view().supervisor == core::SupervisorReason::NameMismatch);
  CHECK(r.booth->screen_name() == "wait");
  r.booth->shoot();
  CHECK(r.booth->state() != State::Countdown);
  CHECK_FALSE(r.booth->override_accept("supervisor", "").applied());  // a reason is required
  REQUIRE(r.booth->override_accept("supervisor", "checked the ID card in person").applied());
  CHECK(r.booth->view().supervisor == core::SupervisorReason::None);
  CHECK(r.booth->screen_name() == "live");
  r.to_review(true);
  r.booth->accept();
  CHECK(r.booth->state() == State::Done);
}

TEST_CASE("a card not on the roster is never numbered; the supervisor skips the student") {
  Rig r;
  r.booth->card_placed("赵六", Gender::Male, "11010519491231002X");
  CHECK(r.booth->view().supervisor == core::SupervisorReason::NotOnRoster);
  CHECK(r.booth->screen_name() == "wait");
  REQUIRE(r.booth->skip_student("supervisor", "not our student").applied());
  r.booth->card_removed();
  CHECK(r.booth->screen_name() == "welcome");
  auto left = r.store.numbers_left();
  REQUIRE(left.ok());
  CHECK(*left == 20);
}

TEST_CASE("the card taken back mid-flow does not lose the student; walking away does") {
  Rig r;
  r.booth->card_placed("王芳", Gender::Female, kWang);
  r.booth->confirm_identity();
  r.booth->shoot();
  for (int i = 0; i < 40 && r.booth->state() == State::Countdown; ++i) r.advance(std::chrono::milliseconds(100));
  REQUIRE(r.booth->state() == State::Capturing);
  // Students pick their card up once it is read: the capture carries on.
  r.booth->card_removed();
  CHECK(r.booth->screen_name() == "capturing");
  r.next_verdicts.push_back(verdict(true));
  r.booth->capture_finished(std::vector<std::uint8_t>{0xFF, 0xD8, 0xFF, 0xD9});
  CHECK(r.booth->screen_name() == "review");
  // Then they walk away from the review: after the idle timeout the attempt is rejected and
  // nothing about them stays on screen.
  r.advance(std::chrono::seconds(91));
  CHECK(r.booth->screen_name() == "welcome");
  CHECK(r.booth->view().student_name.empty());
  auto recent = r.store.recent_attempts(10);
  REQUIRE(recent.ok());
  REQUIRE(recent->size() == 1);
  CHECK(recent->front().status == core::AttemptStatus::Rejected);
  auto n = r.store.number_of(kWang);
  REQUIRE(n.ok());
  CHECK_FALSE(n->has_value());
}

TEST_CASE("a capture result arriving after the student was sent away is dropped") {
  Rig r;
  r.booth->card_placed("王芳", Gender::Female, kWang);
  r.booth->confirm_identity();
  r.booth->shoot();
  for (int i = 0; i < 40 && r.booth->state() == State::Countdown; ++i) r.advance(std::chrono::milliseconds(100));
  REQUIRE(r.booth->state() == State::Capturing);
  REQUIRE(r.booth->skip_student("supervisor", "left the queue").applied());
  CHECK(r.booth->screen_name() == "welcome");
  r.booth->capture_finished(std::vector<std::uint8_t>{0xFF, 0xD8, 0xFF, 0xD9});
  CHECK(r.booth->screen_name() == "welcome");
  auto recent = r.store.recent_attempts(10);
  REQUIRE(recent.ok());
  CHECK(recent->empty());
}

TEST_CASE("a student who walks away from the identity screen is forgotten after the idle timeout") {
  Rig r;
  r.booth->card_placed("王芳", Gender::Female, kWang);
  CHECK(r.booth->screen_name() == "identity");
  // Frames keep coming, but they are not the student's activity until they confirm.
  for (int i = 0; i < 95; ++i) {
    r.booth->frame_shown(false);
    r.advance(std::chrono::seconds(1));
  }
  CHECK(r.booth->screen_name() == "welcome");
}

TEST_CASE("'not me' ends the visit at once, switches live view off and says what to do") {
  Rig r;
  r.booth->card_placed("王芳", Gender::Female, kWang);
  r.booth->reject_identity();
  CHECK(r.booth->screen_name() == "welcome");
  CHECK(r.booth->rejected_notice());
  CHECK_FALSE(r.liveview_calls.back());
  r.booth->shoot();
  CHECK(r.booth->state() == State::Idle);
  // The next card clears the notice.
  r.booth->card_placed("张伟", Gender::Male, kZhang);
  CHECK_FALSE(r.booth->rejected_notice());
  CHECK(r.booth->screen_name() == "identity");
}

// A card as the reader driver decodes it: laid out as a text block, then parsed back.
idcard::CardIdentity read_card(idcard::CardIdentity id) {
  auto parsed = idcard::parse_text_block(idcard::encode_text_block(id), "20260701");
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message_en));
  return *parsed;
}

TEST_CASE("the whole card reaches the booth: warnings for the photographer, forgotten with the student") {
  Rig r;
  idcard::CardIdentity id;
  id.name = {"张伟"};
  id.gender = idcard::Gender::Male;
  id.nation_code = "01";
  id.id_number = kZhang;
  id.birth_date = "19990101";  // the ID number says 2000-03-15
  id.valid_from = "20150101";
  id.valid_to = "20250101";    // expired before the reading date
  const auto card = read_card(id);
  REQUIRE(card.warnings.size() >= 2);
  r.booth->card_placed(card_holder(card));
  CHECK(r.booth->screen_name() == "identity");  // warnings never stop the flow
  REQUIRE(r.booth->card() != nullptr);
  CHECK(r.booth->card()->warnings == card.warnings);
  CHECK(r.booth->card()->card_type == "resident");
  // Shown in the panel's language.
  const std::string zh = warning_text(Lang::Zh, r.booth->card()->warnings.front());
  const std::string en = warning_text(Lang::En, r.booth->card()->warnings.front());
  CHECK(zh.find(" / ") == std::string::npos);
  CHECK(en.find(" / ") == std::string::npos);
  CHECK(zh != en);
  CHECK(zh == r.booth->card()->warnings.front().zh);  // each language its own half, never parsed apart
  CHECK(en == r.booth->card()->warnings.front().en);
  // Lifting the card mid-flow keeps the student and their card's warnings…
  r.booth->card_removed();
  REQUIRE(r.booth->card() != nullptr);
  // …a different card placed meanwhile does not replace them…
  r.booth->card_placed("王芳", Gender::Female, kWang);
  REQUIRE(r.booth->card() != nullptr);
  CHECK(r.booth->card()->roster_id == kZhang);
  // …and the visit's end forgets them.
  r.booth->reject_identity();
  CHECK(r.booth->card() == nullptr);
}

TEST_CASE("permit holders match the roster on the number the roster holds for them") {
  Rig r;
  const std::string permit = "USA110080101001";   // 'I' card: 15-character permit number
  const std::string hk = "810000200001011237";    // 'J' card: the 18-digit number on the card
  REQUIRE(r.store.import_roster({entry("202400001", "张伟", Gender::Male, kZhang, "成人专科"),
                                 entry("202400002", "王芳", Gender::Female, kWang, "成人本科"),
                                 entry("202400003", "史密斯", Gender::Male, permit, "成人本科"),
                                 entry("202400004", "陈大文", Gender::Male, hk, "成人专科")})
              .ok());

  idcard::CardIdentity i;
  i.type = idcard::CardType::ForeignerPermanent;
  i.name = {"史密斯", "SMITH, JOHN"};
  i.gender = idcard::Gender::Male;
  i.permit_number = permit;
  i.nation_code = "USA";
  i.birth_date = "19800101";
  i.valid_from = "20200101";
  i.valid_to = "20300101";
  const auto holder_i = card_holder(read_card(i));
  CHECK(holder_i.card_type == "foreigner-permanent");
  CHECK(tr(Lang::Zh, "card." + holder_i.card_type) == "外国人永久居留身份证");  // named on the panel
  CHECK(holder_i.roster_id == permit);
  r.booth->card_placed(holder_i);
  CHECK(r.booth->view().supervisor == core::SupervisorReason::None);
  CHECK(r.booth->view().student_number == "202400003");
  r.booth->reject_identity();

  idcard::CardIdentity j;
  j.type = idcard::CardType::HkMoTwPermit;
  j.name = {"陈大文"};
  j.gender = idcard::Gender::Male;
  j.id_number = hk;
  j.permit_number = "H01234567";  // the pass number is not what the roster holds
  j.birth_date = "20000101";
  j.valid_from = "20200101";
  j.valid_to = "20300101";
  const auto holder_j = card_holder(read_card(j));
  CHECK(holder_j.card_type == "hkmotw-permit");
  CHECK(tr(Lang::En, "card." + holder_j.card_type) == "HK/Macao/Taiwan residence permit");
  CHECK(holder_j.roster_id == hk);
  r.booth->card_placed(holder_j);
  CHECK(r.booth->view().supervisor == core::SupervisorReason::None);
  CHECK(r.booth->view().student_number == "202400004");
}

TEST_CASE("a camera fault shows the fault screen; the camera back, the student carries on to a number") {
  Rig r;
  r.booth->card_placed("王芳", Gender::Female, kWang);
  r.booth->confirm_identity();
  r.booth->device_fault("camera", "相机断开", "camera disconnected");
  CHECK(r.booth->screen_name() == "fault");
  CHECK(r.booth->view().fault_en == "camera disconnected");
  CHECK_FALSE(r.liveview_calls.back());
  r.booth->device_recovered("camera");
  // The visit survived the fault: no new card, no second identity check, live view back on.
  CHECK(r.booth->screen_name() == "live");
  CHECK(r.liveview_calls.back());
  CHECK(r.booth->view().student_name == "王芳");
  r.to_review(true);
  r.booth->accept();
  REQUIRE(r.booth->state() == State::Done);
  CHECK(r.booth->view().number->text() == "0041");
}

TEST_CASE("a camera fault on the review screen keeps the photo under review") {
  Rig r;
  r.to_review(true);
  r.booth->device_fault("camera", "相机断开", "camera disconnected");
  CHECK(r.booth->screen_name() == "fault");
  r.booth->device_recovered("camera");
  CHECK(r.booth->screen_name() == "review");
  CHECK_FALSE(r.booth->review().photo_jpeg.empty());
  r.booth->accept();
  CHECK(r.booth->state() == State::Done);
}

TEST_CASE("a camera error on capture reaches the student as a retake, not a crash") {
  Rig r;
  r.booth->card_placed("张伟", Gender::Male, kZhang);
  r.booth->confirm_identity();
  r.booth->shoot();
  for (int i = 0; i < 40 && r.booth->state() == State::Countdown; ++i) r.advance(std::chrono::milliseconds(100));
  REQUIRE(r.booth->state() == State::Capturing);
  r.booth->capture_finished(make_error("camera.timeout", "the camera did not answer", "相机没有响应"));
  // Back to the live view (not an attempt), the camera's words on screen, ready to shoot again.
  CHECK(r.booth->state() == State::LiveView);
  CHECK(r.booth->screen_name() == "live");
  CHECK(r.booth->view().attempts == 0);
  CHECK(r.booth->view().fault_en == "the camera did not answer");
  REQUIRE(r.booth->last_error() != nullptr);
  CHECK(r.booth->last_error()->code == "camera.timeout");
}

TEST_CASE("pause and resume") {
  Rig r;
  CHECK(r.booth->resume().status == core::DecisionStatus::RefusedByState);
  CHECK(r.booth->pause().applied());
  CHECK(r.booth->screen_name() == "paused");
  const auto again = r.booth->pause();
  CHECK(again.status == core::DecisionStatus::RefusedByState);
  CHECK(again.text_en == "The booth is already paused");
  r.booth->card_placed("张伟", Gender::Male, kZhang);
  CHECK(r.booth->screen_name() == "paused");
  CHECK(r.booth->resume().applied());
  CHECK(r.booth->screen_name() == "welcome");
}

// ---- supervisor decisions end to end: the outcome the panel shows is what happened ------------

namespace {
int count_rows(const fs::path &db, const std::string &sql) {
  sqlite3 *h = nullptr;
  REQUIRE(sqlite3_open_v2(db.c_str(), &h, SQLITE_OPEN_READONLY, nullptr) == SQLITE_OK);
  sqlite3_stmt *st = nullptr;
  REQUIRE(sqlite3_prepare_v2(h, sql.c_str(), -1, &st, nullptr) == SQLITE_OK);
  REQUIRE(sqlite3_step(st) == SQLITE_ROW);
  const int n = sqlite3_column_int(st, 0);
  sqlite3_finalize(st);
  sqlite3_close(h);
  return n;
}
} // namespace

TEST_CASE("void: nothing accepted is refused by the workflow; a number not in use, by the store") {
  Rig r;
  auto o = r.booth->void_last("supervisor", "wrong student");
  CHECK(o.status == core::DecisionStatus::RefusedByState);
  CHECK(o.code == "workflow.no_number");
  CHECK(o.text_zh == "没有可作废的序号");
  o = r.booth->void_number(core::SequenceNumber{55}, "supervisor", "typo");
  CHECK(o.status == core::DecisionStatus::RefusedByStore);
  CHECK(o.code == "store.no_number");
  CHECK(o.text_en.find("0055") != std::string::npos);
  // Accepted, then voided as "the last": the store has no live number any more.
  r.to_review(true);
  r.booth->accept();
  REQUIRE(r.booth->state() == State::Done);
  o = r.booth->void_last("supervisor", "wrong student");
  CHECK(o.applied());
  CHECK(o.text_zh == "已作废 0041");
  CHECK_FALSE(r.booth->view().number.has_value());
  auto n = r.store.number_of(kZhang);
  REQUIRE(n.ok());
  CHECK_FALSE(n->has_value());
  // Voided twice: the store refuses, and the panel says so.
  o = r.booth->void_number(core::SequenceNumber{41}, "supervisor", "again");
  CHECK(o.status == core::DecisionStatus::RefusedByStore);
}

TEST_CASE("override of a photo that cannot be cropped: refused by the store, the review stays") {
  Rig r;
  r.booth->card_placed("张伟", Gender::Male, kZhang);
  r.booth->confirm_identity();
  r.booth->shoot();
  for (int i = 0; i < 40 && r.booth->state() == State::Countdown; ++i) r.advance(std::chrono::milliseconds(100));
  auto v = verdict(false);
  v.spec_jpeg.clear();
  r.next_verdicts.push_back(v);
  r.booth->capture_finished(std::vector<std::uint8_t>{0xFF, 0xD8, 9, 0xFF, 0xD9});
  REQUIRE(r.booth->state() == State::Review);
  const auto o = r.booth->override_accept("supervisor", "looks fine to me");
  CHECK(o.status == core::DecisionStatus::RefusedByStore);
  CHECK(o.code == "store.no_spec_photo");
  CHECK(o.text_zh.find("无法裁切") != std::string::npos);
  CHECK(r.booth->state() == State::Review);
  CHECK_FALSE(r.booth->view().number.has_value());
  auto recent = r.store.recent_attempts(1);
  REQUIRE(recent.ok());
  CHECK(recent->front().status == core::AttemptStatus::Pending);
  // No accept was invented for the student: nothing on file but the capture.
  CHECK(count_rows(r.store.dir() / "session.sqlite", "SELECT COUNT(*) FROM overrides") == 0);
}

TEST_CASE("force retake: refused outside the review; at the retake limit the attempt is rejected once") {
  Rig r;
  auto o = r.booth->force_retake("supervisor", "again");
  CHECK(o.status == core::DecisionStatus::RefusedByState);
  CHECK(o.code == "workflow.not_in_review");
  r.to_review(false);
  r.booth->retake();
  r.to_review(false);
  r.booth->retake();
  r.to_review(false);
  r.booth->retake();  // the third: the limit
  REQUIRE(r.booth->view().supervisor == core::SupervisorReason::RetakeLimit);
  REQUIRE(r.booth->state() == State::Review);
  o = r.booth->force_retake("supervisor", "one more round");
  CHECK(o.applied());
  CHECK(o.text_en == "Retake forced; 3 more attempts allowed");
  CHECK(r.booth->screen_name() == "live");
  const auto db = r.store.dir() / "session.sqlite";
  CHECK(count_rows(db, "SELECT COUNT(*) FROM attempts WHERE status='rejected'") == 3);
  CHECK(count_rows(db, "SELECT COUNT(*) FROM attempts WHERE status='pending'") == 0);
  CHECK(count_rows(db, "SELECT COUNT(*) FROM overrides WHERE kind='retake_limit'") == 1);
  // The audit shows one reject per attempt, not two for the forced one.
  CHECK(count_rows(db, "SELECT COUNT(*) FROM audit WHERE action='reject'") == 3);
  r.to_review(true);
  r.booth->accept();
  CHECK(r.booth->state() == State::Done);
}

TEST_CASE("skip refused by a locked store: the student stays; applied once the store is free") {
  Rig r;
  r.to_review(false);
  sqlite3 *other = nullptr;
  REQUIRE(sqlite3_open((r.store.dir() / "session.sqlite").c_str(), &other) == SQLITE_OK);
  REQUIRE(sqlite3_exec(other, "BEGIN EXCLUSIVE", nullptr, nullptr, nullptr) == SQLITE_OK);
  auto o = r.booth->skip_student("supervisor", "left the queue");  // waits out the busy timeout
  CHECK(o.status == core::DecisionStatus::RefusedByStore);
  CHECK_FALSE(o.code.empty());
  CHECK(o.text_en.starts_with("Not done: "));
  CHECK(r.booth->screen_name() == "review");
  CHECK(r.booth->view().student_name == "张伟");
  CHECK_FALSE(r.booth->review().photo_jpeg.empty());
  REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(other);
  o = r.booth->skip_student("supervisor", "left the queue");
  CHECK(o.applied());
  CHECK(r.booth->screen_name() == "welcome");
  const auto db = r.store.dir() / "session.sqlite";
  CHECK(count_rows(db, "SELECT COUNT(*) FROM overrides WHERE kind='skip'") == 1);
  CHECK(count_rows(db, "SELECT COUNT(*) FROM attempts WHERE status='rejected'") == 1);
}

TEST_CASE("the panel's read views: attempts with their photos, the last number, the counts") {
  Rig r;
  r.to_review(false);
  r.booth->retake();
  r.to_review(true);
  r.booth->accept();
  auto views = core::recent_attempt_views(r.store, 8);
  REQUIRE(views.ok());
  REQUIRE(views->size() == 2);
  CHECK(views->front().attempt.status == core::AttemptStatus::Accepted);
  for (const auto &v : *views) {
    REQUIRE_FALSE(v.photo.empty());
    CHECK(fs::exists(v.photo));
  }
  auto last = core::last_accepted_number(r.store);
  REQUIRE(last.ok());
  REQUIRE(last->has_value());
  CHECK((*last)->text() == "0041");
  auto counts = core::panel_counts(r.store);
  REQUIRE(counts.ok());
  CHECK(counts->accepted == 1);
  CHECK(counts->attempts == 2);
  CHECK(counts->numbers_left == 19);
}

namespace {
std::string cues(const std::vector<Cue> &played) {
  std::string out;
  for (Cue c : played) out += (out.empty() ? "" : " ") + std::string(cue_name(c));
  return out;
}
} // namespace

TEST_CASE("sound: a tick each countdown second, the shutter at the capture, the chime at the number") {
  Rig r;
  r.booth->card_placed("张伟", Gender::Male, kZhang);
  r.booth->confirm_identity();
  CHECK(r.sound.played.empty());  // nothing before the countdown
  r.booth->shoot();
  CHECK(cues(r.sound.played) == "tick");  // "3" on screen
  // 100 ms ticks: one sound per second shown, not per tick.
  for (int i = 0; i < 15; ++i) r.advance(std::chrono::milliseconds(100));
  CHECK(r.booth->view().countdown_left_s == 2);
  CHECK(cues(r.sound.played) == "tick tick");
  for (int i = 0; i < 40 && r.booth->state() == State::Countdown; ++i) r.advance(std::chrono::milliseconds(100));
  REQUIRE(r.booth->state() == State::Capturing);
  CHECK(cues(r.sound.played) == "tick tick tick shutter");
  r.next_verdicts.push_back(verdict(false));
  r.booth->capture_finished(std::vector<std::uint8_t>{0xFF, 0xD8, 9, 9, 0xFF, 0xD9});
  REQUIRE(r.booth->state() == State::Review);
  r.booth->retake();  // a failed photo: no chime, a new countdown ticks again
  CHECK(cues(r.sound.played) == "tick tick tick shutter");
  r.to_review(true);
  CHECK(cues(r.sound.played) == "tick tick tick shutter tick tick tick shutter");
  r.booth->accept();
  REQUIRE(r.booth->view().number.has_value());
  CHECK(cues(r.sound.played) == "tick tick tick shutter tick tick tick shutter done");
  CHECK(r.booth->sounds_requested() == 9);
  // The freedesktop theme's events (sound-theme-freedesktop ships them).
  CHECK(std::string(cue_event_id(Cue::Shutter)) == "camera-shutter");
  CHECK(std::string(cue_event_id(Cue::Done)) == "complete");
  // Done screen times out, the next visit ends with a skip: no chime without a number.
  r.booth->card_removed();
  r.booth->card_placed("王芳", Gender::Female, kWang);
  r.booth->reject_identity();
  CHECK(r.sound.played.size() == 9);
}

TEST_CASE("sound: [ui] sound = false asks for nothing through a whole visit") {
  Rig r(/*sound_on=*/false);
  r.to_review(true);
  r.booth->accept();
  REQUIRE(r.booth->view().number.has_value());
  CHECK(r.sound.played.empty());
  CHECK(r.booth->sounds_requested() == 0);
}

TEST_CASE("sound: [ui] sound is a strict boolean, on by default") {
  auto on = core::parse_config("[ui]\nlanguage = \"en\"\n");
  REQUIRE(on.ok());
  CHECK(on->ui.sound);
  auto off = core::parse_config("[ui]\nsound = false\n");
  REQUIRE_MESSAGE(off.ok(), (off.ok() ? "" : off.error().message_en));
  CHECK_FALSE(off->ui.sound);
  CHECK_FALSE(core::parse_config("[ui]\nsound = \"no\"\n").ok());
}

TEST_CASE("the panel's queue view: done of the roster, the last hour, the time to the end, who left") {
  Rig r;
  auto more = r.store.import_roster({entry("202400003", "李娜", Gender::Female, "110101199003074514", "成人本科"),
                                     entry("202400004", "赵强", Gender::Male, "110101199003071954", "成人专科")});
  REQUIRE(more.ok());
  using std::chrono::minutes;
  const auto wall = std::chrono::system_clock::now();
  auto empty = core::queue_view(r.store, wall);
  REQUIRE(empty.ok());
  CHECK(empty->done == 0);
  CHECK(empty->roster == 4);
  CHECK(empty->last_hour == 0);
  CHECK_FALSE(empty->eta_min.has_value());  // no rate yet: no promise
  CHECK(empty->left_without_number == 0);
  // 张伟 is numbered; 王芳 says "not me"; 李娜 walks away from the identity screen.
  r.to_review(true);
  r.booth->accept();
  REQUIRE(r.booth->view().number.has_value());
  r.booth->card_removed();
  r.booth->card_placed("王芳", Gender::Female, kWang);
  r.booth->reject_identity();
  r.booth->card_placed("李娜", Gender::Female, "110101199003074514");
  REQUIRE(r.booth->screen_name() == "identity");
  // While she stands there she has not left.
  auto present = core::queue_view(r.store, wall, "110101199003074514");
  REQUIRE(present.ok());
  CHECK(present->left_without_number == 1);
  for (int i = 0; i < 95 && r.booth->screen_name() != "welcome"; ++i) r.advance(std::chrono::seconds(1));
  REQUIRE(r.booth->screen_name() == "welcome");
  // The clock is the test's: ten minutes after the accept, then two hours after.
  auto live = r.store.accepted_photos();
  REQUIRE(live.ok());
  REQUIRE(live->size() == 1);
  const auto accepted = core::parse_utc(live->front().accepted_at);
  REQUIRE(accepted.has_value());
  auto soon = core::queue_view(r.store, *accepted + minutes(10));
  REQUIRE(soon.ok());
  CHECK(soon->done == 1);
  CHECK(soon->roster == 4);
  CHECK(soon->last_hour == 1);
  REQUIRE(soon->eta_min.has_value());
  CHECK(*soon->eta_min == 180);  // 3 students left at 1 an hour
  CHECK(soon->left_without_number == 2);  // "not me" and the walk-away
  auto later = core::queue_view(r.store, *accepted + minutes(120));
  REQUIRE(later.ok());
  CHECK(later->last_hour == 0);
  CHECK_FALSE(later->eta_min.has_value());
  // A photo stamped after `now` (clock skew) is not in the last hour.
  auto before = core::queue_view(r.store, *accepted - minutes(1));
  REQUIRE(before.ok());
  CHECK(before->last_hour == 0);
  CHECK_FALSE(core::parse_utc("yesterday").has_value());
  CHECK(core::parse_utc("1970-01-01T01:00:00.000Z") == std::chrono::system_clock::from_time_t(3600));
}

TEST_CASE("export progress: the admin's step lines are read back as the panel shows them") {
  // What ProgressDisplay writes when stderr is not a terminal, read back line by line.
  std::FILE *f = std::tmpfile();
  REQUIRE(f);
  {
    core::ProgressDisplay d("export", core::ProgressDisplay::Mode::Lines, f);
    for (int i = 1; i <= 3; ++i) d.step(i, 3, "photos/004" + std::to_string(i) + ".jpg");
  }
  std::fputs("导出失败 / export failed: disk full\n", f);
  std::rewind(f);
  std::vector<std::string> counts, others;
  char buf[512];
  while (std::fgets(buf, sizeof buf, f)) {
    if (auto p = core::parse_progress_line(buf)) {
      CHECK(p->label == "export");
      counts.push_back(std::to_string(p->done) + "/" + std::to_string(p->total) + " " + p->item);
    } else {
      others.push_back(buf);
    }
  }
  std::fclose(f);
  CHECK(counts == std::vector<std::string>{"1/3 photos/0041.jpg", "2/3 photos/0042.jpg", "3/3 photos/0043.jpg"});
  REQUIRE(others.size() == 1);  // the error line is not a step
  CHECK(core::parse_progress_line("verify 12/800")->total == 800);
  CHECK_FALSE(core::parse_progress_line("export 9/8 x").has_value());
  CHECK_FALSE(core::parse_progress_line("export 1/x").has_value());
  CHECK_FALSE(core::parse_progress_line("export 1/2x").has_value());
  CHECK_FALSE(core::parse_progress_line(" 1/2").has_value());
  CHECK_FALSE(core::parse_progress_line("gradbooth-admin: cannot open the batch").has_value());
}

TEST_CASE("catalogue: every key has both languages; unknown keys show themselves") {
  CHECK(tr(Lang::Zh, "done.number") == "您的序号是");
  CHECK(tr(Lang::En, "done.number") == "Your number is");
  CHECK(tr(Lang::En, "no.such.key") == "no.such.key");
  CHECK(fill(tr(Lang::En, "status.numbers_left"), "12") == "12 numbers left");
  CHECK(parse_lang("en_US.UTF-8") == Lang::En);
  CHECK(parse_lang("zh_CN") == Lang::Zh);
}

TEST_CASE("catalogue: the panel names every booth screen in the chosen language") {
  for (const char *screen : {"welcome", "identity", "wait", "live", "countdown", "capturing", "review", "done",
                             "fault", "paused"}) {
    CAPTURE(screen);
    const std::string zh(screen_label(Lang::Zh, screen)), en(screen_label(Lang::En, screen));
    CHECK(zh != screen);
    CHECK(en != zh);
    // Chinese mode shows no English identifier ("Review • review" was the bug).
    CHECK(std::none_of(zh.begin(), zh.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }));
  }
  CHECK(screen_label(Lang::Zh, "review") == "确认照片");
  CHECK(screen_label(Lang::En, "no-such-screen") == "no-such-screen");
}

TEST_CASE("MainQueue runs jobs pushed from another thread on the draining thread") {
  int wakes = 0;
  MainQueue q([&] { ++wakes; });
  int ran = 0;
  std::thread t([&] {
    for (int i = 0; i < 5; ++i) q.push([&] { ++ran; });
  });
  t.join();
  CHECK(wakes == 5);
  CHECK(ran == 0);
  CHECK(q.drain() == 5);
  CHECK(ran == 5);
}

TEST_CASE("[camera] reaches the gphoto2 driver: capture timeout, busy retries, low battery") {
  const char *root = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(root != nullptr);
  const fs::path file = fs::path(root) / "config" / "gradbooth.toml";
  std::ifstream in(file);
  REQUIRE(in.good());
  std::stringstream ss;
  ss << in.rdbuf();
  std::string text = ss.str();
  // The shipped file's values, then changed ones: both must arrive unchanged in the options.
  auto shipped = core::parse_config(text, file.parent_path());
  REQUIRE_MESSAGE(shipped.ok(), (shipped.ok() ? "" : shipped.error().message_en));
  auto o = gphoto2_options(shipped->camera);
  CHECK(o.capture_timeout == std::chrono::milliseconds(10000));
  CHECK(o.busy_retries == 5);
  CHECK(o.low_battery_percent == 10);
  auto set = [&text](const std::string &key, const std::string &value) {
    const auto at = text.find("\n" + key + " = ");
    REQUIRE(at != std::string::npos);
    const auto end = text.find('\n', at + 1);
    text.replace(at + 1, end - at - 1, key + " = " + value);
  };
  set("capture_timeout_ms", "2500");
  set("busy_retries", "2");
  set("low_battery_percent", "25");
  auto changed = core::parse_config(text, file.parent_path());
  REQUIRE(changed.ok());
  o = gphoto2_options(changed->camera);
  CHECK(o.capture_timeout == std::chrono::milliseconds(2500));
  CHECK(o.busy_retries == 2);
  CHECK(o.low_battery_percent == 25);
}
