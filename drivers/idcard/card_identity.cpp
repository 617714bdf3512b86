#include "idcard/card_identity.h"

#include <algorithm>
#include <array>

namespace gradbooth::idcard {

std::string CardName::shown() const {
  if (chinese.empty()) return english;
  if (english.empty()) return chinese;
  return chinese + " (" + english + ")";
}

bool all_digits(std::string_view s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

std::string dashed_date(const std::string &d) {
  // Only eight digits are a date: a damaged field cut at bytes 4 and 6 could split a character.
  return d.size() == 8 && all_digits(d) ? d.substr(0, 4) + "-" + d.substr(4, 2) + "-" + d.substr(6, 2) : d;
}

std::string nation_name(std::string_view code) {
  // GB 3304-1991, indexed by code - 1 (a table copied around the web is off by one: 01 is 汉).
  static constexpr std::array<const char *, 56> kNations = {
      "汉",       "蒙古",   "回",     "藏",   "维吾尔", "苗",   "彝",   "壮",     "布依", "朝鲜",   "满",   "侗",   "瑶",     "白",
      "土家",     "哈尼",   "哈萨克", "傣",   "黎",     "傈僳", "佤",   "畲",     "高山", "拉祜",   "水",   "东乡", "纳西",   "景颇",
      "柯尔克孜", "土",     "达斡尔", "仫佬", "羌",     "布朗", "撒拉", "毛南",   "仡佬", "锡伯",   "阿昌", "普米", "塔吉克", "怒",
      "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安",   "裕固", "京",   "塔塔尔", "独龙", "鄂伦春", "赫哲", "门巴", "珞巴",   "基诺"};
  if (code.size() != 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return {};
  const int n = (code[0] - '0') * 10 + (code[1] - '0');
  if (n >= 1 && n <= 56) return kNations[static_cast<std::size_t>(n - 1)];
  if (n == 97) return "其他";
  if (n == 98) return "外国血统中国籍人士";
  return {};
}

namespace {

struct CardTypeName {
  CardType type;
  const char *name, *zh;
};
constexpr CardTypeName kCardTypes[] = {
    // in CardType's order
    {CardType::Resident, "resident", "居民身份证"},
    {CardType::HkMoTwPermit, "hkmotw-permit", "港澳台居民居住证"},
    {CardType::ForeignerPermanent, "foreigner-permanent", "外国人永久居留身份证"},
    {CardType::ForeignerPermanent2023, "foreigner-permanent-2023", "外国人永久居留身份证（2023版）"},
};

constexpr bool in_enum_order() {
  for (std::size_t i = 0; i < std::size(kCardTypes); ++i)
    if (static_cast<std::size_t>(kCardTypes[i].type) != i) return false;
  return true;
}
static_assert(in_enum_order(), "kCardTypes is indexed by CardType");

const CardTypeName &row(CardType t) { return kCardTypes[static_cast<std::size_t>(t)]; }

}  // namespace

std::string card_type_name(CardType t) { return row(t).name; }

std::string card_type_zh(CardType t) { return row(t).zh; }

}  // namespace gradbooth::idcard
