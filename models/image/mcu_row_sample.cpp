#include "mcu_row_sample.h"

#include <algorithm>

namespace gradbooth::models::detail {
namespace {

constexpr int kMcuHeight = 8;      // pixel rows per MCU row at 4:4:4
constexpr int kSampleEvery = 4;    // one MCU row in four
constexpr int kMinSampleRows = 8;  // fewer and the first rows' DC differences weigh too much

// Bytes before the scan data (SOI up to the end of the SOS segment) plus the closing EOI; the
// same for the sample and the photo since only SOF's dimensions differ, never its length.
std::size_t header_bytes(const std::vector<std::uint8_t> &b) {
  std::size_t pos = 2;  // after SOI
  while (pos + 4 <= b.size() && b[pos] == 0xFF) {
    const std::size_t len = (std::size_t(b[pos + 2]) << 8) | b[pos + 3];
    const bool sos = b[pos + 1] == 0xDA;
    pos += 2 + len;
    if (sos) return std::min(pos + 2, b.size());
  }
  return 0;  // not a file of ours: scale it all
}

}  // namespace

std::optional<McuRowSample> sample_mcu_rows(const cv::Mat &bgr) {
  if (bgr.empty() || bgr.rows % kMcuHeight != 0) return std::nullopt;
  const int rows = bgr.rows / kMcuHeight;
  const int sampled = (rows + kSampleEvery - 1) / kSampleEvery;
  if (sampled < kMinSampleRows) return std::nullopt;
  McuRowSample s{cv::Mat(sampled * kMcuHeight, bgr.cols, bgr.type()), static_cast<double>(rows) / sampled};
  for (int i = 0; i < sampled; ++i)
    bgr.rowRange(i * kSampleEvery * kMcuHeight, (i * kSampleEvery + 1) * kMcuHeight)
        .copyTo(s.bgr.rowRange(i * kMcuHeight, (i + 1) * kMcuHeight));
  return s;
}

double estimated_file_bytes(const std::vector<std::uint8_t> &sample_jpeg, double row_ratio) {
  const double header = static_cast<double>(header_bytes(sample_jpeg));
  return header + (static_cast<double>(sample_jpeg.size()) - header) * row_ratio;
}

}  // namespace gradbooth::models::detail
