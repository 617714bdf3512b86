// From a loaded gradbooth.toml to what the photo checks need: the one way the daemon, `check`
// and `batch` set up models::Analyzer, so a photo gets the same verdict wherever it is checked.
#pragma once

#include "config.h"

#include <gradbooth/result.h>
#include <standard.h>

#include <string>

namespace gradbooth::core {

struct BoothSetup {
  Config config;
  models::Standard standard;   // the profile, its thresholds layered: defaults → profile → config
  std::string landmark_model;  // [standard].landmark_model, else Debian's dlib-data path
};

// Reads `config`'s image-standard profile ([standard].profile, else the models' default beside
// the config file) and layers the thresholds: built-in defaults → the profile's [checks] →
// gradbooth.toml's [checks]. Errors are "config.profile" and name the profile.
Result<BoothSetup> booth_setup(Config config);

}  // namespace gradbooth::core
