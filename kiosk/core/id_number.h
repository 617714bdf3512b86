// GB 11643 resident ID numbers: checksum, gender digit, masking for screens.
#pragma once

#include <string>
#include <string_view>

namespace gradbooth::core {

enum class Gender { Unknown, Male, Female };

// "男" / "女" / "".
std::string_view gender_zh(Gender g);
// Accepts 男/女, M/F, male/female (any case), 1/2.
Gender parse_gender(std::string_view s);

// 17 digits + check character (0-9 or X), checksum per GB 11643-1999 (ISO 7064 MOD 11-2).
bool id_number_valid(std::string_view id);
// The check character for 17 digits ('0'…'9' or 'X'); '\0' when the input is not 17 digits.
char id_number_check_char(std::string_view first17);
// Gender from the 17th digit (odd = male). Unknown when malformed.
Gender gender_from_id(std::string_view id);
// Upper-cases a trailing x, trims blanks.
std::string normalize_id_number(std::string_view id);
// "370303********123X" style: first 6 and last 4 shown.
std::string mask_id_number(std::string_view id);

} // namespace gradbooth::core
