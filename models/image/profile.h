// Image-standard profiles (config/profiles/*.toml) as data. Pure: TOML text in, profile out;
// reading the file is the caller's.
#pragma once

#include <gradbooth/result.h>
#include <standard.h>

#include <string_view>

namespace gradbooth::models {

Result<StandardProfile> parse_profile(std::string_view toml_text);

// The profile plus its [checks] table of thresholds ("pose_yaw.max" → 5.0).
Result<Standard> parse_standard(std::string_view toml_text);

}  // namespace gradbooth::models
