#include "booth/card_holder.h"

#include "idcard/card_identity.h"

namespace gradbooth::ui {

namespace {
core::Gender to_core(idcard::Gender g) {
  switch (g) {
  case idcard::Gender::Male: return core::Gender::Male;
  case idcard::Gender::Female: return core::Gender::Female;
  default: return core::Gender::Unknown;
  }
}
} // namespace

CardHolder card_holder(const idcard::CardIdentity &id) {
  CardHolder c;
  c.name = id.name;
  c.gender = to_core(id.gender);
  c.card_type = idcard::card_type_name(id.type);
  c.warnings = id.warnings;
  const bool foreigner = id.type == idcard::CardType::ForeignerPermanent ||
                         id.type == idcard::CardType::ForeignerPermanent2023;
  // A permit holder's roster row carries the permit number (学信网 registers them by it); a 'J'
  // card's holder has a mainland-style 18-digit number printed on the card, as residents do.
  c.roster_id = foreigner && !id.permit_number.empty() ? id.permit_number : id.id_number;
  return c;
}

std::string warning_text(Lang lang, const std::string &warning) {
  const auto at = warning.find(" / ");
  if (at == std::string::npos) return warning;
  return lang == Lang::En ? warning.substr(at + 3) : warning.substr(0, at);
}

} // namespace gradbooth::ui
