#include "idcard/card_identity.h"

#include <array>

namespace gradbooth::idcard {

std::string masked_id(const std::string &id) {
  if (id.size() <= 10) return id;
  return id.substr(0, 6) + std::string(id.size() - 10, '*') + id.substr(id.size() - 4);
}

std::string gender_zh(Gender g) {
  switch (g) {
  case Gender::Male: return "男";
  case Gender::Female: return "女";
  case Gender::Unstated: return "未说明";
  case Gender::Unknown: break;
  }
  return "未知";
}

bool id_number_checksum_ok(std::string_view id) {
  static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
  static constexpr char kCheck[] = "10X98765432";
  if (id.size() != 18) return false;
  int sum = 0;
  for (int i = 0; i < 17; ++i) {
    if (id[i] < '0' || id[i] > '9') return false;
    sum += (id[i] - '0') * kWeights[i];
  }
  const char last = id[17] == 'x' ? 'X' : id[17];
  return last == kCheck[sum % 11];
}

std::string nation_name(std::string_view code) {
  // GB 3304-1991, indexed by code - 1 (a table copied around the web is off by one: 01 is 汉).
  static constexpr std::array<const char *, 56> kNations = {
      "汉", "蒙古", "回", "藏", "维吾尔", "苗", "彝", "壮", "布依", "朝鲜", "满", "侗", "瑶", "白",
      "土家", "哈尼", "哈萨克", "傣", "黎", "傈僳", "佤", "畲", "高山", "拉祜", "水", "东乡", "纳西",
      "景颇", "柯尔克孜", "土", "达斡尔", "仫佬", "羌", "布朗", "撒拉", "毛南", "仡佬", "锡伯", "阿昌",
      "普米", "塔吉克", "怒", "乌孜别克", "俄罗斯", "鄂温克", "德昂", "保安", "裕固", "京", "塔塔尔",
      "独龙", "鄂伦春", "赫哲", "门巴", "珞巴", "基诺"};
  if (code.size() != 2 || code[0] < '0' || code[0] > '9' || code[1] < '0' || code[1] > '9') return {};
  const int n = (code[0] - '0') * 10 + (code[1] - '0');
  if (n >= 1 && n <= 56) return kNations[static_cast<std::size_t>(n - 1)];
  if (n == 97) return "其他";
  if (n == 98) return "外国血统中国籍人士";
  return {};
}

std::string card_type_name(CardType t) {
  switch (t) {
  case CardType::Resident: return "resident";
  case CardType::HkMoTwPermit: return "hkmotw-permit";
  case CardType::ForeignerPermanent: return "foreigner-permanent";
  case CardType::ForeignerPermanent2023: return "foreigner-permanent-2023";
  }
  return "resident";
}

} // namespace gradbooth::idcard
