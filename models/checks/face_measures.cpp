// The face's own measures (measures/landmark_measures.h), each against one threshold of
// [checks]: pose_yaw, pose_pitch, pose_roll, eyes_open, mouth_closed, ear_symmetry. One family:
// read off the 68 landmarks, unmeasured unless exactly one face was found. Sign conventions are
// in landmark_measures.h; the advice is in the student's own left/right.
#include "checks/check.h"

#include <algorithm>
#include <cstddef>

namespace gradbooth::models::checks {
namespace {

// The thresholds' numbers were tuned on the FGNet talking-face frames.
constexpr MeasureRule<LandmarkMeasures> kRules[] = {
    {{"pose_yaw",
      {"pose_yaw.max", 8.0},
      Bound::MagnitudeAtMost,
      "|yaw| ≤ %.0f°",  // nose-tip symmetry (frontal ≤ 1.3°, turned ≥ 20°)
      {"头部向左转了，请向右转一点，正对镜头。", "Your head is turned to your left: turn a little to your right and face the camera."},
      {"头部向右转了，请向左转一点，正对镜头。", "Your head is turned to your right: turn a little to your left and face the camera."}},
     [](const LandmarkMeasures &f) { return f.yaw; }},
    {{"pose_pitch",
      {"pose_pitch.max", 15.0},
      Bound::MagnitudeAtMost,
      "|pitch| ≤ %.0f°",  // nose-tip drop below the eye line
      {"下巴抬得太高，请微微低头，平视镜头。", "Your chin is up: lower it a little and look straight at the camera."},
      {"头低得太多，请微微抬起下巴，平视镜头。", "Your head is down: raise your chin a little and look straight at the camera."}},
     [](const LandmarkMeasures &f) { return f.pitch; }},
    {{"pose_roll",
      {"pose_roll.max", 6.0},
      Bound::MagnitudeAtMost,
      "|roll| ≤ %.0f°",  // eye line
      {"头向左肩歪了，请把头摆正。", "Your head leans towards your left shoulder: hold it upright."},
      {"头向右肩歪了，请把头摆正。", "Your head leans towards your right shoulder: hold it upright."}},
     [](const LandmarkMeasures &f) { return f.roll; }},
    // Eye aspect ratio of the more closed eye (blinks ≤ 0.17, open ≥ 0.22).
    {{"eyes_open",
      {"eyes_open.min", 0.20},
      Bound::AtLeast,
      "eye aspect ratio ≥ %.2f",
      {},
      {"眼睛没有自然睁开，请睁开双眼，不要眨眼或眯眼。", "Your eyes are not fully open: open both eyes and try not to blink or squint."}},
     [](const LandmarkMeasures &f) { return std::min(f.ear_left, f.ear_right); }},
    // Inner-lip gap / mouth width (closed ≤ 0.05, smiles ≥ 0.09).
    {{"mouth_closed",
      {"mouth_closed.max", 0.07},
      Bound::AtMost,
      "lip gap / mouth width ≤ %.2f",
      {"嘴巴张开了，请自然闭合嘴唇，保持平静的表情。", "Your mouth is open: close your lips naturally and keep a neutral expression."},
      {}},
     [](const LandmarkMeasures &f) { return f.mouth_opening; }},
    // Narrower / wider half-face (frontal ≥ 0.97, turned ≤ 0.78).
    {{"ear_symmetry",
      {"ear_symmetry.min", 0.85},
      Bound::AtLeast,
      "≥ %.2f",
      {},
      {"两侧耳朵和脸颊不对称，请正对镜头，不要侧脸。", "Your ears and cheeks are not symmetric: face the camera squarely."}},
     [](const LandmarkMeasures &f) { return f.ear_symmetry; }},
};

template <std::size_t I> constexpr Check check() {
  return {kRules[I].rule.id, {&kRules[I].rule.threshold, 1}, evaluate_rule<LandmarkMeasures, kRules, I, only_face, kNoSingleFace>};
}

}  // namespace

extern const Check pose_yaw = check<0>(), pose_pitch = check<1>(), pose_roll = check<2>(), eyes_open = check<3>(),
                   mouth_closed = check<4>(), ear_symmetry = check<5>();

}  // namespace gradbooth::models::checks
