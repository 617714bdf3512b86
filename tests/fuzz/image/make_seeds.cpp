// Writes the seed corpus of fuzz_decode (committed under corpus/fuzz_decode/): small JPEGs in
// the variants the decoder must handle, made by our own writer and by libjpeg directly.
//   make_seeds <output folder>
#include <image/spec_jpeg.h>

#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <jpeglib.h>

#include <cstdlib>
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

// libjpeg with the options that change the decoder's path.
std::vector<std::uint8_t> libjpeg(const cv::Mat &bgr, int components, bool progressive, int restart, int h_samp, int v_samp) {
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char *buf = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buf, &size);
  c.image_width = static_cast<JDIMENSION>(bgr.cols);
  c.image_height = static_cast<JDIMENSION>(bgr.rows);
  cv::Mat src = bgr;
  if (components == 1) {
    cv::cvtColor(bgr, src, cv::COLOR_BGR2GRAY);
    c.input_components = 1;
    c.in_color_space = JCS_GRAYSCALE;
  } else if (components == 4) {
    cv::cvtColor(bgr, src, cv::COLOR_BGR2BGRA);
    c.input_components = 4;
    c.in_color_space = JCS_CMYK;
  } else {
    c.input_components = 3;
    c.in_color_space = JCS_EXT_BGR;
  }
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, 80, TRUE);
  if (components == 3) {
    c.comp_info[0].h_samp_factor = h_samp;
    c.comp_info[0].v_samp_factor = v_samp;
  }
  if (progressive) jpeg_simple_progression(&c);
  c.restart_interval = static_cast<unsigned>(restart);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = src.ptr<JSAMPLE>(static_cast<int>(c.next_scanline));
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::vector<std::uint8_t> out(buf, buf + size);
  std::free(buf);
  return out;
}

std::vector<std::uint8_t> with_exif_orientation(std::vector<std::uint8_t> jpeg, std::uint8_t o) {
  const std::vector<std::uint8_t> seg{0xFF, 0xE1, 0, 34, 'E', 'x', 'i', 'f', 0, 0, 'I', 'I', 42, 0, 8, 0, 0, 0,
                                      1, 0, 0x12, 0x01, 3, 0, 1, 0, 0, 0, o, 0, 0, 0, 0, 0, 0, 0};
  jpeg.insert(jpeg.begin() + 2, seg.begin(), seg.end());
  return jpeg;
}

void write(const std::string &dir, const std::string &name, const std::vector<std::uint8_t> &b) {
  std::ofstream(dir + "/" + name, std::ios::binary).write(reinterpret_cast<const char *>(b.data()), static_cast<std::streamsize>(b.size()));
  std::printf("%s: %zu bytes\n", name.c_str(), b.size());
}

} // namespace

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
  write(dir, "ycc_420.jpg", libjpeg(img, 3, false, 0, 2, 2));
  write(dir, "ycc_422_restart.jpg", libjpeg(img, 3, false, 1, 2, 1));
  write(dir, "progressive_420.jpg", libjpeg(img, 3, true, 0, 2, 2));
  write(dir, "gray.jpg", libjpeg(img, 1, false, 0, 1, 1));
  write(dir, "cmyk.jpg", libjpeg(img, 4, false, 0, 1, 1));
  write(dir, "odd_size_444.jpg", *gradbooth::models::encode_jpeg_at(picture(37, 19), 70, 72));
  return 0;
}
