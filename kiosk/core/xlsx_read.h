// Reading the first worksheet of an XLSX (libzip + expat): rows of cell texts.
#pragma once

#include <gradbooth/result.h>

#include <filesystem>
#include <string>
#include <vector>

namespace gradbooth::core {

using SheetRows = std::vector<std::vector<std::string>>;
Result<SheetRows> read_xlsx_first_sheet(const std::filesystem::path &file);

} // namespace gradbooth::core
