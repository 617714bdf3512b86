// Wall-clock time as text, the one way every layer stamps files, rows and reports.
#pragma once

#include <ctime>
#include <string>

namespace gradbooth {

enum class Zone { Utc, Local };

// `format` is strftime's; `when` defaults to now. Output longer than 63 bytes is cut to "".
inline std::string clock_text(const char *format, Zone zone, std::time_t when = std::time(nullptr)) {
  std::tm tm{};
  if (zone == Zone::Utc) gmtime_r(&when, &tm);
  else localtime_r(&when, &tm);
  char buf[64];
  const std::size_t n = std::strftime(buf, sizeof buf, format, &tm);
  return std::string(buf, n);
}

}  // namespace gradbooth
