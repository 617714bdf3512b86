// Test data made in code: a JPEG that passes SPEC §5's file rules (960×1280, 300 dpi JFIF,
// 3 components, 563,200–650,000 bytes) without being a real photo, and small "camera originals".
#pragma once

#include <cstdint>
#include <vector>

namespace gradbooth::test {

// Deterministic for a seed; ~600 KB. Quality is searched so the size lands in the window.
std::vector<std::uint8_t> spec_like_jpeg(unsigned seed = 1);
// A small valid JPEG (w×h, noisy), e.g. to stand in for a camera original.
std::vector<std::uint8_t> small_jpeg(int w, int h, unsigned seed = 1, int quality = 90);

}  // namespace gradbooth::test
