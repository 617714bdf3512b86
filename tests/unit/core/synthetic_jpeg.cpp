#include "synthetic_jpeg.h"

#include <turbojpeg.h>

#include <random>
#include <stdexcept>

namespace gradbooth::test {

namespace {

std::vector<std::uint8_t> encode(const std::vector<std::uint8_t> &rgb, int w, int h, int quality) {
  tjhandle tj = tjInitCompress();
  unsigned char *out = nullptr;
  unsigned long size = 0;
  const int rc = tjCompress2(tj, rgb.data(), w, 0, h, TJPF_RGB, &out, &size, TJSAMP_444, quality, 0);
  std::vector<std::uint8_t> v;
  if (rc == 0) v.assign(out, out + size);
  tjFree(out);
  tjDestroy(tj);
  if (v.size() < 20) throw std::runtime_error("tjCompress2 failed");
  // JFIF density: units = 1 (dpi), 300 × 300. libjpeg-turbo writes APP0 right after SOI.
  if (v[2] == 0xFF && v[3] == 0xE0) {
    v[13] = 1;
    v[14] = 300 >> 8;
    v[15] = 300 & 0xFF;
    v[16] = 300 >> 8;
    v[17] = 300 & 0xFF;
  }
  return v;
}

std::vector<std::uint8_t> picture(int w, int h, unsigned seed, int noise) {
  std::mt19937 rng(seed);
  std::uniform_int_distribution<int> d(-noise, noise);
  std::vector<std::uint8_t> rgb(static_cast<size_t>(w) * h * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      const size_t i = (static_cast<size_t>(y) * w + x) * 3;
      const int base[3] = {100, 197, 255};  // the standard's blue background
      for (int c = 0; c < 3; ++c) {
        int v = base[c] - (c == 2 ? 40 : 0) + ((x * 7 + y * 3) % 50) - 25 + d(rng);
        rgb[i + static_cast<size_t>(c)] = static_cast<std::uint8_t>(v < 0 ? 0 : v > 255 ? 255 : v);
      }
    }
  return rgb;
}

}  // namespace

std::vector<std::uint8_t> spec_like_jpeg(unsigned seed) {
  const int w = 960, h = 1280;
  for (int noise : {10, 14, 20, 28, 6, 4}) {
    const auto rgb = picture(w, h, seed, noise);
    int lo = 50, hi = 100;
    while (lo <= hi) {
      const int q = (lo + hi) / 2;
      auto v = encode(rgb, w, h, q);
      if (v.size() < 563200) lo = q + 1;
      else if (v.size() > 650000) hi = q - 1;
      else return v;
    }
  }
  throw std::runtime_error("could not reach the size window");
}

std::vector<std::uint8_t> small_jpeg(int w, int h, unsigned seed, int quality) { return encode(picture(w, h, seed, 20), w, h, quality); }

}  // namespace gradbooth::test
