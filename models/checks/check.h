// One rule of the image standard as a module, as OFIQ does with its measures: a stable id, the
// [checks] thresholds it reads with their built-in defaults, and evaluate(), which turns the
// measurements into one verdict line with the sentence (zh/en) telling the student what to do.
// Each check is one file of this folder defining `extern const Check <id>{...}`; registry.cpp
// lists them in report order. Adding a check is adding a file and one line of that table.
#pragma once

#include "thresholds.h"
#include "verdict.h"

#include <gradbooth/bilingual.h>

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gradbooth::models {

struct Check {
  std::string_view id;
  std::span<const ThresholdDefault> thresholds;  // the [checks] keys it reads, with defaults
  CheckResult (*evaluate)(const Measurements &, const Standard &);
  // Whether this photo's report carries the check at all (nullptr: always).
  bool (*reported)(const Measurements &, const Standard &) = nullptr;
};

// What the check files share.
namespace checks {

// One verdict line; the reason is kept only when the check fails.
CheckResult judged(std::string_view id, bool pass, double value, std::string limit, const Bilingual &reason,
                   bool hard = true);
// A rule that could not be measured (no face, no photo): failing, saying why.
CheckResult unmeasured(std::string_view id, const Bilingual &why);

// A threshold of the standard, else its built-in default.
double threshold(const Standard &s, std::string_view key);

// printf-style text of a limit ("|yaw| ≤ 8°").
std::string limit_text(const char *format, double a);
std::string limit_text(const char *format, double a, double b);
// A window of the photo in pixels ("400–600 px").
std::string window_text(Range r);

// The landmark measures of the only face, nullptr unless exactly one face was found.
const LandmarkMeasures *only_face(const Measurements &m);

extern const Bilingual kNoSingleFace;  // the face measures need exactly one face
extern const Bilingual kNoPhoto;       // the photo's measures need a rendered photo

// The framing windows are judged on the rendered photo. Without one, each is unmeasured; the
// one the planner gave up on carries the planner's reason. Empty when there is a photo.
std::optional<CheckResult> framing_without_photo(std::string_view id, const Measurements &m);

} // namespace checks
} // namespace gradbooth::models
