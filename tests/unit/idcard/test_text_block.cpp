// Text block → CardIdentity: the three layouts, ID-number checks, UCS-2 edge cases, warnings.
#include "idcard/card_identity.h"
#include "idcard/gb11643.h"
#include "idcard/text_block.h"
#include "idcard/ucs2.h"

#include <doctest/doctest.h>

#include <algorithm>

using namespace gradbooth::idcard;

namespace {

CardIdentity resident() {
  CardIdentity id;
  id.name = {"张伟"};
  id.gender = Gender::Male;
  id.nation_code = "01";
  id.birth_date = "20040512";
  id.address = "山东省淄博市张店区新村西路266号";
  id.id_number = "370303200405121237";
  id.authority = "淄博市公安局张店分局";
  id.valid_from = "20200101";
  id.valid_to = "20400101";
  return id;
}

bool has_warning(const CardIdentity &id, const std::string &part) {
  return std::any_of(id.warnings.begin(), id.warnings.end(), [&](const gradbooth::Bilingual &w) {
    return w.zh.find(part) != std::string::npos || w.en.find(part) != std::string::npos;
  });
}

}  // namespace

TEST_CASE("GB 11643 check character vectors") {
  CHECK(id_number_valid("11010519491231002X"));
  CHECK(id_number_valid("11010519491231002x"));
  CHECK(id_number_valid("370303200405121237"));
  CHECK(id_number_valid("440524188001010014"));
  CHECK(id_number_valid("110101199003077897"));
  CHECK_FALSE(id_number_valid("110105194912310021"));
  CHECK_FALSE(id_number_valid("370303200405121238"));
  CHECK_FALSE(id_number_valid("37030320040512123"));  // 17 characters
  CHECK_FALSE(id_number_valid("3703032004051212370"));
  CHECK_FALSE(id_number_valid("37030320040512A237"));
  CHECK_FALSE(id_number_valid(""));
}

TEST_CASE("masked ID number keeps the first 6 and the last 4, and never shows a number whole") {
  CHECK(mask_id_number("370303200405121237") == "370303********1237");
  CHECK(mask_id_number("11010519491231002X") == "110105********002X");
  CHECK(mask_id_number("USA110095031001") == "USA110*****1001");  // an 'I' card's permit number
  CHECK(mask_id_number("H1234567890") == "H12345*7890");          // one character hidden is enough
  CHECK(mask_id_number("H123456789") == "**********");            // 6 + 4 would show it all
  CHECK(mask_id_number("H12345678") == "*********");              // a 'J' card's pass number
  CHECK(mask_id_number("123") == "***");
  CHECK(mask_id_number("").empty());
  // Characters, not bytes: none is cut in two, one '*' for each hidden one.
  CHECK(mask_id_number("USŁ110095031001") == "USŁ110*****1001");
  CHECK(mask_id_number("３７０３０３２００４０５１２１２３７") == "３７０３０３********１２３７");
  CHECK(mask_id_number("１２３４５６７８９") == "*********");
}

TEST_CASE("gender: the card's codes, the roster's words, the ID number's 17th digit") {
  CHECK(gender_zh(Gender::Male) == "男");
  CHECK(gender_zh(Gender::Female) == "女");
  CHECK(gender_zh(Gender::Unknown).empty());
  CHECK(gender_zh(Gender::Unstated) == "未说明");
  for (Gender g : {Gender::Unknown, Gender::Male, Gender::Female, Gender::Unstated})
    CHECK(gender_from_code(std::string(1, gender_code(g))) == g);
  CHECK(gender_from_code("3") == Gender::Unknown);
  CHECK(parse_gender(" female ") == Gender::Female);
  CHECK(parse_gender("1") == Gender::Male);
  CHECK(gender_from_id("11010519491231002X") == Gender::Female);
  CHECK(gender_from_id("370303200405121237") == Gender::Male);
  CHECK(gender_from_id("3703032004051212") == Gender::Unknown);
  CHECK(birth_date_from_id("370303200405121237") == "20040512");
  CHECK(birth_date_from_id("3703032004").empty());
  CHECK(id_number_check_char("11010519491231002") == 'X');
}

TEST_CASE("nation codes 01..56 are not off by one") {
  CHECK(nation_name("01") == "汉");
  CHECK(nation_name("02") == "蒙古");
  CHECK(nation_name("03") == "回");
  CHECK(nation_name("56") == "基诺");
  CHECK(nation_name("57").empty());
  CHECK(nation_name("00").empty());
  CHECK(nation_name("1").empty());
}

TEST_CASE("a resident card round-trips and trims its padding") {
  const Bytes block = encode_text_block(resident());
  REQUIRE(block.size() == 256);
  CHECK(block[248] == ' ');
  auto id = parse_text_block(block, "20260601");
  REQUIRE(id.ok());
  CHECK(id->name == CardName{"张伟"});
  CHECK(id->gender == Gender::Male);
  CHECK(id->nation_code == "01");
  CHECK(id->birth_date == "20040512");
  CHECK(id->address == "山东省淄博市张店区新村西路266号");
  CHECK(id->id_number == "370303200405121237");
  CHECK(id->authority == "淄博市公安局张店分局");
  CHECK(id->valid_from == "20200101");
  CHECK(id->valid_to == "20400101");
  CHECK(id->type == CardType::Resident);
  CHECK(id->warnings.empty());
}

TEST_CASE("the fields sit at the documented byte offsets") {
  const Bytes block = encode_text_block(resident());
  CHECK(utf8_from_ucs2le(std::span(block).subspan(30, 2)) == "1");
  CHECK(utf8_from_ucs2le(std::span(block).subspan(32, 4)) == "01");
  CHECK(utf8_from_ucs2le(std::span(block).subspan(36, 16)) == "20040512");
  CHECK(utf8_from_ucs2le(std::span(block).subspan(122, 36)) == "370303200405121237");
  CHECK(utf8_from_ucs2le(std::span(block).subspan(188, 16)) == "20200101");
  CHECK(utf8_from_ucs2le(std::span(block).subspan(204, 16)) == "20400101");
}

TEST_CASE("长期 validity, expired cards and not-yet-valid cards") {
  CardIdentity c = resident();
  c.valid_to = "长期";
  auto id = parse_text_block(encode_text_block(c), "20990101");
  REQUIRE(id.ok());
  CHECK(id->valid_to == "长期");
  CHECK(id->warnings.empty());

  c.valid_to = "20250101";
  id = parse_text_block(encode_text_block(c), "20260601");
  REQUIRE(id.ok());  // a warning the photographer sees, not an error
  REQUIRE(id->warnings.size() == 1);
  CHECK(id->warnings[0] == gradbooth::Bilingual{"证件已过期（有效期至 2025-01-01）", "card expired on 2025-01-01"});

  c = resident();
  c.valid_from = "20270101";
  id = parse_text_block(encode_text_block(c), "20260601");
  CHECK(has_warning(*id, "尚未生效"));
  CHECK(has_warning(*id, "2027-01-01"));

  // A damaged start date (found by fuzz_textblock): shown as it is, never cut inside a character.
  c.valid_from = "202‰01";
  id = parse_text_block(encode_text_block(c), "20260601");
  REQUIRE(id.ok());
  CHECK(has_warning(*id, "card is valid only from 202‰01"));
  CHECK(dashed_date("202‰01") == "202‰01");
  CHECK(dashed_date("2027010A") == "2027010A");
}

TEST_CASE("ID number inconsistent with birth date, gender or checksum gives warnings") {
  CardIdentity c = resident();
  c.id_number = "370303200405121238";
  auto id = parse_text_block(encode_text_block(c), "20260601");
  REQUIRE(id.ok());
  CHECK(has_warning(*id, "校验位"));

  c = resident();
  c.birth_date = "20040513";
  id = parse_text_block(encode_text_block(c), "20260601");
  CHECK(has_warning(*id, "出生日期"));

  c = resident();
  c.gender = Gender::Female;  // sequence 123 is odd: male
  id = parse_text_block(encode_text_block(c), "20260601");
  CHECK(has_warning(*id, "性别"));

  c = resident();
  c.id_number = "11010519491231002x";  // lower-case x is accepted and normalised
  c.birth_date = "19491231";
  c.gender = Gender::Female;
  id = parse_text_block(encode_text_block(c), "20260601");
  CHECK(id->id_number == "11010519491231002X");
  CHECK(id->warnings.empty());
}

TEST_CASE("'J' Hong Kong/Macao/Taiwan residence permit") {
  CardIdentity c = resident();
  c.type = CardType::HkMoTwPermit;
  c.name = {"陈家豪"};
  c.birth_date = "19990101";
  c.id_number = "810000199901010057";
  c.permit_number = "H12345678";
  const Bytes block = encode_text_block(c);
  CHECK(block[248] == 'J');
  CHECK(utf8_from_ucs2le(std::span(block).subspan(220, 18)) == "H12345678");
  CHECK(utf8_from_ucs2le(std::span(block).subspan(238, 4)) == "01");
  auto id = parse_text_block(block, "20260601");
  REQUIRE(id.ok());
  CHECK(id->type == CardType::HkMoTwPermit);
  CHECK(id->permit_number == "H12345678");
  CHECK(id->id_number == "810000199901010057");
  CHECK(id->warnings.empty());
}

TEST_CASE("'I' foreigner's permanent residence card has its own layout") {
  const CardIdentity c{.name = {"约翰", "SMITH, JOHN"},
                       .nation_code = "USA",
                       .birth_date = "19950310",
                       .authority = "1500",
                       .valid_from = "20200101",
                       .valid_to = "20300101",
                       .permit_number = "USA110095031001",
                       .gender = Gender::Male,
                       .type = CardType::ForeignerPermanent};
  Bytes block = encode_text_block(c);
  // The English name goes first in this layout.
  CHECK(utf8_from_ucs2le(std::span(block).subspan(0, 22)) == "SMITH, JOHN");
  CHECK(block[248] == 'I');
  CHECK(utf8_from_ucs2le(std::span(block).subspan(122, 30)) == "USA110095031001");
  auto id = parse_text_block(block, "20260601");
  REQUIRE(id.ok());
  CHECK(id->type == CardType::ForeignerPermanent);
  CHECK(id->name.chinese == "约翰");
  CHECK(id->name.english == "SMITH, JOHN");
  CHECK(id->name.shown() == "约翰 (SMITH, JOHN)");
  CHECK(id->permit_number == "USA110095031001");
  CHECK(id->birth_date == "19950310");
  CHECK(id->gender == Gender::Male);
  CHECK(id->warnings.empty());
}

TEST_CASE("'Y' 2023 foreigner card keeps the resident offsets") {
  CardIdentity c = resident();
  c.type = CardType::ForeignerPermanent2023;
  c.id_number = "933840199503101234";
  const Bytes block = encode_text_block(c);
  CHECK(block[248] == 'Y');
  auto id = parse_text_block(block, "20260601");
  REQUIRE(id.ok());
  CHECK(id->type == CardType::ForeignerPermanent2023);
  CHECK(id->permit_number == "933840199503101234");
  CHECK(id->name == CardName{"张伟"});
}

TEST_CASE("UCS-2 edge cases: rare characters, full width, no padding, surrogates") {
  CardIdentity c = resident();
  c.name = {"李䶮"};  // U+4DAE, in the BMP but outside GB2312
  auto id = parse_text_block(encode_text_block(c), "20260601");
  CHECK(id->name.chinese == "李䶮");
  const Bytes rare = ucs2le_from_utf8("䶮");
  CHECK(rare == Bytes{0xAE, 0x4D});

  c.name = {"阿卜杜热合曼·买买提依明江别克"};  // exactly 15 characters: no padding at all
  const Bytes block = encode_text_block(c);
  CHECK(block[28] != ' ');
  id = parse_text_block(block, "20260601");
  CHECK(id->name.chinese == "阿卜杜热合曼·买买提依明江别克");

  c.name = {"ＡＢＣ　王　"};  // full-width letters; full-width space padding trimmed at the end only
  id = parse_text_block(encode_text_block(c), "20260601");
  CHECK(id->name.chinese == "ＡＢＣ　王");

  c.address = "新疆维吾尔自治区乌鲁木齐市天山区幸福路街道１２３号";
  id = parse_text_block(encode_text_block(c), "20260601");
  CHECK(id->address == c.address);

  // A surrogate pair decodes; an unpaired one becomes U+FFFD instead of breaking UTF-8.
  CHECK(utf8_from_ucs2le(ucs2le_from_utf8("𠀀")) == "𠀀");
  const Bytes lone = {0x00, 0xD8, 0x41, 0x00};
  CHECK(utf8_from_ucs2le(lone) ==
        "\xEF\xBF\xBD"
        "A");
  CHECK(trim_padding("  \xE3\x80\x80王\xE3\x80\x80  ") == "王");
  CHECK(trim_padding("    ").empty());
}

TEST_CASE("malformed blocks are errors, not crashes") {
  CHECK(parse_text_block(Bytes(255, 0x20)).error().code == "card.text.size");
  Bytes spaces;
  for (int i = 0; i < 128; ++i) {
    spaces.push_back(' ');
    spaces.push_back(0);
  }
  CHECK(parse_text_block(spaces).error().code == "card.text.empty");
  CHECK_FALSE(parse_text_block(Bytes(256, 0)).ok());
  CHECK(parse_text_block(Bytes(256, 0xFF), "20260601").ok());  // garbage text still parses, with warnings
}

TEST_CASE("read answer data: the length fields decide where the text is") {
  const Bytes text = encode_text_block(resident());
  const Bytes data = encode_read_data(text);
  CHECK(data.size() == 4 + 256 + 1024);
  auto t = text_from_read_data(data, false);
  REQUIRE(t.ok());
  CHECK(*t == text);
  Bytes with_fp = data;
  with_fp.insert(with_fp.begin() + 4, {0x00, 0x10});
  with_fp.resize(with_fp.size() + 16, 0);
  auto t2 = text_from_read_data(with_fp, true);
  REQUIRE(t2.ok());
  CHECK(*t2 == text);
  CHECK(text_from_read_data(Bytes(data.begin(), data.begin() + 200), false).error().code == "card.read.length");
  Bytes wrong = data;
  wrong[1] = 0x10;  // text length 0x0110
  CHECK_FALSE(text_from_read_data(wrong, false).ok());
  CHECK(text_from_read_data(Bytes{1}, false).error().code == "card.read.short");
}
