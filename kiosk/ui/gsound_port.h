// The real SoundPort: GSound (libcanberra) plays the freedesktop sound theme's events. A booth
// without a sound card (or without the theme) stays silent: one line on stderr, never an error.
#pragma once

#include "booth/sound.h"

#include <memory>

namespace gradbooth::ui {

// Null when GSound cannot start at all (said on stderr).
std::unique_ptr<SoundPort> make_gsound_port();

}  // namespace gradbooth::ui
