// One rule of the image standard as a module, as OFIQ does with its measures: a stable id, the
// [checks] thresholds it reads with their built-in defaults, and evaluate(), which turns the
// measurements into one verdict line with the sentence (zh/en) telling the student what to do.
// Each check is defined in this folder as `extern const Check <id>`, in a file of its own or in
// its family's table of rules; registry.cpp lists them in report order. Adding a check is adding
// a file (or a row to its family's table) and its line in the registry (name and table entry).
#pragma once

#include "thresholds.h"
#include "verdict.h"

#include <gradbooth/bilingual.h>

#include <cstddef>
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
CheckResult judged(std::string_view id, bool pass, double value, std::string limit, const Bilingual &reason, bool hard = true);
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
// The pixel measures, nullptr before any were made.
const PixelMeasures *pixels_of(const Measurements &m);

// A reason as it stands in a table of rules.
struct Text {
  const char *zh, *en;
};

// One measure against one [checks] threshold. `high` is the reason when the value is above the
// limit (for a |value| bound: positive), `low` when below (negative).
enum class Bound { AtMost, AtLeast, MagnitudeAtMost };
struct Rule {
  std::string_view id;
  ThresholdDefault threshold;
  Bound bound;
  const char *limit_format;  // printf format of the limit, given the threshold
  Text high, low;
};
CheckResult judge(const Rule &rule, double value, const Standard &s, bool hard = true);

// A rule of a family whose measures come from one `Source` (the face's landmark measures, the
// photo's pixel measures), with the accessor of its value.
template <class Source> struct MeasureRule {
  Rule rule;
  double (*value)(const Source &);
};

// The Check of rule I of a family's table: judged when `source(m)` has the family's measures,
// else unmeasured for `why`.
template <class Source, const auto &Rules, std::size_t I, const Source *(*source)(const Measurements &), const Bilingual &why>
CheckResult evaluate_rule(const Measurements &m, const Standard &s) {
  const Source *measures = source(m);
  return measures ? judge(Rules[I].rule, Rules[I].value(*measures), s) : unmeasured(Rules[I].rule.id, why);
}

extern const Bilingual kNoSingleFace;  // the face measures need exactly one face
extern const Bilingual kNoPhoto;       // the photo's measures need a rendered photo

// The framing windows are judged on the rendered photo. Without one, each is unmeasured; the
// one the planner gave up on carries the planner's reason. Empty when there is a photo.
std::optional<CheckResult> framing_without_photo(std::string_view id, const Measurements &m);

}  // namespace checks
}  // namespace gradbooth::models
