// The checks' thresholds: built-in defaults (tuned on the FGNet talking-face frames; each check
// declares its own in models/checks/, the live view's are in guidance.cpp) overridden by the
// [checks] table of config/gradbooth.toml.
#pragma once

#include "standard.h"

#include <gradbooth/result.h>

#include <string>
#include <string_view>

namespace gradbooth::models {

// One threshold a check (or the live view) reads: its [checks] key and its built-in default.
struct ThresholdDefault {
  std::string_view key;
  double value;
};

// Every threshold the verdict and the guidance read, with its default value.
const Thresholds &default_thresholds();

// `key` from `t`, else its built-in default (0 for a key nothing declares).
double threshold_or_default(const Thresholds &t, std::string_view key);

// `base` overlaid with the [checks] table of `toml_text` (nested tables flatten to dotted keys:
// `pose_yaw = { max = 8 }`, `pose_yaw.max = 8` and `"pose_yaw.max" = 8` all give "pose_yaw.max").
// A text with no [checks] table gives `base`; an unknown key or a non-number is an error (a typo
// must not silently keep a default). Layering used by the booth: defaults → the profile's
// [checks] (config/profiles/*.toml) → gradbooth.toml's [checks].
Result<Thresholds> parse_thresholds(std::string_view toml_text, const Thresholds &base = default_thresholds());

// [standard]'s defaults: the profile beside the config file, Debian's libdlib-data model.
inline constexpr const char *kDefaultProfilePath = "profiles/xinhua-960x1280.toml";
inline constexpr const char *kDefaultLandmarkModel = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

// The [standard] section of gradbooth.toml: where the profile and the landmark model are.
struct StandardConfig {
  std::string profile_path;         // as written (relative to the config file's folder)
  std::string landmark_model_path;  // absolute
  Thresholds thresholds;
};
Result<StandardConfig> parse_standard_config(std::string_view toml_text);

}  // namespace gradbooth::models
