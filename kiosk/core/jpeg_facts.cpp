#include "jpeg_facts.h"

#include <cstring>

namespace gradbooth::core {

JpegFacts read_jpeg_facts(std::span<const std::uint8_t> b) {
  JpegFacts f;
  if (b.size() < 4 || b[0] != 0xFF || b[1] != 0xD8) {
    f.error = "not a JPEG (no SOI marker)";
    return f;
  }
  f.is_jpeg = true;
  size_t i = 2;
  while (i + 4 <= b.size()) {
    if (b[i] != 0xFF) {
      f.error = "corrupt marker stream";
      return f;
    }
    const std::uint8_t m = b[i + 1];
    if (m == 0xFF) {
      ++i;
      continue;
    }                                   // fill byte
    if (m == 0xD9 || m == 0xDA) break;  // EOI / start of scan: headers are done
    if (m >= 0xD0 && m <= 0xD7) {
      i += 2;
      continue;
    }
    const size_t len = (static_cast<size_t>(b[i + 2]) << 8) | b[i + 3];
    if (len < 2 || i + 2 + len > b.size()) {
      f.error = "truncated segment";
      return f;
    }
    const std::uint8_t *p = b.data() + i + 4;
    const size_t n = len - 2;
    if (m == 0xE0 && n >= 12 && std::memcmp(p, "JFIF\0", 5) == 0) {
      f.jfif = true;
      f.density_units = p[7];
      f.x_density = (p[8] << 8) | p[9];
      f.y_density = (p[10] << 8) | p[11];
    } else if (m == 0xE1 && (n >= 4 && (std::memcmp(p, "Exif", 4) == 0 || std::memcmp(p, "http", 4) == 0))) {
      f.has_exif = true;
    } else if (m == 0xE2 && n >= 11 && std::memcmp(p, "ICC_PROFILE", 11) == 0) {
      f.has_icc = true;
    } else if (m == 0xEE) {
      f.adobe = true;
    } else if ((m >= 0xC0 && m <= 0xCF) && m != 0xC4 && m != 0xC8 && m != 0xCC && n >= 6) {
      f.baseline = m == 0xC0;
      f.height = (p[1] << 8) | p[2];
      f.width = (p[3] << 8) | p[4];
      f.components = p[5];
    }
    i += 2 + len;
  }
  if (f.width == 0) f.error = "no frame header (SOF)";
  return f;
}

}  // namespace gradbooth::core
