#include "store_layout.h"

#include "error_codes.h"

#include <cstdio>

namespace gradbooth::core {
namespace fs = std::filesystem;

std::string SequenceNumber::text() const {
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d", value);
  return buf;
}

fs::path BatchLayout::original_of(AttemptId a) const { return originals() / attempt_file(a); }
fs::path BatchLayout::spec_of(AttemptId a) const { return attempts() / attempt_file(a); }

std::string attempt_file(AttemptId id) { return "A" + std::to_string(id) + ".jpg"; }

std::optional<AttemptId> attempt_id_of(const std::string &n) {
  if (n.size() <= 5 || n.size() > 24 || n[0] != 'A' || !n.ends_with(".jpg")) return std::nullopt;
  const std::string num = n.substr(1, n.size() - 5);
  if (num.find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoll(num);
}

std::optional<int> photo_number_of(const std::string &n) {
  if (n.size() != 8 || !n.ends_with(".jpg") || n.substr(0, 4).find_first_not_of("0123456789") != std::string::npos) return std::nullopt;
  return std::stoi(n.substr(0, 4));
}

bool is_temp_name(const std::string &n) { return n.size() > 5 && n[0] == '.' && n.ends_with(".tmp"); }

int photo_files_in(const BatchLayout &batch) {
  int n = 0;
  std::error_code ec;
  for (const fs::path &sub : {batch.originals(), batch.attempts(), batch.photos()})
    for (const auto &e : fs::directory_iterator(sub, ec))
      if (!is_temp_name(e.path().filename().string())) ++n;
  return n;
}

bool valid_batch_name(std::string_view b) {
  if (b.empty() || b.size() > 64 || b.front() == '.') return false;
  for (char c : b) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.';
    if (!ok) return false;
  }
  return b.find("..") == std::string_view::npos;
}

Result<fs::path> batch_dir(const fs::path &data_dir, std::string_view batch) {
  if (!valid_batch_name(batch))
    return make_error(errc::store_bad_batch, "batch name '" + std::string(batch) + "' may hold only letters, digits, - _ .",
                      "批次名“" + std::string(batch) + "”只能包含字母、数字和 - _ .");
  return data_dir / std::string(batch);
}

}  // namespace gradbooth::core
