#include "idcard/text_block.h"

#include "gradbooth/clock_text.h"
#include "idcard/ucs2.h"

#include <algorithm>

namespace gradbooth::idcard {

namespace {

// Byte offsets and sizes of the resident layout; 'J' and 'Y' keep it.
struct Field {
  std::size_t offset, size;
};
constexpr Field kName{0, 30}, kGender{30, 2}, kNation{32, 4}, kBirth{36, 16}, kAddress{52, 70}, kIdNumber{122, 36}, kAuthority{158, 30},
    kValidFrom{188, 16}, kValidTo{204, 16}, kPassNumber{220, 18}, kIssueCount{238, 4};
constexpr std::size_t kCardTypeOffset = 248;
// The 'I' card (2017 foreigner's permanent residence card) has its own layout.
constexpr Field kI_EnglishName{0, 120}, kI_Gender{120, 2}, kI_PermitNumber{122, 30}, kI_Nationality{152, 6}, kI_ChineseName{158, 30},
    kI_ValidFrom{188, 16}, kI_ValidTo{204, 16}, kI_Birth{220, 16}, kI_Authority{240, 8};

std::string field(std::span<const std::uint8_t> block, Field f) { return trim_padding(utf8_from_ucs2le(block.subspan(f.offset, f.size))); }

void put(Bytes &block, Field f, const std::string &utf8) {
  Bytes u = ucs2le_from_utf8(utf8);
  u.resize(std::min(u.size(), f.size));
  std::copy(u.begin(), u.end(), block.begin() + static_cast<long>(f.offset));
}

void warn(CardIdentity &id, std::string zh, std::string en) { id.warnings.push_back({std::move(zh), std::move(en)}); }

// GB 11643 checks for the layouts that carry a citizen-style ID number (resident, 'J').
void check_id_number(CardIdentity &id) {
  const std::string &n = id.id_number;
  if (n.size() != 18 || !all_digits(n.substr(0, 17))) {
    warn(id, "身份号码格式不正确：" + n, "ID number is not 18 characters of digits: " + n);
    return;
  }
  if (!id_number_valid(n)) warn(id, "身份号码校验位不正确", "ID number check character is wrong");
  if (birth_date_from_id(n) != id.birth_date)
    warn(id, "身份号码中的出生日期与证件出生日期不一致", "birth date inside the ID number differs from the card's birth date");
  const Gender by_number = gender_from_id(n);
  if ((id.gender == Gender::Male || id.gender == Gender::Female) && id.gender != by_number)
    warn(id, "身份号码的性别位与证件性别不一致", "ID number's sex digit disagrees with the card's gender");
}

void check_validity(CardIdentity &id, const std::string &today) {
  if (id.valid_to == "长期") return;
  if (id.valid_to.size() != 8 || !all_digits(id.valid_to)) {
    warn(id, "有效期限无法识别：" + id.valid_to, "cannot read the validity end: " + id.valid_to);
    return;
  }
  if (id.valid_to < today)
    warn(id, "证件已过期（有效期至 " + dashed_date(id.valid_to) + "）", "card expired on " + dashed_date(id.valid_to));
  if (!id.valid_from.empty() && id.valid_from > today)
    warn(id, "证件尚未生效（自 " + dashed_date(id.valid_from) + " 起）", "card is valid only from " + dashed_date(id.valid_from));
}

}  // namespace

std::string today_yyyymmdd() { return clock_text("%Y%m%d", Zone::Local); }

Result<CardIdentity> parse_text_block(std::span<const std::uint8_t> block, const std::string &today_in) {
  if (block.size() != kTextBlockSize)
    return make_error("card.text.size", "text block has " + std::to_string(block.size()) + " bytes, not 256",
                      "证件文字信息长度错误（" + std::to_string(block.size()) + " 字节）");
  const std::string today = today_in.empty() ? today_yyyymmdd() : today_in;
  CardIdentity id;
  const std::uint8_t type = block[kCardTypeOffset + 1] == 0 ? block[kCardTypeOffset] : 0;
  if (type == 'I') {
    id.type = CardType::ForeignerPermanent;
    id.name = {field(block, kI_ChineseName), field(block, kI_EnglishName)};
    id.gender = gender_from_code(field(block, kI_Gender));
    id.permit_number = field(block, kI_PermitNumber);
    id.id_number = id.permit_number;
    id.nation_code = field(block, kI_Nationality);
    id.valid_from = field(block, kI_ValidFrom);
    id.valid_to = field(block, kI_ValidTo);
    id.birth_date = field(block, kI_Birth);
    id.authority = field(block, kI_Authority);
    if (id.permit_number.size() != 15)
      warn(id, "永久居留证号码应为 15 位：" + id.permit_number, "permit number should have 15 characters: " + id.permit_number);
  } else {
    id.type = type == 'J' ? CardType::HkMoTwPermit : type == 'Y' ? CardType::ForeignerPermanent2023 : CardType::Resident;
    id.name.chinese = field(block, kName);
    id.gender = gender_from_code(field(block, kGender));
    id.nation_code = field(block, kNation);
    id.birth_date = field(block, kBirth);
    id.address = field(block, kAddress);
    id.id_number = field(block, kIdNumber);
    id.authority = field(block, kAuthority);
    id.valid_from = field(block, kValidFrom);
    id.valid_to = field(block, kValidTo);
    if (id.type == CardType::HkMoTwPermit) id.permit_number = field(block, kPassNumber);
    if (id.type == CardType::ForeignerPermanent2023) id.permit_number = id.id_number;
    std::transform(id.id_number.begin(), id.id_number.end(), id.id_number.begin(), [](char c) { return c == 'x' ? 'X' : c; });
    if (id.type != CardType::ForeignerPermanent2023) check_id_number(id);
    if (id.type == CardType::Resident && !id.nation_code.empty() && nation_name(id.nation_code).empty())
      warn(id, "民族代码无法识别：" + id.nation_code, "unknown nation code: " + id.nation_code);
  }
  if (id.name.empty() && id.id_number.empty())
    return make_error("card.text.empty", "the card's text block holds no name and no ID number",
                      "证件信息为空（无姓名和号码），请重新放置证件");
  check_validity(id, today);
  return id;
}

Result<Bytes> text_from_read_data(std::span<const std::uint8_t> data, bool with_fingerprint) {
  const std::size_t head = with_fingerprint ? 6 : 4;
  if (data.size() < head) return make_error("card.read.short", "read answer too short", "读卡应答数据过短");
  const std::size_t text_len = (std::size_t{data[0]} << 8) | data[1];
  const std::size_t photo_len = (std::size_t{data[2]} << 8) | data[3];
  const std::size_t finger_len = with_fingerprint ? ((std::size_t{data[4]} << 8) | data[5]) : 0;
  if (head + text_len + photo_len + finger_len > data.size())
    return make_error("card.read.length", "read answer shorter than its length fields say", "读卡应答数据长度与长度字段不符");
  if (text_len != kTextBlockSize)
    return make_error("card.text.size", "text length field says " + std::to_string(text_len) + ", not 256",
                      "证件文字信息长度错误（" + std::to_string(text_len) + " 字节）");
  return Bytes(data.begin() + static_cast<long>(head), data.begin() + static_cast<long>(head + text_len));
}

Bytes encode_text_block(const CardIdentity &id) {
  Bytes block;
  for (std::size_t i = 0; i < kTextBlockSize / 2; ++i) {
    block.push_back(' ');
    block.push_back(0);
  }
  const std::string g(1, gender_code(id.gender));
  if (id.type == CardType::ForeignerPermanent) {
    put(block, kI_EnglishName, id.name.english);
    put(block, kI_ChineseName, id.name.chinese);
    put(block, kI_Gender, g);
    put(block, kI_PermitNumber, id.permit_number.empty() ? id.id_number : id.permit_number);
    put(block, kI_Nationality, id.nation_code);
    put(block, kI_ValidFrom, id.valid_from);
    put(block, kI_ValidTo, id.valid_to);
    put(block, kI_Birth, id.birth_date);
    put(block, kI_Authority, id.authority);
    block[kCardTypeOffset] = 'I';
    return block;
  }
  put(block, kName, id.name.chinese);
  put(block, kGender, g);
  put(block, kNation, id.nation_code);
  put(block, kBirth, id.birth_date);
  put(block, kAddress, id.address);
  put(block, kIdNumber, id.id_number);
  put(block, kAuthority, id.authority);
  put(block, kValidFrom, id.valid_from);
  put(block, kValidTo, id.valid_to);
  if (id.type == CardType::HkMoTwPermit) {
    put(block, kPassNumber, id.permit_number);
    put(block, kIssueCount, "01");
    block[kCardTypeOffset] = 'J';
  } else if (id.type == CardType::ForeignerPermanent2023) {
    block[kCardTypeOffset] = 'Y';
  }
  return block;
}

Bytes encode_read_data(const Bytes &text_block, std::size_t photo_size) {
  Bytes d(4 + text_block.size() + photo_size, 0);
  d[0] = static_cast<std::uint8_t>(text_block.size() >> 8);
  d[1] = static_cast<std::uint8_t>(text_block.size() & 0xFF);
  d[2] = static_cast<std::uint8_t>(photo_size >> 8);
  d[3] = static_cast<std::uint8_t>(photo_size & 0xFF);
  std::copy(text_block.begin(), text_block.end(), d.begin() + 4);
  return d;
}

}  // namespace gradbooth::idcard
