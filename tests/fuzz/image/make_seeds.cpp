// Writes the seed corpus of fuzz_decode (committed under corpus/fuzz_decode/): small JPEGs in
// the variants the decoder must handle, made by our own writer and by libjpeg directly.
//   make_seeds <output folder>
#include "libjpeg_writer.h"

#include <image/spec_jpeg.h>

#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <fstream>
#include <string>
#include <vector>

namespace {

cv::Mat picture(int w, int h) {
  cv::Mat img(h, w, CV_8UC3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x)
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<std::uint8_t>(255 * x / w), static_cast<std::uint8_t>(255 * y / h), 180);
  cv::circle(img, {w / 2, h / 3}, w / 5, cv::Scalar(60, 90, 200), -1);
  return img;
}

using gradbooth::test::JpegColour;
using gradbooth::test::libjpeg_encode;

std::vector<std::uint8_t> with_exif_orientation(std::vector<std::uint8_t> jpeg, std::uint8_t o) {
  const std::vector<std::uint8_t> seg{0xFF, 0xE1, 0,    34,   'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0,
                                      1,    0,    0x12, 0x01, 3,   0,   1,   0,   0, 0, o,   0,   0,  0, 0, 0, 0, 0};
  jpeg.insert(jpeg.begin() + 2, seg.begin(), seg.end());
  return jpeg;
}

void write(const std::string &dir, const std::string &name, const std::vector<std::uint8_t> &b) {
  std::ofstream(dir + "/" + name, std::ios::binary).write(reinterpret_cast<const char *>(b.data()), static_cast<std::streamsize>(b.size()));
  std::printf("%s: %zu bytes\n", name.c_str(), b.size());
}

}  // namespace

int main(int argc, char **argv) {
  if (argc != 2) {
    std::fprintf(stderr, "usage: %s OUTPUT_DIR\n", argv[0]);
    return 2;
  }
  const std::string dir = argv[1];
  const cv::Mat img = picture(96, 72);
  auto spec = gradbooth::models::encode_jpeg_at(img, 85, 300);
  if (!spec) return 1;
  write(dir, "spec_444.jpg", *spec);
  write(dir, "exif_orientation_6.jpg", with_exif_orientation(*spec, 6));
  // libjpeg with the options that change the decoder's path.
  write(dir, "ycc_420.jpg", libjpeg_encode(img, {.quality = 80}));
  write(dir, "ycc_422_restart.jpg", libjpeg_encode(img, {.quality = 80, .h_samp = 2, .v_samp = 1, .restart_interval = 1}));
  write(dir, "progressive_420.jpg", libjpeg_encode(img, {.quality = 80, .progressive = true}));
  write(dir, "gray.jpg", libjpeg_encode(img, {.colour = JpegColour::Gray, .quality = 80}));
  write(dir, "cmyk.jpg", libjpeg_encode(img, {.colour = JpegColour::Cmyk, .quality = 80}));
  write(dir, "odd_size_444.jpg", *gradbooth::models::encode_jpeg_at(picture(37, 19), 70, 72));
  return 0;
}
