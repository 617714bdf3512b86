// libFuzzer: the streaming XLSX reader (libzip + expat within SheetLimits) and the roster
// validation behind it, on arbitrary bytes written to a temp file (the reader takes a path).
// Run with -rss_limit_mb: a compressed part must never be held decompressed.
#include "core/roster.h"
#include "core/xlsx_read.h"
#include "sheet_invariants.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <string>

using namespace gradbooth::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  static const std::string path = "/tmp/fuzz_roster_xlsx-" + std::to_string(::getpid()) + ".xlsx";
  std::FILE *f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  const SheetLimits lim = fuzz::small_limits();
  if (auto sheet = read_xlsx_sparse(path, lim)) {
    fuzz::check_sheet(*sheet, lim, false);
    (void)validate_roster_sheet(*sheet, {});
  }
  (void)parse_roster_file(path);
  return 0;
}
