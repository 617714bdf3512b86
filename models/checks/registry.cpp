#include "checks/registry.h"

namespace gradbooth::models {
namespace checks {
// Defined in this folder: each in its own file, or a family of alike checks in one
// (face_measures.cpp, framing.cpp, shoulders.cpp, photo_measures.cpp).
extern const Check faces, orientation, pose_yaw, pose_pitch, pose_roll, eyes_open, mouth_closed, ear_symmetry, head_top, eye_line,
    face_width, chin, shoulders_visible, shoulders_level, background_colour, background_uniform, light_balance, exposure, highlights,
    sharpness, red_eye, glasses_glare, crop_fits, resolution, upscale, file_size;
}  // namespace checks

namespace {

const Check *const kReportOrder[] = {
    &checks::faces,
    &checks::orientation,
    &checks::pose_yaw,
    &checks::pose_pitch,
    &checks::pose_roll,
    &checks::eyes_open,
    &checks::mouth_closed,
    &checks::ear_symmetry,
    &checks::head_top,  // the framing windows, judged on the rendered photo
    &checks::eye_line,
    &checks::face_width,
    &checks::chin,
    &checks::shoulders_visible,
    &checks::shoulders_level,
    &checks::background_colour,
    &checks::background_uniform,
    &checks::light_balance,
    &checks::exposure,
    &checks::highlights,
    &checks::sharpness,
    &checks::red_eye,
    &checks::glasses_glare,
    &checks::crop_fits,
    &checks::resolution,
    &checks::upscale,
    &checks::file_size,
};

}  // namespace

std::span<const Check *const> check_registry() { return kReportOrder; }

}  // namespace gradbooth::models
