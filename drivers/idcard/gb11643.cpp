// GB 11643-1999: weights 2^(17-i) mod 11, check = (12 - sum mod 11) mod 11, 10 written as X.
#include "idcard/gb11643.h"

#include <algorithm>
#include <cctype>
#include <vector>

namespace gradbooth::idcard {

namespace {

struct GenderName {
  Gender gender;
  char code;
  std::string_view zh;
};
constexpr GenderName kGenders[] = {
    {Gender::Unknown, '0', ""}, {Gender::Male, '1', "男"}, {Gender::Female, '2', "女"}, {Gender::Unstated, '9', "未说明"}};

static_assert(kGenders[static_cast<int>(Gender::Unknown)].gender == Gender::Unknown &&
                  kGenders[static_cast<int>(Gender::Male)].gender == Gender::Male &&
                  kGenders[static_cast<int>(Gender::Female)].gender == Gender::Female &&
                  kGenders[static_cast<int>(Gender::Unstated)].gender == Gender::Unstated,
              "kGenders is indexed by Gender");

const GenderName &row(Gender g) { return kGenders[static_cast<int>(g)]; }

bool is_digit(char c) { return c >= '0' && c <= '9'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

}  // namespace

std::string_view gender_zh(Gender g) { return row(g).zh; }

char gender_code(Gender g) { return row(g).code; }

Gender gender_from_code(std::string_view code) {
  for (const auto &r : kGenders)
    if (code.size() == 1 && code[0] == r.code) return r.gender;
  return Gender::Unknown;
}

Gender parse_gender(std::string_view s) {
  s = trim(s);
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
  static constexpr char kCheck[] = "10X98765432";
  if (first17.size() != 17) return '\0';
  int sum = 0;
  for (std::size_t i = 0; i < 17; ++i) {
    if (!is_digit(first17[i])) return '\0';
    sum += (first17[i] - '0') * kWeights[i];
  }
  return kCheck[sum % 11];
}

bool id_number_valid(std::string_view id) {
  if (id.size() != 18) return false;
  const char check = id_number_check_char(id.substr(0, 17));
  return check != '\0' && check == (id[17] == 'x' ? 'X' : id[17]);
}

Gender gender_from_id(std::string_view id) {
  if (id.size() != 18 || !is_digit(id[16])) return Gender::Unknown;
  return (id[16] - '0') % 2 == 1 ? Gender::Male : Gender::Female;
}

std::string birth_date_from_id(std::string_view id) {
  if (id.size() != 18 || !std::all_of(id.begin() + 6, id.begin() + 14, is_digit)) return {};
  return std::string(id.substr(6, 8));
}

std::string normalize_id_number(std::string_view id) {
  std::string s(trim(id));
  if (!s.empty() && s.back() == 'x') s.back() = 'X';
  return s;
}

std::string mask_id_number(std::string_view id) {
  // Counted in characters, not bytes: a number typed into a roster may hold a full-width digit or
  // a letter with an accent, and a cut inside one would put broken UTF-8 on the screen.
  std::vector<std::size_t> starts;  // byte offset of each character (a stray byte counts as one)
  for (std::size_t i = 0; i < id.size(); ++i)
    if ((static_cast<unsigned char>(id[i]) & 0xC0) != 0x80 || starts.empty()) starts.push_back(i);
  constexpr std::size_t kHead = 6, kTail = 4;
  const std::size_t n = starts.size();
  if (n <= kHead + kTail) return std::string(n, '*');
  return std::string(id.substr(0, starts[kHead])) + std::string(n - kHead - kTail, '*') + std::string(id.substr(starts[n - kTail]));
}

}  // namespace gradbooth::idcard
