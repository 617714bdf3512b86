#include "libjpeg_writer.h"

#include <opencv2/imgproc.hpp>

#include <cstdio>
#include <cstdlib>
#include <jpeglib.h>

namespace gradbooth::test {

std::vector<std::uint8_t> libjpeg_encode(const cv::Mat &pixels, const LibjpegOptions &o) {
  cv::Mat src;
  jpeg_compress_struct c{};
  jpeg_error_mgr err{};
  c.err = jpeg_std_error(&err);
  jpeg_create_compress(&c);
  unsigned char *buf = nullptr;
  unsigned long size = 0;
  jpeg_mem_dest(&c, &buf, &size);
  c.image_width = static_cast<JDIMENSION>(pixels.cols);
  c.image_height = static_cast<JDIMENSION>(pixels.rows);
  switch (o.colour) {
  case JpegColour::Gray:
    cv::cvtColor(pixels, src, cv::COLOR_BGR2GRAY);
    c.input_components = 1;
    c.in_color_space = JCS_GRAYSCALE;
    break;
  case JpegColour::Cmyk:
    cv::cvtColor(pixels, src, cv::COLOR_BGR2BGRA);
    c.input_components = 4;
    c.in_color_space = JCS_CMYK;
    break;
  case JpegColour::Bgr:
    src = pixels.isContinuous() ? pixels : pixels.clone();
    c.input_components = 3;
    c.in_color_space = JCS_EXT_BGR;
    break;
  }
  jpeg_set_defaults(&c);
  jpeg_set_quality(&c, o.quality, TRUE);
  if (o.colour == JpegColour::Bgr) {
    c.comp_info[0].h_samp_factor = o.h_samp;
    c.comp_info[0].v_samp_factor = o.v_samp;
  }
  if (o.progressive) jpeg_simple_progression(&c);
  c.restart_interval = o.restart_interval;
  c.arith_code = o.arithmetic ? TRUE : FALSE;
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<JSAMPLE *>(src.ptr<JSAMPLE>(static_cast<int>(c.next_scanline)));
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  jpeg_destroy_compress(&c);
  std::vector<std::uint8_t> out(buf, buf + size);
  std::free(buf);
  return out;
}

std::vector<std::uint8_t> flat_libjpeg(int width, int height, std::uint8_t level, const LibjpegOptions &options) {
  return libjpeg_encode(cv::Mat(height, width, CV_8UC3, cv::Scalar::all(level)), options);
}

bool claim_dimensions(std::vector<std::uint8_t> &jpeg, int width, int height) {
  for (std::size_t i = 2; i + 9 < jpeg.size(); ++i)
    if (jpeg[i] == 0xFF && (jpeg[i + 1] == 0xC0 || jpeg[i + 1] == 0xC2)) {
      jpeg[i + 5] = static_cast<std::uint8_t>(height >> 8);
      jpeg[i + 6] = static_cast<std::uint8_t>(height & 0xFF);
      jpeg[i + 7] = static_cast<std::uint8_t>(width >> 8);
      jpeg[i + 8] = static_cast<std::uint8_t>(width & 0xFF);
      return true;
    }
  return false;
}

}  // namespace gradbooth::test
