// The card on the reader as the booth needs it: who (for the roster), what kind of card, and the
// reader's warnings for the photographer. Built once from the driver's CardIdentity, so the
// workflow and the screens never see the card layouts.
#pragma once

#include "booth/catalogue.h"
#include "core/id_number.h"
#include "idcard/card_identity.h"

#include <gradbooth/bilingual.h>

#include <string>
#include <vector>

namespace gradbooth::ui {

struct CardHolder {
  idcard::CardName name;
  core::Gender gender = core::Gender::Unknown;  // Male, Female or Unknown (a card that states none)
  // What the roster's 身份证号 column holds for this card: the 18-digit number on resident and
  // 'J' cards, the permit number on 'I' / 'Y' foreigners' cards.
  std::string roster_id;
  std::string card_type;            // idcard::card_type_name: "resident", "hkmotw-permit", …
  std::vector<Bilingual> warnings;  // expired card, ID number inconsistent…
};

CardHolder card_holder(const idcard::CardIdentity &id);

// One reader warning in the panel's language (the other half when that one is empty).
const std::string &warning_text(Lang lang, const Bilingual &warning);

}  // namespace gradbooth::ui
