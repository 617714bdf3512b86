// GB 11643-1999 citizen ID numbers and the sex they carry: the one place the booth, the roster,
// the store and the card driver learn what an ID number says and how much of it may be shown.
#pragma once

#include <string>
#include <string_view>

namespace gradbooth::idcard {

// GB/T 2261.1 sex: what a card, a roster row or an ID number's 17th digit says.
enum class Gender { Unknown, Male, Female, Unstated };

// "男" / "女" / "未说明"; "" for Unknown (the store and the export keep it empty).
std::string_view gender_zh(Gender g);
// The card's one-character code: '1' male, '2' female, '9' not stated, '0' unknown.
char gender_code(Gender g);
Gender gender_from_code(std::string_view code);
// A roster's 性别 column: 男/女, M/F, male/female (any case), 1/2; blanks around are ignored.
Gender parse_gender(std::string_view s);

// The check character of 17 digits ('0'…'9' or 'X'); '\0' when the input is not 17 digits.
char id_number_check_char(std::string_view first17);
// 17 digits + the right check character; a lower-case 'x' counts as 'X'.
bool id_number_valid(std::string_view id);
// Sex from the 17th digit (odd = male); Unknown when the number is malformed.
Gender gender_from_id(std::string_view id);
// The birth date inside an 18-character number (YYYYMMDD); "" when it has no such field.
std::string birth_date_from_id(std::string_view id);
// Blanks trimmed, a trailing 'x' upper-cased.
std::string normalize_id_number(std::string_view id);

// The never-reveal rule for screens, journals, reports and printouts: the first 6 and the last
// 4 characters stay ("370303********123X") only when at least one character is hidden between
// them; a shorter number (a 9-character HK/Macao pass, say) is all '*', never shown whole.
// Characters, not bytes: one '*' for each hidden one, and none is ever cut in two.
std::string mask_id_number(std::string_view id);

}  // namespace gradbooth::idcard
