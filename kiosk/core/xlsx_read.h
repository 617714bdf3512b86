// Reading the first worksheet of an XLSX (libzip + expat, streamed): cells of text, sparse, within
// limits. The limits keep memory bounded whatever the file claims (a cell in column XFD on every
// row, one shared string of 300 MB used by many cells): a roster of ≤ 10 MB is read in well
// under 200 MB, and a file past a limit is refused with a message naming the row.
#pragma once

#include <gradbooth/result.h>

#include <cstddef>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace gradbooth::core {

struct SheetLimits {
  int max_rows = 120000;                    // highest row number with a value (a batch numbers ≤ 9999)
  int max_columns = 256;                    // A…IV
  std::size_t max_cells = 1000000;          // cells with a value (and shared strings)
  std::size_t max_cell_bytes = 32 * 1024;   // one cell's text
  std::size_t max_total_bytes = 32u << 20;  // all text together
};

struct SheetCell {
  int col = 0;  // 0-based (A = 0)
  std::string text;
};
struct SheetRow {
  int row = 0;                   // 1-based row number in the file
  std::vector<SheetCell> cells;  // only cells with a value
  const std::string *at(int col) const {
    for (const auto &c : cells)
      if (c.col == col) return &c.text;
    return nullptr;
  }
};
using SparseSheet = std::vector<SheetRow>;  // only rows with a value, in file order

// Called with each row until it returns columns: from then on only those columns are stored
// (the limits still count every cell). The roster reader passes its header mapping, so a wide
// sheet costs no more than its five roster columns.
using ColumnPicker = std::function<std::optional<std::vector<int>>(const SheetRow &)>;

// "A", "Z", "AA", …, "XFD".
std::string column_name(int col);

Result<SparseSheet> read_xlsx_sparse(const std::filesystem::path &file, const SheetLimits &limits = {}, const ColumnPicker &pick = {});

// Dense rows (row number - 1 → cells up to the row's last value), for small tables such as the
// package's database.xlsx; the limits bound rows × columns.
using SheetRows = std::vector<std::vector<std::string>>;
Result<SheetRows> read_xlsx_first_sheet(const std::filesystem::path &file,
                                        const SheetLimits &limits = {20000, 16, 400000, 4096, 32u << 20});

}  // namespace gradbooth::core
