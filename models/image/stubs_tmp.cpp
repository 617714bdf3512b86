// Temporary stubs so dependents can link while the implementation lands.
#include "crop_plan.h"
#include "decode.h"
#include "pixel_measures.h"
#include "profile.h"
#include "spec_jpeg.h"

namespace gradbooth::models {
namespace {
Error todo() { return make_error("image.todo", "not implemented yet", "尚未实现"); }
} // namespace
Result<cv::Size> jpeg_dimensions(std::span<const std::uint8_t>) { return todo(); }
Result<DecodedImage> decode_jpeg(std::span<const std::uint8_t>, int) { return todo(); }
Result<DecodedImage> decode_for_detection(std::span<const std::uint8_t>, int) { return todo(); }
Result<cv::Mat> decode_region(std::span<const std::uint8_t>, cv::Rect) { return todo(); }
int exif_orientation(std::span<const std::uint8_t>) { return 1; }
CropPlan plan_crop(const FramingFeatures &, cv::Size, const StandardProfile &) { return {}; }
Result<cv::Mat> render_crop(std::span<const std::uint8_t>, const CropPlan &, const StandardProfile &) { return todo(); }
Result<SpecJpeg> encode_spec_jpeg(const cv::Mat &, const StandardProfile &) { return todo(); }
Result<std::vector<std::uint8_t>> encode_jpeg_at(const cv::Mat &, int, int) { return todo(); }
PixelMeasures measure_pixels(const cv::Mat &, const FaceLandmarks &, const StandardProfile &) { return {}; }
Result<StandardProfile> parse_profile(std::string_view) { return todo(); }
Result<Standard> parse_standard(std::string_view) { return todo(); }
} // namespace gradbooth::models
