// Supervisor decisions end to end (the outcome the panel shows is what happened), and the
// panel's read views: attempts, counts, the queue, the export's progress.
#include "booth_rig.h"

#include "core/panel_views.h"
#include "core/progress.h"

#include <cstdio>

using namespace gradbooth;
using namespace gradbooth::ui;
using namespace gradbooth::ui::booth_rig;

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
  r.to_capturing("张伟", Gender::Male, kZhang);
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
  CHECK(r.booth->screen() == Screen::Live);
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
  CHECK(r.booth->screen() == Screen::Review);
  CHECK(r.booth->view().student_name == "张伟");
  CHECK_FALSE(r.booth->review().photo_jpeg.empty());
  REQUIRE(sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr) == SQLITE_OK);
  sqlite3_close(other);
  o = r.booth->skip_student("supervisor", "left the queue");
  CHECK(o.applied());
  CHECK(r.booth->screen() == Screen::Welcome);
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
  REQUIRE(r.booth->screen() == Screen::Identity);
  // While she stands there she has not left.
  auto present = core::queue_view(r.store, wall, "110101199003074514");
  REQUIRE(present.ok());
  CHECK(present->left_without_number == 1);
  for (int i = 0; i < 95 && r.booth->screen() != Screen::Welcome; ++i) r.advance(std::chrono::seconds(1));
  REQUIRE(r.booth->screen() == Screen::Welcome);
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
  CHECK(*soon->eta_min == 180);           // 3 students left at 1 an hour
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
