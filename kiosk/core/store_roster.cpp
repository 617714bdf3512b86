// The roster in the store (upsert by ID number) and the card reads made against it.
#include "store_impl.h"

#include "id_number.h"

#include <sstream>

namespace gradbooth::core {

const char *outcome_name(CardReadOutcome o) {
  switch (o) {
  case CardReadOutcome::Matched: return "matched";
  case CardReadOutcome::NotOnRoster: return "not_on_roster";
  case CardReadOutcome::Mismatch: return "mismatch";
  case CardReadOutcome::AlreadyPhotographed: return "already_photographed";
  }
  return "?";
}

namespace {

constexpr const char *kRosterCols = "SELECT student_number,name,gender,id_number,level,raw_level FROM roster ";

RosterEntry roster_row(const Stmt &st) {
  RosterEntry e;
  e.student_number = st.text(0);
  e.name = st.text(1);
  e.gender = parse_gender(st.text(2));
  e.id_number = st.text(3);
  e.level = st.text(4);
  e.raw_level = st.text(5);
  return e;
}

Result<std::optional<RosterEntry>> one_student(Db &db, const char *where, std::string_view key) {
  TRY_ASSIGN(Stmt st, db.query(std::string(kRosterCols) + where, key));
  TRY_ASSIGN(const bool row, st.step());
  if (!row) return std::optional<RosterEntry>{};
  return std::optional<RosterEntry>{roster_row(st)};
}

RosterIssue numbered_issue(const RosterEntry &e, const char *code, const std::string &en, const std::string &zh) {
  return {e.row, code, "row " + std::to_string(e.row) + ": " + en, "第 " + std::to_string(e.row) + " 行：" + zh};
}

}  // namespace

Result<RosterImportSummary> Store::import_roster(const std::vector<RosterEntry> &entries, const ProgressFn &progress) {
  auto &db = impl_->db;
  RosterImportSummary sum;
  TRY_ASSIGN(auto tx, Transaction::begin(db));
  auto find = db.prepare("SELECT student_number,name,gender,level,raw_level FROM roster WHERE id_number=?");
  auto owner = db.prepare("SELECT id_number FROM roster WHERE student_number=?");
  auto ins = db.prepare("INSERT INTO roster(id_number,student_number,name,gender,level,raw_level,updated_at) "
                        "VALUES(?,?,?,?,?,?," GB_STORE_NOW ")");
  auto upd =
      db.prepare("UPDATE roster SET student_number=?,name=?,gender=?,level=?,raw_level=?,updated_at=" GB_STORE_NOW " WHERE id_number=?");
  if (!find || !owner || !ins || !upd) return db.error("prepare");
  int done = 0;
  for (const auto &e : entries) {
    if (progress) progress(++done, static_cast<int>(entries.size()), e.student_number);
    const std::string g(gender_zh(e.gender));
    if (g.empty()) {
      sum.issues.push_back(numbered_issue(e, errc::roster_bad_gender, "gender unknown", "性别不明"));
      continue;
    }
    owner->reset();
    owner->bind(1, e.student_number);
    TRY_ASSIGN(const bool taken, owner->step());
    if (taken && owner->text(0) != e.id_number) {
      sum.issues.push_back(numbered_issue(e, errc::roster_student_number_taken,
                                          "student number " + e.student_number + " already belongs to another ID number in this batch",
                                          "学号 " + e.student_number + " 在本批次已属于另一身份证号"));
      continue;
    }
    find->reset();
    find->bind(1, e.id_number);
    TRY_ASSIGN(const bool known, find->step());
    if (known) {
      if (find->text(0) == e.student_number && find->text(1) == e.name && find->text(2) == g && find->text(3) == e.level &&
          find->text(4) == e.raw_level) {
        ++sum.unchanged;
        continue;
      }
      upd->reset();
      TRY(upd->bind_all(e.student_number, e.name, g, e.level, e.raw_level, e.id_number).run());
      ++sum.updated;
    } else {
      ins->reset();
      TRY(ins->bind_all(e.id_number, e.student_number, e.name, g, e.level, e.raw_level).run());
      ++sum.inserted;
    }
  }
  std::ostringstream detail;
  detail << "inserted=" << sum.inserted << " updated=" << sum.updated << " unchanged=" << sum.unchanged << " refused=" << sum.issues.size();
  TRY(impl_->audit("admin", "roster_import", impl_->opts.batch, detail.str()));
  TRY(tx.commit());
  return sum;
}

Result<std::optional<RosterEntry>> Store::find_student(std::string_view id_number) {
  return one_student(impl_->db, "WHERE id_number=?", normalize_id_number(id_number));
}

Result<std::optional<RosterEntry>> Store::find_student_by_number(std::string_view student_number) {
  return one_student(impl_->db, "WHERE student_number=?", student_number);
}

Result<std::vector<RosterEntry>> Store::students_without_number() {
  std::vector<RosterEntry> out;
  TRY(impl_->db.each_row(std::string(kRosterCols) +
                             "WHERE id NOT IN (SELECT roster_id FROM photos WHERE voided_at IS NULL) ORDER BY student_number",
                         [&](const Stmt &st) { out.push_back(roster_row(st)); }));
  return out;
}

Result<int> Store::roster_size() {
  TRY_ASSIGN(const auto n, impl_->db.one<int>("SELECT COUNT(*) FROM roster"));
  return n.value_or(0);
}

Status Store::record_card_read(const CardReadRecord &read) {
  return impl_->db.run("INSERT INTO card_reads(at,id_number,name,gender,outcome) VALUES(" GB_STORE_NOW ",?,?,?,?)",
                       normalize_id_number(read.id_number), read.name, gender_zh(read.gender), outcome_name(read.outcome));
}

Result<std::vector<std::string>> Store::card_readers_without_number() {
  std::vector<std::string> out;
  TRY(impl_->db.each_row("SELECT DISTINCT c.id_number FROM card_reads c WHERE c.id_number NOT IN (SELECT r.id_number FROM roster r "
                         "JOIN photos p ON p.roster_id=r.id WHERE p.voided_at IS NULL) ORDER BY c.id_number",
                         [&](const Stmt &st) { out.push_back(st.text(0)); }));
  return out;
}

}  // namespace gradbooth::core
