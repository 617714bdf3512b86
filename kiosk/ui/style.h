// The booth's look: large type, high contrast, big touch targets (one CSS sheet).
#pragma once

namespace gradbooth::ui {
void apply_style();
}
