// What every roster reader promises whatever the bytes: the fuzz targets' shared limits and the
// invariants they hold a sheet to (std::abort is how libFuzzer learns of a broken promise).
#pragma once

#include "core/xlsx_read.h"

#include <cstdlib>

namespace gradbooth::core::fuzz {

// Small enough that the fuzzer reaches every limit.
inline SheetLimits small_limits() {
  return SheetLimits{.max_rows = 64, .max_columns = 16, .max_cells = 256, .max_cell_bytes = 512, .max_total_bytes = 8192};
}

// Rows numbered 1…max_rows, columns within max_columns, cells and cell text within their limits.
// `delimited`: the CSV reader also promises rows in ascending order, no empty row or cell, and
// the total text limit (the XLSX reader takes rows as the file orders them).
inline void check_sheet(const SparseSheet &sheet, const SheetLimits &lim, bool delimited) {
  std::size_t cells = 0, text = 0;
  int last_row = 0;
  for (const auto &r : sheet) {
    if (r.row < 1 || r.row > lim.max_rows) std::abort();
    if (delimited && (r.row <= last_row || r.cells.empty())) std::abort();
    last_row = r.row;
    for (const auto &c : r.cells) {
      if (c.col < 0 || c.col >= lim.max_columns || c.text.size() > lim.max_cell_bytes) std::abort();
      if (delimited && c.text.empty()) std::abort();
      ++cells;
      text += c.text.size();
    }
  }
  if (cells > lim.max_cells || (delimited && text > lim.max_total_bytes)) std::abort();
}

}  // namespace gradbooth::core::fuzz
