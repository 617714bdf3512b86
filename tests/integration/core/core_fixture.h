// Shared by the integrity tests (store recovery, merge, reader limits, strict config): a temp
// folder with five real students, a store filler, the admin binary and a snapshot of every file.
#pragma once

#include "by_code.h"
#include "temp_folder.h"
#include "synthetic_jpeg.h"

#include <core/durable_file.h>
#include <core/package.h>
#include <core/store.h>

#include <doctest/doctest.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <string>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace gradbooth::test {

namespace fs = std::filesystem;
using namespace gradbooth::core;

inline std::string id17(const char *d17) { return std::string(d17) + id_number_check_char(d17); }

// Runs a shell command; its stdout (and stderr unless `with_stderr` is false) as text, exit code in *rc.
inline std::string sh(const std::string &cmd, int *rc = nullptr, bool with_stderr = true) {
  std::string out;
  FILE *p = ::popen((with_stderr ? cmd + " 2>&1" : cmd).c_str(), "r");
  REQUIRE(p);
  char buf[4096];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = ::pclose(p);
  if (rc) *rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

inline std::string admin_exe() {
  const char *build = std::getenv("GRADBOOTH_BUILD_ROOT");
  REQUIRE(build);
  return std::string(build) + "/kiosk/admin/gradbooth-admin";
}

inline StationConfig test_station() {
  StationConfig s;
  s.contact_person = "张老师";
  s.contact_phone = "0533-2780000";
  s.postal_address = "山东省淄博市张店区新村西路266号";
  return s;
}

// path (relative to root) → SHA-256 of every regular file under root.
inline std::map<std::string, std::string> snapshot(const fs::path &root) {
  std::map<std::string, std::string> out;
  for (const auto &e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    auto h = sha256_file(e.path());
    REQUIRE(h.ok());
    out[fs::relative(e.path(), root).generic_string()] = *h;
  }
  return out;
}

// The photo files of a snapshot (originals/, attempts/, photos/) and their hashes.
inline std::multiset<std::string> photo_hashes(const std::map<std::string, std::string> &snap) {
  std::multiset<std::string> out;
  for (const auto &[rel, h] : snap)
    if (rel.find("originals/") != std::string::npos || rel.find("attempts/") != std::string::npos ||
        rel.find("photos/") != std::string::npos)
      out.insert(h);
  return out;
}

// Permission bits of `p` itself (a symlink is not followed).
inline int mode_of(const fs::path &p) {
  struct stat st {};
  REQUIRE(::lstat(p.c_str(), &st) == 0);
  return static_cast<int>(st.st_mode & 0777);
}

struct CoreFixture {
  TempFolder scratch{"integrity"};
  fs::path root;
  std::vector<RosterEntry> students;
  std::vector<std::uint8_t> jpeg = spec_like_jpeg(7);
  CoreFixture() {
    root = scratch.path;
    const char *ids[] = {"11010519491231002", "37030320000315121", "37030319990721240", "44010619850101123", "37030320011102356"};
    const char *names[] = {"刘䶮", "张伟", "王芳", "李雷", "韩梅梅"};
    for (int i = 0; i < 5; ++i) {
      RosterEntry e;
      e.id_number = id17(ids[i]);
      e.student_number = "0" + std::to_string(2024000 + i);
      e.name = names[i];
      e.gender = gender_from_id(e.id_number);
      e.level = i % 2 ? "成人本科" : "成人专科";
      e.raw_level = e.level;
      students.push_back(e);
    }
  }
  fs::path data() const { return root / "data"; }
  StoreOptions opts(const std::string &batch, int first = 1, int last = 9999) const {
    StoreOptions o;
    o.data_dir = data();
    o.batch = batch;
    o.sequence_first = first;
    o.sequence_last = last;
    return o;
  }
  // Photographs students [from, to) into an open store (original + spec photo, accepted).
  void shoot(Store &s, int from, int to, unsigned seed = 7) {
    REQUIRE(s.import_roster(students).ok());
    const auto spec = spec_like_jpeg(seed);
    for (int i = from; i < to; ++i) {
      const std::string original = "camera original of " + students[static_cast<size_t>(i)].name + std::to_string(seed);
      AttemptInput in;
      in.id_number = students[static_cast<size_t>(i)].id_number;
      in.original_jpeg = as_bytes(original);
      in.spec_jpeg = spec;
      in.pass = true;
      auto a = s.record_attempt(in);
      REQUIRE(a.ok());
      auto n = s.accept(*a);
      REQUIRE_MESSAGE(n.ok(), (n.ok() ? "" : n.error().message_en));
    }
  }
  // A batch with students [from, to) photographed; the number of student `void_index` (if ≥ 0) voided.
  Store make(const std::string &batch, int first, int last, int from, int to, unsigned seed = 7, int void_index = -1) {
    auto s = Store::open(opts(batch, first, last));
    REQUIRE_MESSAGE(s.ok(), (s.ok() ? "" : s.error().message_en));
    shoot(*s, from, to, seed);
    if (void_index >= 0) {
      auto n = s->number_of(students[static_cast<size_t>(void_index)].id_number);
      REQUIRE((n.ok() && *n));
      REQUIRE(s->void_number(**n, {"王老师", "test"}).ok());
    }
    return std::move(*s);
  }
  // Exports `s` to root/`name` (a zip beside it when `zip`); returns the folder.
  fs::path export_to(Store &s, const std::string &name, bool zip = false) {
    PackageOptions o;
    o.out = root / name;
    o.zip = zip;
    auto sum = export_batch(s, test_station(), o);
    REQUIRE_MESSAGE(sum.ok(), (sum.ok() ? "" : sum.error().message_en));
    return o.out;
  }
  // A config file for the admin tool pointing at this fixture's data folder.
  fs::path config(const std::string &batch, const std::string &extra_booth = {}) const {
    const fs::path cfg = root / ("gradbooth-" + batch + ".toml");
    std::ofstream(cfg) << "[booth]\nbatch = \"" << batch << "\"\ndata_dir = \"" << data().string() << "\"\n" << extra_booth;
    return cfg;
  }
};

}  // namespace gradbooth::test
