// The spec JPEG writer. libjpeg directly (not cv::imencode) because the standard is about the
// bytes: JFIF density in dpi, 4:4:4, baseline, and no marker we did not choose.
#include "spec_jpeg.h"

#include "jpeg_error.h"

#include <algorithm>
#include <cmath>
#include <optional>
#include <cstdlib>
#include <memory>
#include <new>

namespace gradbooth::models {
namespace {

struct Compressor {
  detail::JpegErrorManager err;
  jpeg_compress_struct cinfo{};
  unsigned char *buffer = nullptr;  // owned by us once jpeg_mem_dest has (re)allocated it
  unsigned long size = 0;
  unsigned char *ours = nullptr;  // the buffer we gave jpeg_mem_dest (it frees only its own)
  // `expected` bytes of output room up front: jpeg_mem_dest would start at 4 KB and copy the
  // file at every doubling (~0.3 ms of a 5 ms encode of the photo). Pages are touched only as
  // the file is written; a larger file still grows the libjpeg way.
  explicit Compressor(std::size_t expected) {
    cinfo.err = detail::install_error_manager(err);
    jpeg_create_compress(&cinfo);
    if ((ours = static_cast<unsigned char *>(std::malloc(expected)))) {
      buffer = ours;
      size = expected;
    }
  }
  ~Compressor() {
    jpeg_destroy_compress(&cinfo);
    if (ours != buffer) std::free(ours);
    std::free(buffer);
  }
  Compressor(const Compressor &) = delete;
  Compressor &operator=(const Compressor &) = delete;
};

// The only setjmp of the writer; nothing with a destructor is created after it.
bool run(Compressor &k, const cv::Mat &bgr, int quality, int chroma_quality, int dpi) {
  if (setjmp(k.err.jump)) return false;
  jpeg_compress_struct &c = k.cinfo;
  jpeg_mem_dest(&c, &k.buffer, &k.size);
  c.image_width = static_cast<JDIMENSION>(bgr.cols);
  c.image_height = static_cast<JDIMENSION>(bgr.rows);
  c.input_components = 3;
  c.in_color_space = JCS_EXT_BGR;
  jpeg_set_defaults(&c);  // YCbCr, baseline Huffman, JFIF header on, no Adobe marker
  if (chroma_quality != quality) {
    // Table 1 (Cb, Cr) scaled for the chroma quality, table 0 (Y) for the luma quality.
    jpeg_set_quality(&c, chroma_quality, TRUE);
    UINT16 chroma[DCTSIZE2];
    std::copy_n(c.quant_tbl_ptrs[1]->quantval, DCTSIZE2, chroma);
    jpeg_set_quality(&c, quality, TRUE);
    std::copy_n(chroma, DCTSIZE2, c.quant_tbl_ptrs[1]->quantval);
  } else {
    jpeg_set_quality(&c, quality, TRUE);
  }
  for (int i = 0; i < 3; ++i) {  // 4:4:4: no chroma subsampling
    c.comp_info[i].h_samp_factor = 1;
    c.comp_info[i].v_samp_factor = 1;
  }
  c.dct_method = JDCT_ISLOW;
  c.optimize_coding = FALSE;  // standard tables: still baseline, and a fuller file
  c.write_JFIF_header = TRUE;
  c.density_unit = 1;  // dots per inch
  c.X_density = static_cast<UINT16>(dpi);
  c.Y_density = static_cast<UINT16>(dpi);
  jpeg_start_compress(&c, TRUE);
  while (c.next_scanline < c.image_height) {
    JSAMPROW row = const_cast<JSAMPLE *>(bgr.ptr<JSAMPLE>(static_cast<int>(c.next_scanline)));
    jpeg_write_scanlines(&c, &row, 1);
  }
  jpeg_finish_compress(&c);
  return true;
}

struct Probe {
  int q;
  double log_size;
};

// libjpeg's quality → quantiser scale in percent (jcparam.c), floored at 1 where every
// quantiser is already 1 (q100).
double log_scale(int q) { return std::log(std::max(1.0, q < 50 ? 5000.0 / q : 200.0 - 2.0 * q)); }

int quality_for_log_scale(double x) {
  const double scale = std::exp(x);
  const double q = scale >= 100 ? 5000.0 / scale : (200.0 - scale) / 2.0;
  return static_cast<int>(std::lround(std::clamp(q, 1.0, 100.0)));
}

// d log(size) / d log(scale) for photographic content (measured on grainy portraits); only
// used until a probe on the other side of the window gives the real slope.
constexpr double kLogSizePerLogScale = -0.45;

}  // namespace

Result<std::vector<std::uint8_t>> encode_jpeg_at(const cv::Mat &bgr, int quality, int dpi, int chroma_quality) {
  if (chroma_quality < 1) chroma_quality = quality;
  if (bgr.empty() || bgr.type() != CV_8UC3)
    return make_error("image.encode_input", "The image to encode must be 8-bit, 3-channel.", "待编码图像必须为 8 位三通道。");
  if (quality < 1 || quality > 100 || chroma_quality > 100 || dpi < 1 || dpi > 65535)
    return make_error("image.encode_params", "JPEG quality must be 1–100 and dpi 1–65535.",
                      "JPEG 质量须在 1–100 之间，dpi 须在 1–65535 之间。");
  try {
    Compressor k(bgr.total() * bgr.elemSize() / 2);  // half the pixels' bytes: a spec file is far smaller
    if (!run(k, bgr, quality, chroma_quality, dpi))
      return make_error("image.encode", std::string("JPEG encoding failed: ") + k.err.message,
                        std::string("JPEG 编码失败：") + k.err.message);
    return std::vector<std::uint8_t>(k.buffer, k.buffer + k.size);
  } catch (const std::bad_alloc &) {
    return make_error("image.out_of_memory", "Out of memory encoding the JPEG.", "编码 JPEG 时内存不足。");
  }
}

Result<SpecJpeg> encode_spec_jpeg(const cv::Mat &bgr, const StandardProfile &p) {
  if (bgr.cols != p.width || bgr.rows != p.height)
    return make_error("image.encode_size",
                      "The photo is " + std::to_string(bgr.cols) + "×" + std::to_string(bgr.rows) + ", the standard needs " +
                          std::to_string(p.width) + "×" + std::to_string(p.height) + ".",
                      "照片尺寸为 " + std::to_string(bgr.cols) + "×" + std::to_string(bgr.rows) + "，标准要求 " + std::to_string(p.width) +
                          "×" + std::to_string(p.height) + "。");
  // Size grows with quality, and log(size) is close to linear in the log of libjpeg's
  // quantiser scale. Camera originals land in the window around q98–99, so that is the first
  // probe; later probes interpolate (secant) between the closest probes under and over the
  // window, aiming at its middle, which usually lands in 2–3 encodes.
  const double target = std::log(0.5 * (p.file_bytes.min + p.file_bytes.max));
  std::optional<Probe> under, over;
  SpecJpeg best_under;  // highest quality whose file is below the window
  int encodes = 0;
  int q = 98;
  for (;;) {
    auto enc = encode_jpeg_at(bgr, q, p.dpi);
    ++encodes;
    if (!enc) return enc.error();
    const double n = static_cast<double>(enc->size());
    if (p.file_bytes.contains(n)) return SpecJpeg{std::move(*enc), q, false, encodes, q};
    if (n < p.file_bytes.min) {
      under = Probe{q, std::log(n)};
      best_under = SpecJpeg{std::move(*enc), q, true, 0, q};
    } else {
      over = Probe{q, std::log(n)};
    }
    const int lo = under ? under->q + 1 : 1, hi = over ? over->q - 1 : 100;
    if (lo > hi) break;  // neighbouring qualities straddle the window, or q100 is still under
    double x;
    if (under && over) {
      const double t = (target - under->log_size) / (over->log_size - under->log_size);
      x = log_scale(under->q) + t * (log_scale(over->q) - log_scale(under->q));
    } else {
      const Probe &only = under ? *under : *over;
      x = log_scale(only.q) + (target - only.log_size) / kLogSizePerLogScale;
    }
    q = std::clamp(quality_for_log_scale(x), lo, hi);
  }
  // q is under and q+1 over: the half step of raising only the chroma quality may land inside.
  if (under && over && over->q == under->q + 1) {
    auto enc = encode_jpeg_at(bgr, under->q, p.dpi, over->q);
    ++encodes;
    if (!enc) return enc.error();
    const double n = static_cast<double>(enc->size());
    if (p.file_bytes.contains(n)) return SpecJpeg{std::move(*enc), under->q, false, encodes, over->q};
    if (n < p.file_bytes.min) best_under = SpecJpeg{std::move(*enc), under->q, true, 0, over->q};
  }
  if (best_under.quality == 0)
    return make_error("image.too_detailed", "Even the lowest JPEG quality exceeds the file size limit.",
                      "即使最低 JPEG 质量，文件仍超过大小上限。");
  if (static_cast<double>(best_under.bytes.size()) < p.file_bytes_floor)
    return make_error("image.too_small",
                      "The photo stays under the " + std::to_string(static_cast<long>(p.file_bytes_floor)) +
                          "-byte floor even at the best quality.",
                      "即使最高质量，照片文件仍小于 " + std::to_string(static_cast<long>(p.file_bytes_floor)) + " 字节的下限。");
  best_under.encodes = encodes;
  return best_under;
}

}  // namespace gradbooth::models
