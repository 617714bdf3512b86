// What the resident ID card (or a residence permit) says about its holder, decoded and checked.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace gradbooth::idcard {

enum class Gender { Unknown, Male, Female, Unstated };

// Byte 248 of the text block tells the layouts apart.
enum class CardType {
  Resident,               // ' ' second-generation resident identity card
  HkMoTwPermit,           // 'J' Hong Kong / Macao / Taiwan residence permit
  ForeignerPermanent,     // 'I' foreigner's permanent residence card (2017)
  ForeignerPermanent2023  // 'Y' foreigner's permanent residence card (2023)
};

struct CardIdentity {
  std::string name, nation_code, birth_date /*YYYYMMDD*/, address, id_number, authority,
      valid_from, valid_to /*YYYYMMDD or 长期*/, permit_number /*J pass no. / I,Y permit no.*/;
  Gender gender = Gender::Unknown;
  CardType type = CardType::Resident;
  // Shown to the photographer, never fatal: expired card, ID number inconsistent with the fields.
  std::vector<std::string> warnings;
};

// 370303********123X style: the first 6 and the last 4 characters stay, the rest become '*'.
std::string masked_id(const std::string &id_number);
// 男 / 女 / 未知 / 未说明
std::string gender_zh(Gender);
// GB 11643 check character over the first 17 digits; 'x' and 'X' are the same.
bool id_number_checksum_ok(std::string_view id);
// Name of the nationality for a GB 3304 code "01".."56" (汉, 蒙古, …); empty when unknown.
std::string nation_name(std::string_view code);
// "resident" / "hkmotw-permit" / "foreigner-permanent" / "foreigner-permanent-2023"
std::string card_type_name(CardType);

} // namespace gradbooth::idcard
