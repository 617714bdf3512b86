// What the store reports: recent attempts (supervisor panel), accepted photos (export), stats.
#include "store_impl.h"

#include <algorithm>
#include <map>

namespace gradbooth::core {

namespace {

AttemptStatus status_of(const std::string &s) {
  if (s == "accepted") return AttemptStatus::Accepted;
  if (s == "rejected") return AttemptStatus::Rejected;
  if (s == "superseded") return AttemptStatus::Superseded;
  return AttemptStatus::Pending;
}

}  // namespace

Result<std::vector<AttemptSummary>> Store::recent_attempts(int limit) {
  std::vector<AttemptSummary> out;
  TRY(impl_->db.each_row("SELECT a.id, r.id_number, r.name, r.student_number, a.at, a.pass, a.failed_checks, a.reason_zh, a.status, a.seq, "
                         "a.spec_file FROM attempts a JOIN roster r ON r.id=a.roster_id ORDER BY a.id DESC LIMIT ?",
                         limit, [&](const Stmt &st) {
                           AttemptSummary a;
                           a.id = st.i64(0);
                           a.id_number = st.text(1);
                           a.name = st.text(2);
                           a.student_number = st.text(3);
                           a.at = st.text(4);
                           a.pass = st.i32(5) != 0;
                           a.failed_checks = split(st.text(6), ',');
                           a.reason_zh = st.text(7);
                           a.status = status_of(st.text(8));
                           if (!st.is_null(9)) a.number = SequenceNumber{st.i32(9)};
                           if (!st.is_null(10) && !st.text(10).empty()) a.spec_file = impl_->layout.dir / st.text(10);
                           out.push_back(std::move(a));
                         }));
  return out;
}

Result<std::vector<AcceptedPhoto>> Store::accepted_photos() {
  std::vector<AcceptedPhoto> out;
  TRY(impl_->db.each_row("SELECT p.seq, p.attempt_id, p.file, p.sha256, p.accepted_at, r.student_number, r.name, r.gender, r.id_number, "
                         "r.level, r.raw_level FROM photos p JOIN roster r ON r.id=p.roster_id WHERE p.voided_at IS NULL ORDER BY p.seq",
                         [&](const Stmt &st) {
                           AcceptedPhoto p;
                           p.number = SequenceNumber{st.i32(0)};
                           p.attempt = st.i64(1);
                           p.file = impl_->layout.dir / st.text(2);
                           p.sha256 = st.text(3);
                           p.accepted_at = st.text(4);
                           p.student.student_number = st.text(5);
                           p.student.name = st.text(6);
                           p.student.gender = parse_gender(st.text(7));
                           p.student.id_number = st.text(8);
                           p.student.level = st.text(9);
                           p.student.raw_level = st.text(10);
                           out.push_back(std::move(p));
                         }));
  return out;
}

Result<StoreStats> Store::stats() {
  auto &db = impl_->db;
  StoreStats s;
  s.batch = impl_->opts.batch;
  struct Q {
    int *out;
    const char *sql;
  } qs[] = {
      {&s.roster, "SELECT COUNT(*) FROM roster"},
      {&s.card_reads, "SELECT COUNT(*) FROM card_reads"},
      {&s.students_attempted, "SELECT COUNT(DISTINCT roster_id) FROM attempts"},
      {&s.attempts, "SELECT COUNT(*) FROM attempts"},
      {&s.accepted, "SELECT COUNT(*) FROM photos WHERE voided_at IS NULL"},
      {&s.voided, "SELECT COUNT(*) FROM photos WHERE voided_at IS NOT NULL"},
      {&s.overrides, "SELECT COUNT(*) FROM overrides WHERE kind<>'skip'"},
      {&s.skips, "SELECT COUNT(*) FROM overrides WHERE kind='skip'"},
      {&s.first_try_pass,
       "SELECT COUNT(*) FROM attempts a WHERE a.pass=1 AND a.id=(SELECT MIN(id) FROM attempts b WHERE b.roster_id=a.roster_id)"},
  };
  for (auto &q : qs) {
    TRY_ASSIGN(const auto v, db.one<int>(q.sql));
    *q.out = v.value_or(0);
  }
  s.first_try_pass_rate = s.students_attempted ? static_cast<double>(s.first_try_pass) / s.students_attempted : 0.0;
  if (auto left = numbers_left()) s.numbers_left = *left;
  std::map<std::string, int> counts;
  TRY(db.each_row("SELECT failed_checks FROM attempts WHERE pass=0", [&](const Stmt &st) {
    for (const auto &c : split(st.text(0), ','))
      if (!c.empty()) ++counts[c];
  }));
  s.top_failures.assign(counts.begin(), counts.end());
  std::stable_sort(s.top_failures.begin(), s.top_failures.end(), [](auto &a, auto &b) { return a.second > b.second; });
  return s;
}

}  // namespace gradbooth::core
