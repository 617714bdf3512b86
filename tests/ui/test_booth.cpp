// The booth's flow from card to number, and what a fault or a walk-away does to it (the rig:
// booth_rig.h).
#include "booth_rig.h"

#include "core/error_codes.h"
#include "core/panel_views.h"

using namespace gradbooth;
using namespace gradbooth::ui;
using namespace gradbooth::ui::booth_rig;

TEST_CASE("a student goes from card to number, and the number is in the store") {
  Rig r;
  r.booth->card_placed("张伟", Gender::Male, kZhang);
  CHECK(r.booth->screen() == Screen::Identity);
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
  CHECK(r.booth->screen() == Screen::Welcome);
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
  CHECK(r.booth->screen() == Screen::Live);  // no second identity check on a retake
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
  const auto attempt = r.only_attempt();
  CHECK(attempt.status == core::AttemptStatus::Accepted);
  CHECK_FALSE(attempt.pass);
}

TEST_CASE("a card whose name differs from the roster waits for the supervisor, who lets it through") {
  Rig r;
  r.booth->card_placed("张伟伟", Gender::Male, kZhang);
  CHECK(r.booth->view().supervisor == core::SupervisorReason::NameMismatch);
  CHECK(r.booth->screen() == Screen::Wait);
  r.booth->shoot();
  CHECK(r.booth->state() != State::Countdown);
  CHECK_FALSE(r.booth->override_accept("supervisor", "").applied());  // a reason is required
  REQUIRE(r.booth->override_accept("supervisor", "checked the ID card in person").applied());
  CHECK(r.booth->view().supervisor == core::SupervisorReason::None);
  CHECK(r.booth->screen() == Screen::Live);
  r.to_review(true);
  r.booth->accept();
  CHECK(r.booth->state() == State::Done);
}

TEST_CASE("a card not on the roster is never numbered; the supervisor skips the student") {
  Rig r;
  r.booth->card_placed("赵六", Gender::Male, "11010519491231002X");
  CHECK(r.booth->view().supervisor == core::SupervisorReason::NotOnRoster);
  CHECK(r.booth->screen() == Screen::Wait);
  REQUIRE(r.booth->skip_student("supervisor", "not our student").applied());
  r.booth->card_removed();
  CHECK(r.booth->screen() == Screen::Welcome);
  auto left = r.store.numbers_left();
  REQUIRE(left.ok());
  CHECK(*left == 20);
}

TEST_CASE("the card taken back mid-flow does not lose the student; walking away does") {
  Rig r;
  r.to_capturing("王芳", Gender::Female, kWang);
  // Students pick their card up once it is read: the capture carries on.
  r.booth->card_removed();
  CHECK(r.booth->screen() == Screen::Capturing);
  r.next_verdicts.push_back(verdict(true));
  r.booth->capture_finished(std::vector<std::uint8_t>{0xFF, 0xD8, 0xFF, 0xD9});
  CHECK(r.booth->screen() == Screen::Review);
  // Then they walk away from the review: after the idle timeout the attempt is rejected and
  // nothing about them stays on screen.
  r.advance(std::chrono::seconds(91));
  CHECK(r.booth->screen() == Screen::Welcome);
  CHECK(r.booth->view().student_name.empty());
  CHECK(r.only_attempt().status == core::AttemptStatus::Rejected);
  auto n = r.store.number_of(kWang);
  REQUIRE(n.ok());
  CHECK_FALSE(n->has_value());
}

TEST_CASE("a capture result arriving after the student was sent away is dropped") {
  Rig r;
  r.to_capturing("王芳", Gender::Female, kWang);
  REQUIRE(r.booth->skip_student("supervisor", "left the queue").applied());
  CHECK(r.booth->screen() == Screen::Welcome);
  r.booth->capture_finished(std::vector<std::uint8_t>{0xFF, 0xD8, 0xFF, 0xD9});
  CHECK(r.booth->screen() == Screen::Welcome);
  auto recent = r.store.recent_attempts(10);
  REQUIRE(recent.ok());
  CHECK(recent->empty());
}

TEST_CASE("a student who walks away from the identity screen is forgotten after the idle timeout") {
  Rig r;
  r.booth->card_placed("王芳", Gender::Female, kWang);
  CHECK(r.booth->screen() == Screen::Identity);
  // Frames keep coming, but they are not the student's activity until they confirm.
  for (int i = 0; i < 95; ++i) {
    r.booth->frame_shown(false);
    r.advance(std::chrono::seconds(1));
  }
  CHECK(r.booth->screen() == Screen::Welcome);
}

TEST_CASE("'not me' ends the visit at once, switches live view off and says what to do") {
  Rig r;
  r.booth->card_placed("王芳", Gender::Female, kWang);
  r.booth->reject_identity();
  CHECK(r.booth->screen() == Screen::Welcome);
  CHECK(r.booth->rejected_notice());
  CHECK_FALSE(r.liveview_calls.back());
  r.booth->shoot();
  CHECK(r.booth->state() == State::Idle);
  // The next card clears the notice.
  r.booth->card_placed("张伟", Gender::Male, kZhang);
  CHECK_FALSE(r.booth->rejected_notice());
  CHECK(r.booth->screen() == Screen::Identity);
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
  id.valid_to = "20250101";  // expired before the reading date
  const auto card = read_card(id);
  REQUIRE(card.warnings.size() >= 2);
  r.booth->card_placed(card_holder(card));
  CHECK(r.booth->screen() == Screen::Identity);  // warnings never stop the flow
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
  const std::string permit = "USA110080101001";  // 'I' card: 15-character permit number
  const std::string hk = "810000200001011237";   // 'J' card: the 18-digit number on the card
  REQUIRE(r.store
              .import_roster({entry("202400001", "张伟", Gender::Male, kZhang, "成人专科"),
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
  r.booth->device_fault("camera", make_error(core::errc::device_fault, "camera disconnected", "相机断开"));
  CHECK(r.booth->screen() == Screen::Fault);
  CHECK(r.booth->view().fault.en == "camera disconnected");
  CHECK_FALSE(r.liveview_calls.back());
  r.booth->device_recovered("camera");
  // The visit survived the fault: no new card, no second identity check, live view back on.
  CHECK(r.booth->screen() == Screen::Live);
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
  r.booth->device_fault("camera", make_error(core::errc::device_fault, "camera disconnected", "相机断开"));
  CHECK(r.booth->screen() == Screen::Fault);
  r.booth->device_recovered("camera");
  CHECK(r.booth->screen() == Screen::Review);
  CHECK_FALSE(r.booth->review().photo_jpeg.empty());
  r.booth->accept();
  CHECK(r.booth->state() == State::Done);
}

TEST_CASE("a camera error on capture reaches the student as a retake, not a crash") {
  Rig r;
  r.to_capturing("张伟", Gender::Male, kZhang);
  r.booth->capture_finished(make_error("camera.timeout", "the camera did not answer", "相机没有响应"));
  // Back to the live view (not an attempt), the camera's words on screen, ready to shoot again.
  CHECK(r.booth->state() == State::LiveView);
  CHECK(r.booth->screen() == Screen::Live);
  CHECK(r.booth->view().attempts == 0);
  CHECK(r.booth->view().fault.en == "the camera did not answer");
  REQUIRE(r.booth->last_error() != nullptr);
  CHECK(r.booth->last_error()->code == "camera.timeout");
}

TEST_CASE("pause and resume") {
  Rig r;
  CHECK(r.booth->resume().status == core::DecisionStatus::RefusedByState);
  CHECK(r.booth->pause().applied());
  CHECK(r.booth->screen() == Screen::Paused);
  const auto again = r.booth->pause();
  CHECK(again.status == core::DecisionStatus::RefusedByState);
  CHECK(again.text_en == "The booth is already paused");
  r.booth->card_placed("张伟", Gender::Male, kZhang);
  CHECK(r.booth->screen() == Screen::Paused);
  CHECK(r.booth->resume().applied());
  CHECK(r.booth->screen() == Screen::Welcome);
}
