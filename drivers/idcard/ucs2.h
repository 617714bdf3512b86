// The card stores text as UCS-2 little endian; the rest of the program speaks UTF-8.
#pragma once

#include "idcard/sam_frame.h"

#include <span>
#include <string>
#include <string_view>

namespace gradbooth::idcard {

// Decodes UTF-16LE (a surrogate pair is accepted, an unpaired one becomes U+FFFD); stops at
// the first NUL. An odd trailing byte is ignored.
std::string utf8_from_ucs2le(std::span<const std::uint8_t> bytes);
// Encodes UTF-8 as UTF-16LE (invalid UTF-8 becomes U+FFFD).
Bytes ucs2le_from_utf8(std::string_view utf8);
// Removes the card's padding: spaces (ASCII and full-width U+3000) and NULs at both ends.
std::string trim_padding(std::string_view utf8);

}  // namespace gradbooth::idcard
