// What a JPEG file's headers say, without decoding pixels: enough for SPEC §5's file rules.
#pragma once

#include <cstdint>
#include <span>
#include <string>

namespace gradbooth::core {

struct JpegFacts {
  bool is_jpeg = false;
  bool baseline = false;  // SOF0
  int width = 0, height = 0, components = 0;
  bool jfif = false;
  int density_units = -1;  // 1 = dots per inch
  int x_density = 0, y_density = 0;
  bool has_exif = false;  // APP1 Exif or XMP
  bool has_icc = false;   // APP2 ICC_PROFILE
  bool adobe = false;     // APP14 (CMYK/YCCK hints)
  std::string error;
};

JpegFacts read_jpeg_facts(std::span<const std::uint8_t> bytes);

}  // namespace gradbooth::core
