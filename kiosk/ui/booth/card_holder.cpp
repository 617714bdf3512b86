#include "booth/card_holder.h"

namespace gradbooth::ui {

CardHolder card_holder(const idcard::CardIdentity &id) {
  CardHolder c;
  c.name = id.name;
  // A card whose holder did not state a sex ('9') has nothing to compare with the roster.
  c.gender = id.gender == core::Gender::Unstated ? core::Gender::Unknown : id.gender;
  c.card_type = idcard::card_type_name(id.type);
  c.warnings = id.warnings;
  const bool foreigner = id.type == idcard::CardType::ForeignerPermanent || id.type == idcard::CardType::ForeignerPermanent2023;
  // A permit holder's roster row carries the permit number (学信网 registers them by it); a 'J'
  // card's holder has a mainland-style 18-digit number printed on the card, as residents do.
  c.roster_id = foreigner && !id.permit_number.empty() ? id.permit_number : id.id_number;
  return c;
}

const std::string &warning_text(Lang lang, const Bilingual &warning) {
  const std::string &wanted = lang == Lang::En ? warning.en : warning.zh;
  return wanted.empty() ? (lang == Lang::En ? warning.zh : warning.en) : wanted;  // one half beats nothing
}

}  // namespace gradbooth::ui
