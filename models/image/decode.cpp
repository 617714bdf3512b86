// libjpeg-turbo decoding: DCT-scaled whole images for detection, and a full-resolution region
// (jpeg_crop_scanline + jpeg_skip_scanlines) for the crop, so a 24 MP original is never fully
// decoded at full size.
#include "decode.h"

#include "jpeg_error.h"

#include <algorithm>
#include <new>

namespace gradbooth::models {
namespace {

// The decompress object wrapped once; destroying it frees libjpeg's pools (row buffers too).
struct Decompressor {
  detail::JpegErrorManager err;
  jpeg_decompress_struct cinfo{};
  Decompressor() {
    cinfo.err = detail::install_error_manager(err);
    jpeg_create_decompress(&cinfo);
  }
  ~Decompressor() { jpeg_destroy_decompress(&cinfo); }
  Decompressor(const Decompressor &) = delete;
  Decompressor &operator=(const Decompressor &) = delete;
};

enum class Outcome { ok, libjpeg_error, not_jpeg, cmyk, unsupported_colour, arithmetic, too_large, bad_region };

struct Request {
  int scale_denom = 1;
  bool header_only = false;
  const cv::Rect *region = nullptr;  // in the coordinates of the 1/scale_denom image
  RowGate *gate = nullptr;           // whole-image decodes only
};

// The only function with a setjmp. All C++ objects it fills live in the caller, and every
// buffer it needs after the jump point comes from libjpeg's pool, so a longjmp skips no
// destructor.
Outcome run(Decompressor &d, std::span<const std::uint8_t> jpeg, const Request &req, cv::Mat &out, cv::Size &full, int &rows) {
  if (jpeg.size() < 4 || jpeg[0] != 0xFF || jpeg[1] != 0xD8) return Outcome::not_jpeg;
  if (setjmp(d.err.jump)) return Outcome::libjpeg_error;
  jpeg_decompress_struct &c = d.cinfo;
  jpeg_mem_src(&c, jpeg.data(), static_cast<unsigned long>(jpeg.size()));
  jpeg_read_header(&c, TRUE);
  full = cv::Size(static_cast<int>(c.image_width), static_cast<int>(c.image_height));
  if (c.jpeg_color_space == JCS_CMYK || c.jpeg_color_space == JCS_YCCK) return Outcome::cmyk;
  if (c.jpeg_color_space != JCS_YCbCr && c.jpeg_color_space != JCS_RGB && c.jpeg_color_space != JCS_GRAYSCALE)
    return Outcome::unsupported_colour;
  // No camera writes arithmetic coding, and libjpeg's arithmetic decoder fills a truncated
  // file with zeros without a warning: we could not tell a damaged file from a good one.
  if (c.arith_code) return Outcome::arithmetic;
  if (std::int64_t(c.image_width) * c.image_height > kMaxJpegPixels) return Outcome::too_large;
  if (req.header_only) return Outcome::ok;

  c.out_color_space = JCS_EXT_BGR;  // OpenCV's order straight from the colour converter
  c.scale_num = 1;
  c.scale_denom = static_cast<unsigned>(req.scale_denom);
  jpeg_calc_output_dimensions(&c);
  if (req.region != nullptr) {
    const cv::Rect r = *req.region;
    const cv::Rect out_rect(0, 0, static_cast<int>(c.output_width), static_cast<int>(c.output_height));
    if (r.width <= 0 || r.height <= 0 || (r & out_rect) != r) return Outcome::bad_region;
  }
  jpeg_start_decompress(&c);

  if (req.region == nullptr) {
    out.create(static_cast<int>(c.output_height), static_cast<int>(c.output_width), CV_8UC3);
    while (c.output_scanline < c.output_height) {
      if (req.gate != nullptr && !req.gate->admit(static_cast<int>(c.output_scanline))) break;
      JSAMPROW row = out.ptr<JSAMPLE>(static_cast<int>(c.output_scanline));
      jpeg_read_scanlines(&c, &row, 1);
      rows = static_cast<int>(c.output_scanline);
    }
    if (c.output_scanline < c.output_height) jpeg_abort_decompress(&c);  // stopped by the gate: the rest is never decoded
    else jpeg_finish_decompress(&c);
    return Outcome::ok;
  }

  const cv::Rect r = *req.region;
  // The crop widens to iMCU boundaries; we copy our columns out of the wider row.
  JDIMENSION xoff = static_cast<JDIMENSION>(r.x), width = static_cast<JDIMENSION>(r.width);
  jpeg_crop_scanline(&c, &xoff, &width);
  JSAMPARRAY row = (*c.mem->alloc_sarray)(reinterpret_cast<j_common_ptr>(&c), JPOOL_IMAGE, c.output_width * 3, 1);
  if (r.y > 0) jpeg_skip_scanlines(&c, static_cast<JDIMENSION>(r.y));
  out.create(r.height, r.width, CV_8UC3);
  rows = r.height;
  const std::size_t skip = (static_cast<std::size_t>(r.x) - xoff) * 3;
  for (int y = 0; y < r.height; ++y) {
    jpeg_read_scanlines(&c, row, 1);
    std::copy_n(row[0] + skip, static_cast<std::size_t>(r.width) * 3, out.ptr<JSAMPLE>(y));
  }
  jpeg_abort_decompress(&c);  // the rows below the region are never decoded
  return Outcome::ok;
}

// What each refusal tells the user; a libjpeg error (damaged, truncated) carries libjpeg's own
// message instead.
struct OutcomeText {
  Outcome outcome;
  const char *code, *en, *zh;
};
constexpr OutcomeText kOutcomeTexts[] = {
    {Outcome::not_jpeg, "image.not_jpeg", "The file is not a JPEG image.", "文件不是 JPEG 图像。"},
    {Outcome::cmyk, "image.cmyk", "The JPEG is CMYK; the standard needs 3-channel RGB.", "该 JPEG 为 CMYK 颜色，标准要求三通道 RGB。"},
    {Outcome::unsupported_colour, "image.colour_space", "The JPEG uses an unsupported colour space.", "该 JPEG 的颜色空间不受支持。"},
    {Outcome::arithmetic, "image.arithmetic", "The JPEG uses arithmetic coding, which cameras do not write; save it as a standard JPEG.",
     "该 JPEG 使用算术编码（相机不会生成），请另存为标准 JPEG。"},
    {Outcome::too_large, "image.too_large", "The JPEG is too large to decode (over 120 megapixels).",
     "图像过大（超过 1.2 亿像素），无法解码。"},
    {Outcome::bad_region, "image.region_outside", "The requested region lies outside the image.", "请求的区域超出图像范围。"},
};

Error to_error(Outcome o, const Decompressor &d) {
  for (const OutcomeText &t : kOutcomeTexts)
    if (t.outcome == o) return make_error(t.code, t.en, t.zh);
  return make_error("image.corrupt", std::string("The JPEG is damaged or truncated: ") + d.err.message,
                    std::string("JPEG 文件已损坏或不完整：") + d.err.message);
}

// A scaled decode (of the whole image, or of `region` in the reduced image's coordinates) into
// `out`; the decompressor's failures and running out of memory become error values.
Result<void> decode_into(std::span<const std::uint8_t> jpeg, const Request &req, cv::Mat &out, cv::Size &full, int &rows) {
  if (req.scale_denom != 1 && req.scale_denom != 2 && req.scale_denom != 4 && req.scale_denom != 8)
    return make_error("image.bad_scale", "JPEG scale must be 1, 2, 4 or 8.", "JPEG 缩放比例必须为 1、2、4 或 8。");
  try {
    Decompressor d;
    const Outcome o = run(d, jpeg, req, out, full, rows);
    if (o != Outcome::ok) return to_error(o, d);
  } catch (const std::bad_alloc &) {
    return make_error("image.out_of_memory", "Out of memory decoding the JPEG.", "解码 JPEG 时内存不足。");
  }
  return {};
}

Result<void> decode_scaled(std::span<const std::uint8_t> jpeg, int scale_denom, DecodedImage &img, RowGate *gate = nullptr) {
  img.scale_denom = scale_denom;
  img.rows_decoded = 0;
  if (auto done = decode_into(jpeg, {.scale_denom = scale_denom, .gate = gate}, img.bgr, img.original_size, img.rows_decoded); !done)
    return done.error();
  img.exif_orientation = exif_orientation(jpeg);
  return {};
}

Result<DecodedImage> decode_scaled(std::span<const std::uint8_t> jpeg, int scale_denom) {
  DecodedImage img;
  if (auto done = decode_scaled(jpeg, scale_denom, img); !done) return done.error();
  return img;
}

}  // namespace

Result<cv::Size> jpeg_dimensions(std::span<const std::uint8_t> jpeg) {
  Decompressor d;
  Request req;
  req.header_only = true;
  cv::Mat unused;
  cv::Size full;
  int rows = 0;
  const Outcome o = run(d, jpeg, req, unused, full, rows);
  if (o != Outcome::ok) return to_error(o, d);
  return full;
}

Result<DecodedImage> decode_jpeg(std::span<const std::uint8_t> jpeg, int scale_denom) { return decode_scaled(jpeg, scale_denom); }

Result<void> decode_jpeg_into(std::span<const std::uint8_t> jpeg, int scale_denom, DecodedImage &into, RowGate *gate) {
  return decode_scaled(jpeg, scale_denom, into, gate);
}

Result<DecodedImage> decode_for_detection(std::span<const std::uint8_t> jpeg, int min_long_side) {
  auto size = jpeg_dimensions(jpeg);
  if (!size) return size.error();
  const int long_side = std::max(size->width, size->height);
  int denom = 8;
  // ceil(long/denom) is what libjpeg produces at that scale.
  while (denom > 1 && (long_side + denom - 1) / denom < min_long_side) denom /= 2;
  return decode_scaled(jpeg, denom);
}

Result<cv::Mat> decode_region(std::span<const std::uint8_t> jpeg, cv::Rect region) { return decode_region_scaled(jpeg, region, 1); }

Result<cv::Mat> decode_region_scaled(std::span<const std::uint8_t> jpeg, cv::Rect region, int scale_denom) {
  cv::Mat out;
  cv::Size full;
  int rows = 0;
  if (auto done = decode_into(jpeg, {.scale_denom = scale_denom, .region = &region}, out, full, rows); !done) return done.error();
  return out;
}

}  // namespace gradbooth::models
