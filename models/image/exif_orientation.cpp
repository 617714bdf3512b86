// EXIF orientation from the APP1 segment, read by hand: we only need one tag, and reading it
// must be safe on any bytes (every offset is bounds-checked).
#include "decode.h"

#include <cstring>

namespace gradbooth::models {
namespace {

struct Reader {
  std::span<const std::uint8_t> b;
  bool little = false;
  bool ok(std::size_t off, std::size_t n) const { return off <= b.size() && n <= b.size() - off; }
  unsigned u16(std::size_t off) const { return little ? (b[off] | (b[off + 1] << 8)) : ((b[off] << 8) | b[off + 1]); }
  std::uint32_t u32(std::size_t off) const {
    return little
        ? (std::uint32_t(b[off]) | (std::uint32_t(b[off + 1]) << 8) | (std::uint32_t(b[off + 2]) << 16) | (std::uint32_t(b[off + 3]) << 24))
        : ((std::uint32_t(b[off]) << 24) | (std::uint32_t(b[off + 1]) << 16) | (std::uint32_t(b[off + 2]) << 8) |
           std::uint32_t(b[off + 3]));
  }
};

// `tiff` is the TIFF structure after "Exif\0\0".
int orientation_from_tiff(std::span<const std::uint8_t> tiff) {
  Reader r{tiff};
  if (!r.ok(0, 8)) return 1;
  if (tiff[0] == 'I' && tiff[1] == 'I') r.little = true;
  else if (!(tiff[0] == 'M' && tiff[1] == 'M')) return 1;
  if (r.u16(2) != 42) return 1;
  const std::size_t ifd = r.u32(4);
  if (!r.ok(ifd, 2)) return 1;
  const unsigned count = r.u16(ifd);
  for (unsigned i = 0; i < count; ++i) {
    const std::size_t e = ifd + 2 + std::size_t(i) * 12;
    if (!r.ok(e, 12)) return 1;
    if (r.u16(e) == 0x0112 && r.u16(e + 2) == 3 /* SHORT */) {
      const unsigned v = r.u16(e + 8);
      return (v >= 1 && v <= 8) ? static_cast<int>(v) : 1;
    }
  }
  return 1;
}

}  // namespace

int exif_orientation(std::span<const std::uint8_t> jpeg) {
  if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) return 1;
  std::size_t pos = 2;
  while (pos + 4 <= jpeg.size()) {
    if (jpeg[pos] != 0xFF) return 1;
    const std::uint8_t marker = jpeg[pos + 1];
    if (marker == 0xFF) {
      ++pos;
      continue;
    }                                                // fill byte
    if (marker == 0xDA || marker == 0xD9) return 1;  // scan or end: no more headers
    const std::size_t len = (std::size_t(jpeg[pos + 2]) << 8) | jpeg[pos + 3];
    if (len < 2 || pos + 2 + len > jpeg.size()) return 1;
    if (marker == 0xE1 && len >= 2 + 6 + 8 && std::memcmp(&jpeg[pos + 4], "Exif\0\0", 6) == 0)
      return orientation_from_tiff(jpeg.subspan(pos + 10, len - 8));
    pos += 2 + len;
  }
  return 1;
}

}  // namespace gradbooth::models
