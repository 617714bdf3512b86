// libFuzzer target for the decoder entry points: any bytes must give an image or an error
// value, never a crash, a hang or a leak.
#include <image/decode.h>

#include <cstddef>
#include <cstdint>

using namespace gradbooth::models;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::span<const std::uint8_t> bytes(data, size);
  (void)exif_orientation(bytes);
  auto dims = jpeg_dimensions(bytes);
  if (!dims) return 0;
  // Keep each run fast: big (claimed) sizes are decoded only at 1/8, where libjpeg still
  // walks all the entropy data.
  const std::int64_t pixels = std::int64_t(dims->width) * dims->height;
  if (pixels > 16'000'000) return 0;
  auto small = decode_jpeg(bytes, 8);
  if (pixels <= 1'000'000) {
    (void)decode_jpeg(bytes, 1);
    (void)decode_for_detection(bytes, 64);
  }
  if (small) {
    const cv::Rect centre(dims->width / 4, dims->height / 3, std::max(1, dims->width / 2), std::max(1, dims->height / 3));
    (void)decode_region(bytes, centre);
    (void)decode_region(bytes, cv::Rect(0, 0, dims->width + 1, 1));  // outside: an error
  }
  return 0;
}
