// JPEGs written by libjpeg itself, in the variants our decoder must take or refuse: camera-like
// 4:2:2 and 4:2:0, progressive, restart markers, arithmetic coding, grayscale and CMYK. Our own
// writer (models/image/spec_jpeg.h) makes only the 4:4:4 spec file; tests, benchmarks and the
// fuzz seeds need the files other software makes.
#pragma once

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <vector>

namespace gradbooth::test {

enum class JpegColour { Bgr, Gray, Cmyk };

struct LibjpegOptions {
  JpegColour colour = JpegColour::Bgr;
  int quality = 75;            // libjpeg's own default
  int h_samp = 2, v_samp = 2;  // luma sampling (Bgr only): 2×2 = 4:2:0, 2×1 = 4:2:2, 1×1 = 4:4:4
  bool progressive = false;
  unsigned restart_interval = 0;  // in MCUs; 0 = no restart markers
  bool arithmetic = false;
};

// `pixels`: CV_8UC3 BGR. Gray and CMYK are derived from it (CMYK channel values are the BGR
// values plus a constant K of 0, which is all a decoder test needs).
std::vector<std::uint8_t> libjpeg_encode(const cv::Mat &pixels, const LibjpegOptions &options = {});

// A flat picture of one grey level, for tests that need a file of some kind and no content.
std::vector<std::uint8_t> flat_libjpeg(int width, int height, std::uint8_t level, const LibjpegOptions &options = {});

// Rewrites the frame header (SOF0 or SOF2) to claim `width`×`height` without changing the data:
// a file that lies about its size. False when the file has no such header.
bool claim_dimensions(std::vector<std::uint8_t> &jpeg, int width, int height);

}  // namespace gradbooth::test
