// The standard's output file, written with libjpeg directly so every byte is ours: baseline,
// 3 components at 4:4:4, JFIF 300×300 dpi, no ICC/EXIF/XMP, and a quality searched so the size
// lands in the profile's byte window. Never padding, never noise.
#pragma once

#include <gradbooth/result.h>
#include <standard.h>

#include <opencv2/core.hpp>

#include <cstdint>
#include <vector>

namespace gradbooth::models {

struct SpecJpeg {
  std::vector<std::uint8_t> bytes;
  int quality = 0;            // luma quality (libjpeg scale 1–100)
  bool under_window = false;  // best quality stays under the window (but >= the floor): say so
  int encodes = 0;            // how many encodes the quality search needed
  // Chroma quality: equal to `quality`, or one step above it when a whole step of both
  // overshoots the window (near q100 one step can grow the file by 20%).
  int chroma_quality = 0;
};

Result<SpecJpeg> encode_spec_jpeg(const cv::Mat &bgr, const StandardProfile &p);

// One encode at a fixed quality with the spec's settings (the search's step; also for tests).
// chroma_quality < 1 means the same as `quality`.
Result<std::vector<std::uint8_t>> encode_jpeg_at(const cv::Mat &bgr, int quality, int dpi, int chroma_quality = 0);

}  // namespace gradbooth::models
