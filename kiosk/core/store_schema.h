// The store's schema, versioned by PRAGMA user_version. Migration i brings version i to i+1;
// append new ones, never edit old ones.
#pragma once

namespace gradbooth::core {

inline constexpr const char *kMigrations[] = {
    // 0 → 1
    R"SQL(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE roster(
  id INTEGER PRIMARY KEY,
  id_number TEXT NOT NULL UNIQUE,
  student_number TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  gender TEXT NOT NULL CHECK (gender IN ('男','女')),
  level TEXT NOT NULL,
  raw_level TEXT NOT NULL DEFAULT '',
  updated_at TEXT NOT NULL);
CREATE TABLE card_reads(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  id_number TEXT NOT NULL,
  name TEXT NOT NULL,
  gender TEXT NOT NULL,
  outcome TEXT NOT NULL);
CREATE TABLE attempts(
  id INTEGER PRIMARY KEY AUTOINCREMENT,
  roster_id INTEGER NOT NULL REFERENCES roster(id),
  at TEXT NOT NULL,
  original_file TEXT NOT NULL,
  spec_file TEXT,
  spec_sha256 TEXT,
  measures_json TEXT NOT NULL DEFAULT '{}',
  crop_json TEXT NOT NULL DEFAULT '{}',
  pass INTEGER NOT NULL,
  failed_checks TEXT NOT NULL DEFAULT '',
  reason_zh TEXT NOT NULL DEFAULT '',
  status TEXT NOT NULL CHECK (status IN ('pending','accepted','rejected','superseded')),
  seq INTEGER);
CREATE INDEX attempts_roster ON attempts(roster_id);
CREATE TABLE photos(
  seq INTEGER PRIMARY KEY CHECK (seq BETWEEN 1 AND 9999),
  roster_id INTEGER NOT NULL REFERENCES roster(id),
  attempt_id INTEGER NOT NULL REFERENCES attempts(id),
  file TEXT NOT NULL,
  sha256 TEXT NOT NULL,
  accepted_at TEXT NOT NULL,
  voided_at TEXT,
  voided_by TEXT,
  void_reason TEXT);
CREATE UNIQUE INDEX photos_one_live_number ON photos(roster_id) WHERE voided_at IS NULL;
CREATE TABLE overrides(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  kind TEXT NOT NULL,
  roster_id INTEGER REFERENCES roster(id),
  id_number TEXT NOT NULL,
  attempt_id INTEGER REFERENCES attempts(id),
  who TEXT NOT NULL,
  why TEXT NOT NULL);
CREATE TABLE audit(
  id INTEGER PRIMARY KEY,
  at TEXT NOT NULL,
  actor TEXT NOT NULL,
  action TEXT NOT NULL,
  subject TEXT NOT NULL,
  detail TEXT NOT NULL DEFAULT '');
)SQL",
};

inline constexpr int kSchemaVersion = static_cast<int>(sizeof(kMigrations) / sizeof(kMigrations[0]));

}  // namespace gradbooth::core
