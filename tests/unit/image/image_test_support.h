// Helpers shared by the image tests: files, synthetic pictures, and a JPEG marker walker that
// checks output files byte by byte.
#pragma once

#include "pictures.h"

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace image_test {

inline std::vector<std::uint8_t> read_file(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

inline std::filesystem::path env_path(const char *name) {
  const char *v = std::getenv(name);
  return v ? std::filesystem::path(v) : std::filesystem::path();
}

// Test data fetched by ./gradbooth.sh setup; absent → the whole binary is skipped (exit 77).
inline std::filesystem::path testdata_or_skip(const std::string &rel) {
  const auto p = env_path("GRADBOOTH_TESTDATA") / rel;
  if (!std::filesystem::exists(p)) {
    std::fprintf(stderr, "SKIP: %s is missing (run ./gradbooth.sh setup)\n", p.c_str());
    std::exit(77);
  }
  return p;
}

using gradbooth::test::synthetic_photo;

// One JPEG segment as found in the file.
struct Segment {
  std::uint8_t marker;
  std::size_t offset;                 // of the 0xFF
  std::vector<std::uint8_t> payload;  // after the 2-byte length (empty for SOI/EOI)
};

// Walks the header segments up to and including SOS, then checks the file ends in EOI.
inline std::vector<Segment> header_segments(const std::vector<std::uint8_t> &b, bool &ends_with_eoi) {
  std::vector<Segment> out;
  ends_with_eoi = b.size() >= 2 && b[b.size() - 2] == 0xFF && b.back() == 0xD9;
  if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8) return out;
  out.push_back({0xD8, 0, {}});
  std::size_t pos = 2;
  while (pos + 4 <= b.size() && b[pos] == 0xFF) {
    const std::uint8_t m = b[pos + 1];
    const std::size_t len = (std::size_t(b[pos + 2]) << 8) | b[pos + 3];
    if (len < 2 || pos + 2 + len > b.size()) break;
    out.push_back(
        {m, pos, std::vector<std::uint8_t>(b.begin() + static_cast<long>(pos + 4), b.begin() + static_cast<long>(pos + 2 + len))});
    if (m == 0xDA) break;
    pos += 2 + len;
  }
  return out;
}

}  // namespace image_test
