// Live-view guidance: the one hint the booth shows over the preview right now.
// Left/right are the STUDENT's own (the camera faces them, so the student's left is image-right):
// the kiosk can print the text as is, whether or not it mirrors the preview.
#pragma once

#include "face_geometry.h"
#include "image/crop_plan.h"
#include "measures/landmark_measures.h"
#include "standard.h"
#include "thresholds.h"

#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace gradbooth::models {

enum class Hint {
  NoFace,     // nobody in view
  ManyFaces,  // more than one face: only the student in front of the camera
  MoveCloser,
  MoveBack,
  MoveLeft,  // student moves to their own left
  MoveRight,
  TurnLeft,  // student turns their head towards their own left
  TurnRight,
  TiltLeft,  // student tilts their head towards their own left shoulder
  TiltRight,
  ChinUp,
  ChinDown,
  OpenEyes,
  CloseMouth,
  CheckHair,  // hair so high (a bun, volume) that no crop meets the standard: fix before the shot
  HoldStill,  // face moving between frames
  Ready,      // all good: the countdown may start
};

struct Guidance {
  Hint hint = Hint::NoFace;
  std::string text_zh, text_en;
  std::optional<FaceLandmarks> face;  // landmarks in the preview frame's coordinates, for overlays
  std::optional<cv::Rect2d> crop;     // where the standard photo would be cut, preview coordinates
};

// Stable machine name ("no_face", "move_closer", …) for logs and tests.
std::string_view hint_name(Hint h);

// The live view's own thresholds (guide.*) with their defaults; it also reads the pose, eyes and
// mouth checks' thresholds.
std::span<const ThresholdDefault> guidance_thresholds();

// A Guidance for `h` with its texts filled in.
Guidance make_guidance(Hint h, std::optional<FaceLandmarks> face = std::nullopt);

}  // namespace gradbooth::models

namespace gradbooth::models {

// ---- the decision, pure (the Analyzer feeds it; tests drive it directly) ----

struct GuideInput {
  int face_count = 0;
  FaceLandmarks face;                // the largest face, frame coordinates
  LandmarkMeasures measures;         // of `face`
  cv::Size frame;                    // preview size
  std::optional<cv::Rect> previous;  // landmark_bounds() of the previous frame's face, if any
  CropPlan plan;                     // plan_on_preview() of `face` on this frame
};

// Bounding box of the 68 landmarks: steadier between frames than the detector's box, whose
// position moves in steps of the HOG cell size.
cv::Rect landmark_bounds(const FaceLandmarks &face);

// The first problem in the order a photographer would fix them: who is in view, where they sit,
// how they hold their head, eyes, mouth, stillness.
Hint choose_hint(const GuideInput &in, const Standard &standard);

// The crop planner's answer for this preview frame: the same planner and profile as the capture,
// fed from the landmarks alone (the crown estimated from brows and chin: the live view has no time
// for a hair search). Live hints come from it, so "move back / come closer / move left" and the
// capture's framing checks agree.
CropPlan plan_on_preview(const FaceLandmarks &face, cv::Size frame, const StandardProfile &profile);

}  // namespace gradbooth::models
