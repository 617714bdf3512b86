// What the store's files share (private to kiosk/core/store*.cpp): the open batch, its connection,
// the lookups several concerns need, and the audit row every change writes.
#pragma once

#include "error_codes.h"
#include "sqlite_db.h"
#include "store.h"

#include <unistd.h>

#include <string>
#include <vector>

namespace gradbooth::core {

// SQL for "now" in the stamps the database keeps (UTC, ISO 8601 with milliseconds).
#define GB_STORE_NOW "strftime('%Y-%m-%dT%H:%M:%fZ','now')"

std::string join(const std::vector<std::string> &v, char sep);
std::vector<std::string> split(const std::string &s, char sep);

struct Store::Impl {
  StoreOptions opts;
  BatchLayout layout;
  Db db;
  int lock_fd = -1;
  bool readonly = false;
  std::vector<std::string> recovery;
  std::filesystem::path quarantine_run;  // this recovery's quarantine/<time>/ folder, made on first use

  ~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);
  }

  Status audit(std::string_view actor, std::string_view action, std::string_view subject, std::string_view detail) {
    return db.run("INSERT INTO audit(at,actor,action,subject,detail) VALUES(" GB_STORE_NOW ",?,?,?,?)",
                  actor.empty() ? std::string_view("student") : actor, action, subject, detail);
  }
  Result<std::optional<std::int64_t>> roster_id(std::string_view id_number) {
    return db.one<std::int64_t>("SELECT id FROM roster WHERE id_number=?", id_number);
  }
  // store_attempts.cpp
  Result<std::optional<SequenceNumber>> live_number(std::int64_t roster_id);
  Result<int> next_number();  // next never-used number in range; 0 when the range is exhausted
  Error range_full() const;
  // store.cpp
  Status check_database(int files);
  Status migrate();
  // store_recovery.cpp
  Status recover();
  Status quarantine(const std::filesystem::path &file);
  Result<bool> accounts_for(const std::filesystem::path &rel);
};

}  // namespace gradbooth::core
