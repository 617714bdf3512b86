// libFuzzer: the roster's text reader (encoding detection, RFC 4180 splitting within SheetLimits,
// header mapping, row validation) on arbitrary bytes. Small limits so that the fuzzer reaches
// every limit; what comes out must respect them and hold only valid UTF-8 text.
#include "core/roster.h"
#include "sheet_invariants.h"

#include <cstdlib>

using namespace gradbooth::core;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char *>(data), size);
  const SheetLimits lim = fuzz::small_limits();
  if (auto sheet = split_delimited(bytes, lim)) fuzz::check_sheet(*sheet, lim, true);
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
