// libFuzzer: the roster's text reader (encoding detection, RFC 4180 splitting within SheetLimits,
// header mapping, row validation) on arbitrary bytes. Small limits so that the fuzzer reaches
// every limit; what comes out must respect them and hold only valid UTF-8 text.
#include "core/roster.h"

#include <cstdlib>

using namespace gradbooth::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char *>(data), size);
  SheetLimits lim;
  lim.max_rows = 64;
  lim.max_columns = 16;
  lim.max_cells = 256;
  lim.max_cell_bytes = 512;
  lim.max_total_bytes = 8192;
  if (auto sheet = split_delimited(bytes, lim)) {
    std::size_t cells = 0, text = 0;
    int last_row = 0;
    for (const auto &r : *sheet) {
      if (r.row <= last_row || r.row > lim.max_rows || r.cells.empty()) std::abort();
      last_row = r.row;
      for (const auto &c : r.cells) {
        if (c.col < 0 || c.col >= lim.max_columns || c.text.empty() || c.text.size() > lim.max_cell_bytes) std::abort();
        ++cells;
        text += c.text.size();
      }
    }
    if (cells > lim.max_cells || text > lim.max_total_bytes) std::abort();
  }
  if (auto parsed = parse_roster_csv(bytes, {}, lim)) {
    for (const auto &e : parsed->entries) {
      if (!is_valid_utf8(e.name) || !id_number_valid(e.id_number) || e.student_number.empty()) std::abort();
      // Nothing a spreadsheet would run as a formula gets through validation.
      for (const std::string *f : {&e.name, &e.student_number})
        if (!f->empty() && std::string_view("=+-@\t\r").find((*f)[0]) != std::string_view::npos) std::abort();
    }
  }
  return 0;
}
