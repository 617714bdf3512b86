// The verdict is the check registry applied in order: each check decides whether this photo's
// report carries it and judges it (models/checks/).
#include "verdict.h"

#include "checks/registry.h"

namespace gradbooth::models {

std::vector<CheckResult> make_verdict(const Measurements &m, const Standard &standard) {
  std::vector<CheckResult> out;
  for (const Check *check : check_registry())
    if (!check->reported || check->reported(m, standard)) out.push_back(check->evaluate(m, standard));
  return out;
}

}  // namespace gradbooth::models
