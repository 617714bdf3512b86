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
  int encodes = 0;            // full encodes of the photo the quality search needed (1 when the estimate held)
  // Chroma quality: equal to `quality`, or one step above it when a whole step of both
  // overshoots the window (near q100 one step can grow the file by 20%).
  int chroma_quality = 0;
  // Encodes of the photo's every-4th-MCU-row sample (each about a quarter of a full encode)
  // that estimated sizes for the search before its full encode; 0 when it encoded the photo only.
  int sample_encodes = 0;
};

// How the quality search learns sizes. By default it searches on sizes estimated from a sample of
// the photo's rows, then confirms with one full encode, and carries on with full encodes from
// there only if the true size misses the window. `estimate = false` searches on full encodes
// alone; `estimate_scale` skews the estimates (tests use both to compare and to force a miss).
struct SpecJpegSearch {
  bool estimate = true;
  double estimate_scale = 1.0;
};

Result<SpecJpeg> encode_spec_jpeg(const cv::Mat &bgr, const StandardProfile &p, const SpecJpegSearch &how = {});

// One encode at a fixed quality with the spec's settings (the search's step; also for tests).
// chroma_quality < 1 means the same as `quality`.
Result<std::vector<std::uint8_t>> encode_jpeg_at(const cv::Mat &bgr, int quality, int dpi, int chroma_quality = 0);

}  // namespace gradbooth::models
