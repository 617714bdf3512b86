// Helpers shared by the image tests: files, synthetic pictures, and a JPEG marker walker that
// checks output files byte by byte.
#pragma once

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

// A picture with structure at every scale: gradients, edges, text-like strokes and (when
// `grain` > 0) sensor-like noise, deterministic for a given seed.
inline cv::Mat synthetic_photo(cv::Size size, double grain, unsigned seed = 7) {
  cv::Mat img(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y)
    for (int x = 0; x < size.width; ++x)
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<std::uint8_t>(255 * x / size.width),
                                          static_cast<std::uint8_t>(255 * y / size.height),
                                          static_cast<std::uint8_t>(128 + 100 * std::sin(x * 0.05 + y * 0.03)));
  const int r = std::max(4, size.width / 8);
  cv::circle(img, {size.width / 2, size.height / 2}, r, cv::Scalar(40, 80, 200), -1);
  cv::rectangle(img, cv::Rect(size.width / 10, size.height / 10, size.width / 5, size.height / 6), cv::Scalar(250, 250, 250), -1);
  for (int i = 0; i < 12; ++i)
    cv::line(img, {0, i * size.height / 12}, {size.width, size.height - i * size.height / 12}, cv::Scalar(0, 0, 0), 1);
  // Optics: nothing in a photo is sharper than the lens makes it.
  cv::GaussianBlur(img, img, cv::Size(), 1.5);
  if (grain > 0) {
    cv::Mat noise(size, CV_16SC3);
    cv::theRNG().state = seed;
    cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(grain));
    cv::Mat wide;
    img.convertTo(wide, CV_16SC3);
    wide += noise;
    wide.convertTo(img, CV_8UC3);
  }
  return img;
}

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
    out.push_back({m, pos, std::vector<std::uint8_t>(b.begin() + static_cast<long>(pos + 4),
                                                     b.begin() + static_cast<long>(pos + 2 + len))});
    if (m == 0xDA) break;
    pos += 2 + len;
  }
  return out;
}

} // namespace image_test
