// The booth's glue without a display or devices, shared by the test_booth files: core's real
// Workflow and a real SQLite Store in a temp folder, the camera and the analyzer replaced by
// ports the test answers by hand.
#pragma once

#include "booth/booth.h"
#include "temp_folder.h"
#include "booth/catalogue.h"
#include "core/roster.h"
#include "core/store.h"
#include "idcard/text_block.h"

#include <doctest/doctest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace gradbooth::ui::booth_rig {

namespace fs = std::filesystem;
using core::Gender;
using core::State;

using TempDir = test::TempFolder;  // a fresh private folder, never one left by an earlier run

inline core::RosterEntry entry(std::string number, std::string name, Gender g, std::string id, std::string level) {
  core::RosterEntry e;
  e.student_number = std::move(number);
  e.name = std::move(name);
  e.gender = g;
  e.id_number = std::move(id);
  e.level = level;
  e.raw_level = level;
  return e;
}

inline const std::string kZhang = "370303200003151214";  // 张伟, 男 (config/roster-example.csv)
inline const std::string kWang = "370303199907212408";   // 王芳, 女

inline models::CheckResult check(std::string id, bool pass, bool hard = true) {
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

inline CaptureVerdict verdict(bool pass) {
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
    auto imported = store.import_roster(
        {entry("202400001", "张伟", Gender::Male, kZhang, "成人专科"), entry("202400002", "王芳", Gender::Female, kWang, "成人本科")});
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

  // The batch's one attempt so far (fails when there is none, or more than one).
  core::AttemptSummary only_attempt() {
    auto recent = store.recent_attempts(10);
    REQUIRE(recent.ok());
    REQUIRE(recent->size() == 1);
    return recent->front();
  }

  // Card → identity confirmed → shoot → the countdown runs out: the camera is capturing.
  void to_capturing(const std::string &name, Gender g, const std::string &id) {
    booth->card_placed(name, g, id);
    booth->confirm_identity();
    booth->shoot();
    for (int i = 0; i < 40 && booth->state() == State::Countdown; ++i) advance(std::chrono::milliseconds(100));
    REQUIRE(booth->state() == State::Capturing);
  }

  // Card → identity → live → countdown → capture with the given verdict → review.
  void to_review(bool pass) {
    if (booth->state() == State::Idle) {
      booth->card_placed("张伟", Gender::Male, kZhang);
      REQUIRE(booth->screen() == Screen::Identity);
      booth->confirm_identity();
    }
    REQUIRE(booth->screen() == Screen::Live);
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

// A card as the reader driver decodes it: laid out as a text block, then parsed back.
inline idcard::CardIdentity read_card(idcard::CardIdentity id) {
  auto parsed = idcard::parse_text_block(idcard::encode_text_block(id), "20260701");
  REQUIRE_MESSAGE(parsed.ok(), (parsed.ok() ? "" : parsed.error().message_en));
  return *parsed;
}

// One number from the batch's database, read behind the store's back.
inline int count_rows(const fs::path &db, const std::string &sql) {
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

}  // namespace gradbooth::ui::booth_rig
