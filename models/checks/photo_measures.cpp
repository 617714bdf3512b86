// What the photo shows (image/pixel_measures.h), each measure against one threshold of
// [checks]: background_colour, background_uniform, light_balance, highlights, sharpness,
// red_eye, glasses_glare. One family: read off the pixels, unmeasured without a photo.
#include "checks/check.h"

#include <cstddef>

namespace gradbooth::models::checks {
namespace {

// The defaults are repeated (and may be changed) per standard in config/profiles/*.toml.
constexpr MeasureRule<PixelMeasures> kRules[] = {
    // CIEDE2000 of the mean background to the reference.
    {{"background_colour",
      {"background_delta_e.max", 12.0},
      Bound::AtMost,
      "ΔE2000 ≤ %.0f",
      {"背景颜色不符合要求（应为浅蓝色），请工作人员检查背景布和灯光。",
       "The background is not the required light blue: ask the photographer to check the backdrop and lights."},
      {}},
     [](const PixelMeasures &x) { return x.background_delta_e; }},
    // The worst background cell against the typical one.
    {{"background_uniform",
      {"background_unevenness.max", 10.0},
      Bound::AtMost,
      "worst cell ΔE ≤ %.0f",
      {"背景不均匀或有阴影，请离背景稍远一点，或请工作人员调整灯光。",
       "The background is uneven or shadowed: sit a little further from it, or ask for the lights to be adjusted."},
      {}},
     [](const PixelMeasures &x) { return x.background_unevenness; }},
    // Darker cheek / brighter cheek (阴阳脸).
    {{"light_balance",
      {"light_ratio.min", 0.80},
      Bound::AtLeast,
      "darker/brighter cheek ≥ %.2f",
      {},
      {"脸部左右光线不均（阴阳脸），请正对灯光，或请工作人员调整灯光。",
       "One side of your face is much darker than the other: face the lights, or ask for them to be adjusted."}},
     [](const PixelMeasures &x) { return x.light_ratio; }},
    // Share of clipped face pixels.
    {{"highlights",
      {"highlight_fraction.max", 0.02},
      Bound::AtMost,
      "clipped share ≤ %.3f",
      {"脸上有过亮的反光，请擦去脸上的油光，或请工作人员调整灯光。",
       "There are blown-out highlights on your face: blot the shine, or ask for the lights to be adjusted."},
      {}},
     [](const PixelMeasures &x) { return x.highlight_fraction; }},
    // Laplacian variance on the face at 128 px width.
    {{"sharpness",
      {"sharpness.min", 40.0},
      Bound::AtLeast,
      "≥ %.0f",
      {},
      {"照片不够清晰，请保持不动，重新对焦后重拍。", "The photo is not sharp: hold still and retake after the camera focuses."}},
     [](const PixelMeasures &x) { return x.sharpness; }},
    // Share of strongly red pupil pixels.
    {{"red_eye",
      {"red_eye.max", 0.15},
      Bound::AtMost,
      "≤ %.2f",
      {"出现红眼，请工作人员调整闪光灯后重拍。", "Red-eye is visible: ask the photographer to adjust the flash and retake."},
      {}},
     [](const PixelMeasures &x) { return x.red_eye; }},
    // Near-white pixels over the eyes / lenses.
    {{"glasses_glare",
      {"glare_fraction.max", 0.02},
      Bound::AtMost,
      "specular share ≤ %.3f",
      {"眼镜有反光，请微微调整眼镜角度或摘下眼镜后重拍。",
       "Your glasses reflect the light: tilt them slightly or take them off, and retake."},
      {}},
     [](const PixelMeasures &x) { return x.glare_fraction; }},
};

template <std::size_t I> constexpr Check check() {
  return {kRules[I].rule.id, {&kRules[I].rule.threshold, 1}, evaluate_rule<PixelMeasures, kRules, I, pixels_of, kNoPhoto>};
}

}  // namespace

extern const Check background_colour = check<0>(), background_uniform = check<1>(), light_balance = check<2>(), highlights = check<3>(),
                   sharpness = check<4>(), red_eye = check<5>(), glasses_glare = check<6>();

}  // namespace gradbooth::models::checks
