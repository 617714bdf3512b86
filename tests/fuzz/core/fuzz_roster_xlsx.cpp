// libFuzzer: the streaming XLSX reader (libzip + expat within SheetLimits) and the roster
// validation behind it, on arbitrary bytes written to a temp file (the reader takes a path).
// Run with -rss_limit_mb: a compressed part must never be held decompressed.
#include "core/roster.h"
#include "core/xlsx_read.h"

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
  SheetLimits lim;
  lim.max_rows = 64;
  lim.max_columns = 16;
  lim.max_cells = 256;
  lim.max_cell_bytes = 512;
  lim.max_total_bytes = 8192;
  if (auto sheet = read_xlsx_sparse(path, lim)) {
    std::size_t cells = 0;
    for (const auto &r : *sheet) {
      if (r.row < 1 || r.row > lim.max_rows) std::abort();
      for (const auto &c : r.cells) {
        if (c.col < 0 || c.col >= lim.max_columns || c.text.size() > lim.max_cell_bytes) std::abort();
        ++cells;
      }
    }
    if (cells > lim.max_cells) std::abort();
    (void)validate_roster_sheet(*sheet, {});
  }
  (void)parse_roster_file(path);
  return 0;
}
