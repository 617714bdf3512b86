// Attempts and numbering: every capture is kept; accepting one gives the student their number
// (the same one on a retake), in one transaction with the photo file placed before it commits.
#include "store_impl.h"

#include "durable_file.h"
#include "id_number.h"

namespace gradbooth::core {
namespace fs = std::filesystem;

Result<std::optional<SequenceNumber>> Store::Impl::live_number(std::int64_t rid) {
  TRY_ASSIGN(const auto seq, db.one<int>("SELECT seq FROM photos WHERE roster_id=? AND voided_at IS NULL", rid));
  if (!seq) return std::optional<SequenceNumber>{};
  return std::optional<SequenceNumber>{SequenceNumber{*seq}};
}

Result<int> Store::Impl::next_number() {
  TRY_ASSIGN(Stmt st, db.query("SELECT MAX(seq) FROM photos WHERE seq BETWEEN ? AND ?", opts.sequence_first, opts.sequence_last));
  TRY(st.step());
  const int next = st.is_null(0) ? opts.sequence_first : st.i32(0) + 1;
  return next > opts.sequence_last ? 0 : next;
}

Error Store::Impl::range_full() const {
  const std::string range = SequenceNumber{opts.sequence_first}.text() + "–" + SequenceNumber{opts.sequence_last}.text();
  return make_error(errc::store_range_full, "all sequence numbers of this booth (" + range + ") are used",
                    "本机的拍摄序号（" + range + "）已全部用完，请联系管理员");
}

Result<std::optional<SequenceNumber>> Store::number_of(std::string_view id_number) {
  TRY_ASSIGN(const auto rid, impl_->roster_id(normalize_id_number(id_number)));
  if (!rid) return std::optional<SequenceNumber>{};
  return impl_->live_number(*rid);
}

Result<int> Store::numbers_left() {
  TRY_ASSIGN(const int next, impl_->next_number());
  return next == 0 ? 0 : impl_->opts.sequence_last - next + 1;
}

Status Store::can_number(std::string_view id_number) {
  TRY_ASSIGN(const auto has, number_of(id_number));
  if (has) return {};
  TRY_ASSIGN(const int left, numbers_left());
  if (left > 0) return {};
  return impl_->range_full();
}

Result<AttemptId> Store::record_attempt(const AttemptInput &in) {
  auto &db = impl_->db;
  const BatchLayout &at = impl_->layout;
  const std::string idn = normalize_id_number(in.id_number);
  TRY_ASSIGN(auto tx, Transaction::begin(db));
  TRY_ASSIGN(const auto rid, impl_->roster_id(idn));
  if (!rid)
    return make_error(errc::store_not_on_roster, "ID number " + mask_id_number(idn) + " is not on the roster",
                      "身份证号 " + mask_id_number(idn) + " 不在名单中");
  if (in.original_jpeg.empty()) return make_error(errc::store_no_original, "no camera original to store", "没有相机原片可保存");
  const bool has_spec = !in.spec_jpeg.empty();
  const auto if_spec = [&](std::string v) { return has_spec ? std::optional<std::string>(std::move(v)) : std::nullopt; };
  TRY(db.run("INSERT INTO attempts(roster_id,at,original_file,spec_file,spec_sha256,measures_json,crop_json,pass,"
             "failed_checks,reason_zh,status) VALUES(?," GB_STORE_NOW ",'',?,?,?,?,?,?,?,'pending')",
             *rid, if_spec(""), if_spec(has_spec ? sha256_hex(in.spec_jpeg) : ""), in.measures_json.empty() ? "{}" : in.measures_json,
             in.crop_json.empty() ? "{}" : in.crop_json, in.pass, join(in.failed_checks, ','), in.reason_zh));
  const AttemptId id = db.last_id();
  const std::string name = attempt_file(id);
  // Files first (durable), then the row that names them commits.
  TRY(write_file_durable(at.originals(), name, in.original_jpeg));
  if (has_spec)
    if (auto s = write_file_durable(at.attempts(), name, in.spec_jpeg); !s) {
      std::error_code ec;
      fs::remove(at.original_of(id), ec);
      return s.error();
    }
  TRY(db.run("UPDATE attempts SET original_file=?, spec_file=? WHERE id=?", "originals/" + name, if_spec("attempts/" + name), id));
  TRY(impl_->audit("booth", "attempt", idn, std::string(in.pass ? "pass" : "fail:") + join(in.failed_checks, ',')));
  if (auto s = tx.commit(); !s) {
    std::error_code ec;
    fs::remove(at.original_of(id), ec);
    fs::remove(at.spec_of(id), ec);
    return s.error();
  }
  return id;
}

namespace {

// An attempt as accept() needs it.
struct AttemptRow {
  std::int64_t roster_id = 0;
  bool pass = false;
  std::string status;
  bool has_spec = false;
  std::string sha;
  std::string id_number;
};

Result<AttemptRow> attempt_row(Db &db, AttemptId attempt) {
  TRY_ASSIGN(Stmt st,
             db.query("SELECT a.roster_id, a.pass, a.status, a.spec_file, a.spec_sha256, r.id_number "
                      "FROM attempts a JOIN roster r ON r.id=a.roster_id WHERE a.id=?",
                      attempt));
  TRY_ASSIGN(const bool row, st.step());
  if (!row)
    return make_error(errc::store_no_attempt, "no attempt " + std::to_string(attempt),
                      "找不到第 " + std::to_string(attempt) + " 次拍摄记录");
  return AttemptRow{st.i64(0), st.i32(1) != 0, st.text(2), !st.is_null(3), st.text(4), st.text(5)};
}

}  // namespace

Result<SequenceNumber> Store::accept(AttemptId attempt, const Decision &d) {
  auto &db = impl_->db;
  const BatchLayout &at = impl_->layout;
  TRY_ASSIGN(auto tx, Transaction::begin(db));
  TRY_ASSIGN(const AttemptRow a, attempt_row(db, attempt));
  if (a.status != "pending")
    return make_error(errc::store_not_pending, "attempt " + std::to_string(attempt) + " was already " + a.status,
                      "该次拍摄已处理（" + a.status + "）");
  if (!a.has_spec)
    return make_error(errc::store_no_spec_photo, "this shot produced no cropped photo; take another", "这张照片无法裁切成标准照片，请重拍");
  if (!a.pass && d.who.empty())
    return make_error(errc::store_needs_override, "the photo failed a check; only the supervisor can accept it",
                      "照片未通过检查，需要工作人员确认后才能采用");
  TRY_ASSIGN(const auto existing, impl_->live_number(a.roster_id));
  SequenceNumber n;
  std::optional<std::int64_t> old_attempt;
  if (existing) {
    n = *existing;  // a retake keeps the student's number
    TRY_ASSIGN(old_attempt, db.one<std::int64_t>("SELECT attempt_id FROM photos WHERE seq=?", n.value));
  } else {
    TRY_ASSIGN(const int next, impl_->next_number());
    if (next == 0) return impl_->range_full();
    n = SequenceNumber{next};
  }
  // photos/NNNN.jpg is a hard link of the attempt's spec file, which was made durable (fsync,
  // rename, dir fsync) before the attempt row committed. The link is in place before this row
  // commits; its directory entry is not fsynced here (one fsync fewer per accept) because open()
  // rebuilds any link a power cut loses from that durable source, and export reads the source.
  TRY(place_file_durable(at.spec_of(attempt), at.photos(), n.file_name(), false));
  // The rows, in one transaction; any refusal puts the photo file back as it was.
  auto rows = [&]() -> Status {
    if (old_attempt) {
      TRY(db.run("UPDATE photos SET attempt_id=?, sha256=?, accepted_at=" GB_STORE_NOW " WHERE seq=?", attempt, a.sha, n.value));
      TRY(db.run("UPDATE attempts SET status='superseded' WHERE id=?", *old_attempt));
    } else {
      TRY(db.run("INSERT INTO photos(seq,roster_id,attempt_id,file,sha256,accepted_at) VALUES(?,?,?,?,?," GB_STORE_NOW ")", n.value,
                 a.roster_id, attempt, "photos/" + n.file_name(), a.sha));
    }
    TRY(db.run("UPDATE attempts SET status='accepted', seq=? WHERE id=?", n.value, attempt));
    if (!a.pass)
      TRY(db.run("INSERT INTO overrides(at,kind,roster_id,id_number,attempt_id,who,why) VALUES(" GB_STORE_NOW ",'accept_failed',?,?,?,?,?)",
                 a.roster_id, a.id_number, attempt, d.who, d.why));
    TRY(impl_->audit(d.who, old_attempt ? "retake_accept" : "accept", n.text(), "attempt=" + std::to_string(attempt)));
    return tx.commit();
  };
  if (auto s = rows(); !s) {
    std::error_code ec;
    if (old_attempt) (void)place_file_durable(at.spec_of(*old_attempt), at.photos(), n.file_name());
    else fs::remove(at.photo_of(n), ec);
    return s.error();
  }
  return n;
}

Status Store::reject(AttemptId attempt, const Decision &d) {
  auto &db = impl_->db;
  TRY_ASSIGN(auto tx, Transaction::begin(db));
  TRY(db.run("UPDATE attempts SET status='rejected' WHERE id=? AND status='pending'", attempt));
  if (db.changes() == 0)
    return make_error(errc::store_not_pending, "attempt " + std::to_string(attempt) + " is not pending", "该次拍摄已处理");
  TRY(impl_->audit(d.who, "reject", std::to_string(attempt), d.why));
  return tx.commit();
}

Status Store::void_number(SequenceNumber n, const Decision &d) {
  if (d.who.empty())
    return make_error(errc::store_needs_supervisor, "voiding a number needs the supervisor's name", "作废序号需要工作人员确认");
  auto &db = impl_->db;
  TRY_ASSIGN(auto tx, Transaction::begin(db));
  TRY(db.run("UPDATE photos SET voided_at=" GB_STORE_NOW ", voided_by=?, void_reason=? WHERE seq=? AND voided_at IS NULL", d.who, d.why,
             n.value));
  if (db.changes() == 0)
    return make_error(errc::store_no_number, "number " + n.text() + " is not assigned", "序号 " + n.text() + " 未被使用或已作废");
  TRY(impl_->audit(d.who, "void", n.text(), d.why));
  TRY(tx.commit());
  // After the commit: a crash here leaves a file without a live row, which open() removes.
  std::error_code ec;
  fs::remove(impl_->layout.photo_of(n), ec);
  return fsync_dir(impl_->layout.photos());
}

Status Store::record_override(std::string_view kind, std::string_view id_number, const Decision &d) {
  if (d.who.empty()) return make_error(errc::store_needs_supervisor, "an override needs the supervisor's name", "此操作需要工作人员确认");
  auto &db = impl_->db;
  const std::string idn = normalize_id_number(id_number);
  TRY_ASSIGN(const auto rid, impl_->roster_id(idn));
  TRY_ASSIGN(auto tx, Transaction::begin(db));
  TRY(db.run("INSERT INTO overrides(at,kind,roster_id,id_number,who,why) VALUES(" GB_STORE_NOW ",?,?,?,?,?)", kind, rid, idn, d.who,
             d.why));
  TRY(impl_->audit(d.who, std::string("override:") + std::string(kind), mask_id_number(idn), d.why));
  return tx.commit();
}

Status Store::skip_student(std::string_view id_number, const Decision &d) { return record_override("skip", id_number, d); }

fs::path Store::attempt_photo(AttemptId attempt) const { return impl_->layout.spec_of(attempt); }

}  // namespace gradbooth::core
