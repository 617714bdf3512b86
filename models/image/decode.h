// JPEG decoding for the pipeline: a reduced-size decode (DCT scaling) for detection, and a
// full-resolution decode of only the crop region. Pure: bytes in, pixels out, errors as values.
#pragma once

#include "image/row_gate.h"

#include <gradbooth/result.h>

#include <opencv2/core.hpp>

#include <cstdint>
#include <span>

namespace gradbooth::models {

struct DecodedImage {
  cv::Mat bgr;               // CV_8UC3
  cv::Size original_size;    // full-resolution size of the JPEG
  int scale_denom = 1;       // 1, 2, 4 or 8: bgr is original_size / scale_denom (rounded up)
  int exif_orientation = 1;  // 1 = upright; anything else means the camera file is rotated
  int rows_decoded = 0;      // rows of bgr holding pixels: all, unless a RowGate stopped the decode
};

// Largest pixel count we agree to decode (a 100 MP camera is still fine; a forged header
// claiming 65535×65535 is not).
inline constexpr std::int64_t kMaxJpegPixels = 120'000'000;

// Header only: width × height of the JPEG (fails on anything that is not a decodable
// 3-channel or grayscale JPEG header).
Result<cv::Size> jpeg_dimensions(std::span<const std::uint8_t> jpeg);

// Whole image at 1/scale_denom (1, 2, 4 or 8) of its size.
Result<DecodedImage> decode_jpeg(std::span<const std::uint8_t> jpeg, int scale_denom);

// The same into `into`, whose pixels may be allocated already at the decode's size (by a caller
// that wants the memory to come from its own thread); any other `into` is reallocated. With a
// `gate`, the decode asks it before every row and stops where it settles: the rows below
// `into.rows_decoded` keep whatever the allocation held.
Result<void> decode_jpeg_into(std::span<const std::uint8_t> jpeg, int scale_denom, DecodedImage &into, RowGate *gate = nullptr);

// Largest DCT reduction whose long side stays >= min_long_side (e.g. 6000x4000 → 1/4 → 1500 px).
Result<DecodedImage> decode_for_detection(std::span<const std::uint8_t> jpeg, int min_long_side = 1000);

// Full-resolution pixels of `region` only (clipped to the image is an error, not padding).
Result<cv::Mat> decode_region(std::span<const std::uint8_t> jpeg, cv::Rect region);

// The same at 1/scale_denom (1, 2, 4, 8): `region` is in the coordinates of the reduced image
// (whose size is the original's / scale_denom, rounded up). The DCT does the first factor of a
// large shrink, cheaper and at least as clean as a resize of full-resolution pixels.
Result<cv::Mat> decode_region_scaled(std::span<const std::uint8_t> jpeg, cv::Rect region, int scale_denom);

// EXIF orientation tag (1..8) from the APP1 segment; 1 when there is none or it is unreadable.
int exif_orientation(std::span<const std::uint8_t> jpeg);

}  // namespace gradbooth::models
