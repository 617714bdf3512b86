// Every check of the image standard, in report order (models/verdict.h lists it; reports and
// tests rely on it). The verdict, the thresholds' defaults and the stored measures read this
// table; nothing else names the checks.
#pragma once

#include "checks/check.h"

#include <span>

namespace gradbooth::models {

std::span<const Check *const> check_registry();

}  // namespace gradbooth::models
