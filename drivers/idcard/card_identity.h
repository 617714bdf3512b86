// What the resident ID card (or a residence permit) says about its holder, decoded and checked.
#pragma once

#include "gradbooth/bilingual.h"
#include "idcard/gb11643.h"

#include <string>
#include <string_view>
#include <vector>

namespace gradbooth::idcard {

// Byte 248 of the text block tells the layouts apart.
enum class CardType {
  Resident,               // ' ' second-generation resident identity card
  HkMoTwPermit,           // 'J' Hong Kong / Macao / Taiwan residence permit
  ForeignerPermanent,     // 'I' foreigner's permanent residence card (2017)
  ForeignerPermanent2023  // 'Y' foreigner's permanent residence card (2023)
};

// The holder's name as the card prints it. Every layout has a Chinese name; the 2017
// foreigner's card adds an English one (and may carry only that). Kept apart so a roster that
// holds either can be matched without taking a joined string to pieces.
struct CardName {
  std::string chinese = {};
  std::string english = {};  // defaulted: {"张伟"} is a resident's whole name

  bool empty() const { return chinese.empty() && english.empty(); }
  // For screens and printouts: "约翰 (SMITH, JOHN)", "张伟" or "SMITH, JOHN".
  std::string shown() const;
  bool operator==(const CardName &) const = default;
};

// Every member defaulted, so a card can be written as a designated initializer of the fields it has.
struct CardIdentity {
  CardName name = {};
  std::string nation_code = {}, birth_date = {} /*YYYYMMDD*/, address = {}, id_number = {}, authority = {}, valid_from = {},
              valid_to = {} /*YYYYMMDD or 长期*/, permit_number = {} /*J pass no. / I,Y permit no.*/;
  Gender gender = Gender::Unknown;
  CardType type = CardType::Resident;
  // Shown to the photographer, never fatal: expired card, ID number inconsistent with the fields.
  std::vector<Bilingual> warnings = {};
};

// Not empty and every character 0–9 (a card's dates, the digits of an ID number).
bool all_digits(std::string_view s);
// "2030-01-01" for a card's "20300101"; anything but eight digits (长期, a damaged field) as it is.
std::string dashed_date(const std::string &yyyymmdd);
// Name of the nationality for a GB 3304 code "01".."56" (汉, 蒙古, …); empty when unknown.
std::string nation_name(std::string_view code);
// "resident" / "hkmotw-permit" / "foreigner-permanent" / "foreigner-permanent-2023"
std::string card_type_name(CardType);
// 居民身份证 / 港澳台居民居住证 / 外国人永久居留身份证 / 外国人永久居留身份证（2023版）
std::string card_type_zh(CardType);

}  // namespace gradbooth::idcard
