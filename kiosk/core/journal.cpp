#include "journal.h"

#include <systemd/sd-journal.h>
#include <sys/stat.h>
#include <sys/uio.h>

#include <cctype>
#include <cerrno>
#include <cstdio>

namespace gradbooth::core::journal {

namespace {

// journald field names: upper-case letters, digits and '_'.
std::string field_name(std::string_view name) {
  std::string out = "GRADBOOTH_";
  for (char c : name) out += std::isalnum(static_cast<unsigned char>(c)) ? static_cast<char>(std::toupper(c)) : '_';
  return out;
}

// libsystemd drops an entry silently when journald's socket is absent: look for it ourselves.
bool journal_listening() {
  struct stat st {};
  return stat("/run/systemd/journal/socket", &st) == 0 && S_ISSOCK(st.st_mode);
}

}  // namespace

bool send(const Entry &e) {
  std::vector<std::string> lines;
  lines.push_back("MESSAGE=" + e.message);
  lines.push_back("PRIORITY=" + std::to_string(static_cast<int>(e.priority)));
  lines.push_back("GRADBOOTH_EVENT=" + e.event);
  auto add = [&](std::string_view name, const std::string &value) {
    if (!value.empty()) lines.push_back(field_name(name) + "=" + value);
  };
  lines.push_back(std::string("SYSLOG_IDENTIFIER=") + program_invocation_short_name);
  add("batch", e.batch);
  add("id", e.masked_id);
  add("number", e.number);
  add("reason", e.reason);
  for (const auto &[k, v] : e.fields) add(k, v);
  std::vector<iovec> iov;
  iov.reserve(lines.size());
  for (auto &l : lines) iov.push_back({l.data(), l.size()});
  if (journal_listening() && sd_journal_sendv(iov.data(), static_cast<int>(iov.size())) >= 0) return true;
  // No journal (a terminal or a test): one line that still reads as the day's story.
  std::string line = "gradbooth[" + e.event + "] " + e.message;
  for (std::size_t i = 4; i < lines.size(); ++i) line += " " + lines[i].substr(10);  // without GRADBOOTH_
  std::fprintf(stderr, "%s\n", line.c_str());
  return false;
}

}  // namespace gradbooth::core::journal
