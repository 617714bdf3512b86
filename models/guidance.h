// Live-view guidance: the one hint the booth shows over the preview right now.
// Left/right are the STUDENT's own (the camera faces them, so the student's left is image-right):
// the kiosk can print the text as is, whether or not it mirrors the preview.
#pragma once

#include "face_geometry.h"

#include <optional>
#include <string>
#include <string_view>

namespace gradbooth::models {

enum class Hint {
  NoFace,      // nobody in view
  ManyFaces,   // more than one face: only the student in front of the camera
  MoveCloser,
  MoveBack,
  MoveLeft,    // student moves to their own left
  MoveRight,
  TurnLeft,    // student turns their head towards their own left
  TurnRight,
  TiltLeft,    // student tilts their head towards their own left shoulder
  TiltRight,
  ChinUp,
  ChinDown,
  OpenEyes,
  CloseMouth,
  HoldStill,   // face moving between frames
  Ready,       // all good: the countdown may start
};

struct Guidance {
  Hint hint = Hint::NoFace;
  std::string text_zh, text_en;
  std::optional<FaceLandmarks> face;  // landmarks in the preview frame's coordinates, for overlays
};

// Stable machine name ("no_face", "move_closer", …) for logs and tests.
std::string_view hint_name(Hint h);

// A Guidance for `h` with its texts filled in.
Guidance make_guidance(Hint h, std::optional<FaceLandmarks> face = std::nullopt);

} // namespace gradbooth::models
