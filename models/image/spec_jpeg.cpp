// The spec JPEG writer. libjpeg directly (not cv::imencode) because the standard is about the
// bytes: JFIF density in dpi, 4:4:4, baseline, and no marker we did not choose.
#include "spec_jpeg.h"

#include "jpeg_error.h"
#include "mcu_row_sample.h"
#include "quality_search.h"

#include <algorithm>
#include <cstdlib>
#include <memory>
#include <new>
#include <optional>
#include <utility>

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

// Full encodes of the photo, kept so that the chosen one is returned as encoded and no setting is
// encoded twice (when the estimate misses, its confirming encode is the full search's first probe).
struct FullEncodes {
  const cv::Mat &bgr;
  int dpi;
  std::vector<std::pair<detail::JpegSetting, std::vector<std::uint8_t>>> done;

  Result<double> size_at(detail::JpegSetting s) {
    for (const auto &[at, bytes] : done)
      if (at == s) return static_cast<double>(bytes.size());
    auto enc = encode_jpeg_at(bgr, s.quality, dpi, s.chroma_quality);
    if (!enc) return enc.error();
    done.emplace_back(s, std::move(*enc));
    return static_cast<double>(done.back().second.size());
  }

  SpecJpeg result(detail::JpegSetting s, bool under_window, int sample_encodes) {
    for (auto &[at, bytes] : done)
      if (at == s)
        return SpecJpeg{std::move(bytes), s.quality, under_window, static_cast<int>(done.size()), s.chroma_quality, sample_encodes};
    return {};  // unreachable: every setting the search returns was encoded
  }
};

// The search run on sizes estimated from the photo's MCU-row sample: the setting it would choose.
Result<detail::SearchOutcome> estimated_choice(const detail::McuRowSample &sample, const StandardProfile &p, double scale,
                                               int first_quality) {
  return detail::search_quality(
      [&](detail::JpegSetting s) -> Result<double> {
        auto enc = encode_jpeg_at(sample.bgr, s.quality, p.dpi, s.chroma_quality);
        if (!enc) return enc.error();
        return scale * detail::estimated_file_bytes(*enc, sample.row_ratio);
      },
      p.file_bytes, first_quality);
}

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

Result<SpecJpeg> encode_spec_jpeg(const cv::Mat &bgr, const StandardProfile &p, const SpecJpegSearch &how) {
  if (bgr.cols != p.width || bgr.rows != p.height)
    return make_error("image.encode_size",
                      "The photo is " + std::to_string(bgr.cols) + "×" + std::to_string(bgr.rows) + ", the standard needs " +
                          std::to_string(p.width) + "×" + std::to_string(p.height) + ".",
                      "照片尺寸为 " + std::to_string(bgr.cols) + "×" + std::to_string(bgr.rows) + "，标准要求 " + std::to_string(p.width) +
                          "×" + std::to_string(p.height) + "。");
  // Camera originals land in the window around q98–99, so that is the first probe.
  int first_quality = 98;
  FullEncodes full{bgr, p.dpi, {}};
  int sample_encodes = 0;
  if (auto sample = how.estimate ? detail::sample_mcu_rows(bgr) : std::nullopt) {
    auto guess = estimated_choice(*sample, p, how.estimate_scale, first_quality);
    if (!guess) return guess.error();
    sample_encodes = guess->probes;
    auto n = full.size_at(guess->setting);
    if (!n) return n.error();
    if (p.file_bytes.contains(*n)) return full.result(guess->setting, false, sample_encodes);
    first_quality = guess->setting.quality;  // missed near an edge: search on true sizes from here
  }
  auto found = detail::search_quality([&](detail::JpegSetting s) { return full.size_at(s); }, p.file_bytes, first_quality);
  if (!found) return found.error();
  if (found->landing == detail::Landing::inside) return full.result(found->setting, false, sample_encodes);
  if (found->landing == detail::Landing::over)
    return make_error("image.too_detailed", "Even the lowest JPEG quality exceeds the file size limit.",
                      "即使最低 JPEG 质量，文件仍超过大小上限。");
  SpecJpeg best_under = full.result(found->setting, true, sample_encodes);
  if (static_cast<double>(best_under.bytes.size()) < p.file_bytes_floor)
    return make_error("image.too_small",
                      "The photo stays under the " + std::to_string(static_cast<long>(p.file_bytes_floor)) +
                          "-byte floor even at the best quality.",
                      "即使最高质量，照片文件仍小于 " + std::to_string(static_cast<long>(p.file_bytes_floor)) + " 字节的下限。");
  return best_under;
}

}  // namespace gradbooth::models
