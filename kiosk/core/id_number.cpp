// GB 11643-1999: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written as X.
#include "id_number.h"

#include "idcard/card_identity.h"

#include <algorithm>
#include <cctype>

namespace gradbooth::core {

std::string_view gender_zh(Gender g) {
  switch (g) {
  case Gender::Male: return "男";
  case Gender::Female: return "女";
  default: return "";
  }
}

Gender parse_gender(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  if (s == "男" || s == "1") return Gender::Male;
  if (s == "女" || s == "2") return Gender::Female;
  std::string l(s);
  std::transform(l.begin(), l.end(), l.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  if (l == "m" || l == "male") return Gender::Male;
  if (l == "f" || l == "female") return Gender::Female;
  return Gender::Unknown;
}

char id_number_check_char(std::string_view first17) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[11] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    const char c = first17[static_cast<size_t>(i)];
    if (c < '0' || c > '9') return '\0';
    sum += (c - '0') * kWeights[i];
  }
  return kCheck[sum % 11];
}

// The card driver owns the one GB 11643 check; the roster and the card must agree on it.
bool id_number_valid(std::string_view id) { return idcard::id_number_checksum_ok(id); }

Gender gender_from_id(std::string_view id) {
  if (id.size() != 18) return Gender::Unknown;
  const char c = id[16];
  if (c < '0' || c > '9') return Gender::Unknown;
  return ((c - '0') % 2 == 1) ? Gender::Male : Gender::Female;
}

std::string normalize_id_number(std::string_view id) {
  while (!id.empty() && std::isspace(static_cast<unsigned char>(id.front()))) id.remove_prefix(1);
  while (!id.empty() && std::isspace(static_cast<unsigned char>(id.back()))) id.remove_suffix(1);
  std::string s(id);
  if (!s.empty() && s.back() == 'x') s.back() = 'X';
  return s;
}

std::string mask_id_number(std::string_view id) {
  if (id.size() < 10) return std::string(id.size(), '*');
  std::string s(id);
  for (size_t i = 6; i + 4 < s.size(); ++i) s[i] = '*';
  return s;
}

} // namespace gradbooth::core
