// Colour arithmetic the measures share: sRGB → CIELAB (D65) and the CIEDE2000 difference.
#pragma once

#include <opencv2/core.hpp>

namespace gradbooth::models {

// 8-bit sRGB (0..255 per channel, R G B order) → L* a* b* (L* 0..100).
cv::Vec3d srgb_to_lab(const cv::Vec3d &rgb);

// CIEDE2000 ΔE between two CIELAB colours (kL = kC = kH = 1).
double ciede2000(const cv::Vec3d &lab1, const cv::Vec3d &lab2);

}  // namespace gradbooth::models
