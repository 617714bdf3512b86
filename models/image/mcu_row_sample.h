// A cheap stand-in for the photo when searching the spec JPEG's quality: every 4th MCU row,
// stacked. At 4:4:4 an MCU row is 8 pixel rows, so the sample's 8×8 blocks are exactly the
// photo's own (only the DC predictor at each row's start differs), and the encoder's work is
// proportional to the rows: its scan data times the row ratio estimates the photo's file size
// at a quarter of a full encode's cost.
#pragma once

#include <opencv2/core.hpp>

#include <cstdint>
#include <optional>
#include <vector>

namespace gradbooth::models::detail {

struct McuRowSample {
  cv::Mat bgr;             // the sampled rows, stacked (a copy)
  double row_ratio = 1.0;  // photo MCU rows / sample MCU rows
};

// Empty when the photo is not whole MCU rows or too short for a sample of at least 8 of them:
// then the search encodes the photo itself.
std::optional<McuRowSample> sample_mcu_rows(const cv::Mat &bgr);

// The photo's file size from its sample's JPEG: the headers (tables, JFIF, EOI) once, the scan
// data scaled by the row ratio.
double estimated_file_bytes(const std::vector<std::uint8_t> &sample_jpeg, double row_ratio);

}  // namespace gradbooth::models::detail
