// merge: several booths' packages, each verified first, into one package.
#include "package_unpack.h"

#include "durable_file.h"

#include <algorithm>
#include <map>
#include <set>

namespace gradbooth::core {
namespace fs = std::filesystem;

namespace {

struct MergeInput {
  std::string name;  // as given on the command line
  fs::path dir;      // the folder, or the zip's extraction
  std::unique_ptr<TempDir> temp;
  PackageReport report;
  CoverFacts cover;
};

bool overlaps(const std::pair<int, int> &a, const std::pair<int, int> &b) { return a.first <= b.second && b.first <= a.second; }

std::string join_lines(const std::vector<std::string> &v) {
  std::string s;
  for (const auto &x : v) s += "\n  " + x;
  return s;
}

}  // namespace

Result<MergeSummary> merge_packages(const std::vector<fs::path> &inputs, const StationConfig &station, const PackageOptions &opts,
                                    const MergeChoice &choice) {
  MergeSummary out;
  std::vector<MergeInput> in;
  for (const auto &path : inputs) {
    MergeInput m;
    m.name = path.string();
    m.dir = path;
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) {
      auto tmp = make_temp_dir("merge");
      if (!tmp) return tmp.error();
      if (auto s = extract_zip(path, (*tmp)->path); !s)
        return make_error("merge.bad_input", m.name + ": " + s.error().message_en, m.name + "：" + s.error().message_zh);
      m.dir = (*tmp)->path;
      m.temp = std::move(*tmp);
    }
    auto rep = verify_dir(m.dir);
    if (!rep) return make_error("merge.bad_input", m.name + ": " + rep.error().message_en, m.name + "：" + rep.error().message_zh);
    for (const auto &p : rep->problems)
      if (!p.warning)  // a package that fails verify (tampered, incomplete) is not merged
        return make_error("merge.bad_input", m.name + ": " + p.where + ": " + p.message_en, m.name + "：" + p.where + "：" + p.message_zh);
    m.report = std::move(*rep);
    if (auto c = read_file_bytes(m.dir / kCoverTxt)) m.cover = read_cover_facts(*c);
    in.push_back(std::move(m));
  }
  // Booth ranges: two inputs may not share numbers, neither by their recorded ranges nor by rows.
  std::vector<std::string> clashes;
  for (size_t i = 0; i < in.size(); ++i)
    for (size_t j = i + 1; j < in.size(); ++j)
      for (const auto &a : in[i].cover.ranges)
        for (const auto &b : in[j].cover.ranges)
          if (overlaps(a, b))
            clashes.push_back(in[i].name + " (" + ranges_text({a}) + ") and " + in[j].name + " (" + ranges_text({b}) + ")");
  std::map<int, size_t> owner;  // number → input
  for (size_t i = 0; i < in.size(); ++i)
    for (const auto &r : in[i].report.table)
      if (auto [it, fresh] = owner.emplace(r.number.value, i); !fresh)
        clashes.push_back("number " + r.number.text() + " in " + in[it->second].name + " and " + in[i].name);
  if (!clashes.empty())
    return make_error("merge.overlap", "the exports' booth ranges or numbers overlap; give each booth its own range:" + join_lines(clashes),
                      "多个数据包的采集点序号范围或拍摄序号重叠，请为每个采集点设置不同的序号范围：" + join_lines(clashes));
  // Students present in more than one input: resolved by --keep / --prefer newest, else refused.
  struct Seen {
    size_t input;
    const PackageRow *row;
  };
  std::map<std::string, std::vector<Seen>> by_id, by_sno;
  for (size_t i = 0; i < in.size(); ++i)
    for (const auto &r : in[i].report.table) {
      by_id[r.id_number].push_back({i, &r});
      by_sno[r.student_number].push_back({i, &r});
    }
  std::vector<std::string> conflicts;
  for (const auto &[sno, seen] : by_sno) {
    std::set<std::string> ids;
    for (const auto &x : seen) ids.insert(x.row->id_number);
    if (ids.size() > 1) {
      std::string w = "student number " + sno + ":";
      for (const auto &x : seen) w += " " + x.row->number.text() + " " + x.row->name + " (" + in[x.input].name + ")";
      conflicts.push_back(w + " belong to different ID numbers");
    }
  }
  if (!conflicts.empty())
    return make_error("merge.duplicate_student_number",
                      "one student number is held by different students; fix the rosters:" + join_lines(conflicts),
                      "同一学号属于不同学生，请先修正名单：" + join_lines(conflicts));
  std::set<int> drop, keep_used;
  std::vector<std::string> unresolved;
  for (const auto &[id, seen] : by_id) {
    if (seen.size() < 2) continue;
    std::string who = mask_id_number(id) + " " + seen.front().row->name + ":";
    for (const auto &x : seen) who += " " + x.row->number.text() + " (" + in[x.input].name + ")";
    std::optional<size_t> kept;
    for (size_t k = 0; k < seen.size(); ++k)
      if (std::find(choice.keep.begin(), choice.keep.end(), seen[k].row->number.value) != choice.keep.end()) {
        if (kept) {
          unresolved.push_back(who + " — --keep names two of their numbers");
          kept.reset();
          break;
        }
        kept = k;
      }
    if (!kept && choice.prefer_newest) {
      // The input exported last wins; equal or unknown times cannot decide.
      std::vector<std::string> times;
      for (const auto &x : seen) times.push_back(in[x.input].cover.created_utc);
      const auto newest = std::max_element(times.begin(), times.end());
      if (!newest->empty() && std::count(times.begin(), times.end(), *newest) == 1) kept = static_cast<size_t>(newest - times.begin());
    }
    if (!kept) {
      unresolved.push_back(who);
      continue;
    }
    keep_used.insert(seen[*kept].row->number.value);
    std::string note = who + " → kept " + seen[*kept].row->number.text();
    for (size_t k = 0; k < seen.size(); ++k)
      if (k != *kept) drop.insert(seen[k].row->number.value);
    out.duplicates.push_back(note);
  }
  for (int k : choice.keep)
    if (!keep_used.count(k)) unresolved.push_back("--keep " + SequenceNumber{k}.text() + " names no number of a student present twice");
  if (!unresolved.empty())
    return make_error("merge.duplicate_student",
                      "students present in more than one export; choose with --keep NUMBER or --prefer newest:" + join_lines(unresolved),
                      "有学生出现在多个数据包中，请用 --keep 序号 或 --prefer newest 指定保留哪一个：" + join_lines(unresolved));
  std::vector<PackageRow> rows;
  std::vector<std::pair<int, int>> ranges;
  bool all_ranged = true;
  std::string booths;
  for (const auto &m : in) {
    for (const auto &r : m.report.table)
      if (!drop.count(r.number.value)) rows.push_back(r);
    if (m.cover.ranges.empty()) all_ranged = false;
    ranges.insert(ranges.end(), m.cover.ranges.begin(), m.cover.ranges.end());
    if (!m.cover.booth.empty() && booths.find(m.cover.booth) == std::string::npos) booths += (booths.empty() ? "" : ", ") + m.cover.booth;
  }
  std::sort(rows.begin(), rows.end(), [](const auto &a, const auto &b) { return a.number < b.number; });
  std::sort(ranges.begin(), ranges.end());
  PackageOptions o = opts;
  if (o.ranges.empty() && all_ranged) o.ranges = ranges;
  if (o.booth.empty()) o.booth = booths;
  auto sum = write_package(rows, station, o);
  if (!sum) return sum.error();
  // What merge writes must pass verify; if it does not, nothing is left behind.
  auto check = verify_dir(sum->dir);
  const PackageProblem *bad = nullptr;
  if (check)
    for (const auto &p : check->problems)
      if (!p.warning && !bad) bad = &p;
  if (!check || bad) {
    std::error_code ec;
    fs::remove_all(sum->dir, ec);
    if (!sum->zip.empty()) fs::remove(sum->zip, ec);
    const std::string why = !check ? check.error().message_en : bad->where + ": " + bad->message_en;
    return make_error("merge.self_check", "the merged package failed verify (" + why + "); nothing was kept",
                      "合并结果未通过校验（" + why + "），已删除");
  }
  out.package = std::move(*sum);
  return out;
}

}  // namespace gradbooth::core
