// The card on the reader as the booth needs it: who (for the roster), what kind of card, and the
// reader's warnings for the photographer. Built once from the driver's CardIdentity, so the
// workflow and the screens never see the card layouts.
#pragma once

#include "booth/catalogue.h"
#include "core/id_number.h"

#include <string>
#include <vector>

namespace gradbooth::idcard {
struct CardIdentity;
}

namespace gradbooth::ui {

struct CardHolder {
  std::string name;
  core::Gender gender = core::Gender::Unknown;
  // What the roster's 身份证号 column holds for this card: the 18-digit number on resident and
  // 'J' cards, the permit number on 'I' / 'Y' foreigners' cards.
  std::string roster_id;
  std::string card_type;              // idcard::card_type_name: "resident", "hkmotw-permit", …
  std::vector<std::string> warnings;  // "中文 / English": expired card, ID number inconsistent…
};

CardHolder card_holder(const idcard::CardIdentity &id);

// One reader warning ("中文 / English") in the panel's language; the whole text when it has no
// English half.
std::string warning_text(Lang lang, const std::string &warning);

} // namespace gradbooth::ui
