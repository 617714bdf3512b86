// Synthetic JPEGs for byte-exact camera tests: made in code, never committed.
#pragma once

#include "temp_folder.h"

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

namespace gradbooth::camera::testing {

using Bytes = std::vector<std::uint8_t>;

// A picture that differs from frame to frame (hue, a moving box, sensor-like noise).
inline cv::Mat synthetic_picture(int width, int height, int index, double noise = 8.0) {
  cv::Mat img(height, width, CV_8UC3, cv::Scalar(40 + 20 * (index % 8), 120, 200 - 15 * (index % 8)));
  cv::rectangle(img, cv::Rect((index * 37) % (width / 2), height / 4, width / 3, height / 2), cv::Scalar(30, 200, 60), cv::FILLED);
  cv::putText(img, std::to_string(index), {width / 10, height / 5}, cv::FONT_HERSHEY_SIMPLEX, height / 150.0, cv::Scalar(255, 255, 255),
              std::max(1, height / 120));
  cv::Mat n(img.size(), CV_8UC3);
  cv::randn(n, cv::Scalar::all(0), cv::Scalar::all(noise));
  img += n;
  return img;
}

inline Bytes encode(const cv::Mat &img, int quality) {
  Bytes out;
  cv::imencode(".jpg", img, out, {cv::IMWRITE_JPEG_QUALITY, quality});
  return out;
}

inline void write_bytes(const std::filesystem::path &p, const Bytes &b) {
  std::ofstream(p, std::ios::binary).write(reinterpret_cast<const char *>(b.data()), static_cast<std::streamsize>(b.size()));
}

inline Bytes read_bytes(const std::filesystem::path &p) {
  std::ifstream in(p, std::ios::binary);
  return Bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
}

// n live-view frames of width×height in dir, named in serving order.
inline std::vector<Bytes> make_liveview_dir(const std::filesystem::path &dir, int n, int width = 640, int height = 426) {
  std::filesystem::create_directories(dir);
  std::vector<Bytes> frames;
  for (int i = 0; i < n; ++i) {
    frames.push_back(encode(synthetic_picture(width, height, i), 80));
    char name[32];
    std::snprintf(name, sizeof name, "lv_%03d.jpg", i);
    write_bytes(dir / name, frames.back());
  }
  return frames;
}

// Capture files (camera originals) of the given sizes, named in serving order.
inline std::vector<Bytes> make_capture_dir(const std::filesystem::path &dir, const std::vector<cv::Size> &sizes, int quality = 95,
                                           double noise = 8.0) {
  std::filesystem::create_directories(dir);
  std::vector<Bytes> files;
  for (std::size_t i = 0; i < sizes.size(); ++i) {
    files.push_back(encode(synthetic_picture(sizes[i].width, sizes[i].height, static_cast<int>(100 + i), noise), quality));
    char name[32];
    std::snprintf(name, sizeof name, "cap_%03zu.jpg", i);
    write_bytes(dir / name, files.back());
  }
  return files;
}

using TempDir = gradbooth::test::TempFolder;  // a fresh scratch folder, removed at the end

}  // namespace gradbooth::camera::testing
