// Times each step of models/image on a 24 MP (6000×4000) camera-like JPEG made in memory by
// upscaling a real FGNet frame (720×576 → 5000×4000, sides widened by repeating the edge
// columns) and adding sensor-like grain, encoded 4:2:2 q92 like a DSLR.
// Prints median and p95 of N runs per step.
#include "dlib_landmarks.h"
#include "libjpeg_writer.h"
#include "pictures.h"

#include <image/crop_plan.h>
#include <image/decode.h>
#include <image/pixel_measures.h>
#include <image/spec_jpeg.h>

#include <opencv2/imgproc.hpp>

#include <cstdio>

#include <algorithm>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <vector>

using namespace gradbooth::models;

namespace {

// 4:2:2 at quality 92, as most DSLRs write.
std::vector<std::uint8_t> camera_jpeg(const cv::Mat &bgr) {
  return gradbooth::test::libjpeg_encode(bgr, {.quality = 92, .h_samp = 2, .v_samp = 1});
}

void time_step(const char *name, int n, const std::function<void()> &step) {
  std::vector<double> ms;
  step();  // warm caches and allocators
  for (int i = 0; i < n; ++i) {
    const auto t0 = std::chrono::steady_clock::now();
    step();
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  const double median = ms[ms.size() / 2];
  const double p95 = ms[std::min(ms.size() - 1, static_cast<std::size_t>(0.95 * static_cast<double>(ms.size())))];
  std::printf("%-44s n=%-3d median %8.2f ms   p95 %8.2f ms   min %8.2f ms\n", name, n, median, p95, ms.front());
}

[[noreturn]] void die(const std::string &what) {
  std::fprintf(stderr, "bench_image: %s\n", what.c_str());
  std::exit(1);
}

}  // namespace

int main(int argc, char **argv) {
  const int n = argc > 1 ? std::max(3, std::atoi(argv[1])) : 15;
  const char *subjects = std::getenv("GRADBOOTH_SUBJECTS");
  const std::filesystem::path frame = std::filesystem::path(subjects ? subjects : GRADBOOTH_DEFAULT_SUBJECTS) / "booth_01829.jpg";
  const char *model = "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";
  if (!std::filesystem::exists(frame) || !std::filesystem::exists(model)) {
    std::fprintf(stderr, "bench_image: SKIP, needs %s and %s\n", frame.c_str(), model);
    return 77;
  }
  std::ifstream in(frame, std::ios::binary);
  const std::vector<std::uint8_t> small_jpeg{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  auto small = decode_jpeg(small_jpeg, 1);
  if (!small) die(small.error().message_en);

  // The booth subject (2400×3200) → 4240×5653 (24 MP, a portrait camera's 3:4), plus grain like a
  // sensor at ISO 200.
  constexpr int kW = 4240, kH = 5653;
  const double up = double(kH) / small->bgr.rows;
  cv::Mat big = gradbooth::test::camera_sized(small->bgr, cv::Size(kW, kH), 3.0, 7);
  const std::vector<std::uint8_t> jpeg = camera_jpeg(big);
  big.release();
  std::printf("input: %dx%d 4:2:2 q92 JPEG, %zu bytes; %d runs per step\n", kW, kH, jpeg.size(), n);

  // Landmarks once (dlib on the small frame), mapped to full resolution.
  auto lm_small = image_test::find_landmarks(small->bgr, model);
  if (!lm_small) die("no face found");
  const FaceLandmarks face_full = scaled(*lm_small, up);

  DecodedImage detection;
  time_step("jpeg_dimensions", n, [&] { (void)jpeg_dimensions(jpeg).ok(); });
  time_step("decode_for_detection (1/4 -> 1060x1413)", n, [&] {
    auto d = decode_for_detection(jpeg, 1000);
    if (!d) die(d.error().message_en);
    detection = std::move(*d);
  });
  time_step("decode_jpeg 1/8 (530x707)", n, [&] { (void)decode_jpeg(jpeg, 8).ok(); });
  time_step("decode_jpeg full (24 MP, reference)", std::max(3, n / 3), [&] { (void)decode_jpeg(jpeg, 1).ok(); });

  const FaceLandmarks face_det = scaled(face_full, 1.0 / detection.scale_denom);
  PixelMeasures m;
  time_step("measure_pixels on the 1/4 decode", n, [&] { m = measure_pixels(detection.bgr, face_det, StandardProfile{}); });
  if (m.head_top_y <= 0) die("head top not found");

  const StandardProfile p;
  double eyes = 0;
  for (int i = 36; i <= 47; ++i) eyes += face_full.points[static_cast<std::size_t>(i)].y / 12.0;
  const FramingFeatures f{m.head_top_y * detection.scale_denom, eyes, face_full.points[lm::kChin].y, face_full.points[lm::kJawLeft].x,
                          face_full.points[lm::kJawRight].x};
  CropPlan plan;
  time_step("plan_crop", n, [&] { plan = plan_crop(f, {kW, kH}, p); });
  if (!plan.fits) die("plan does not fit: " + plan.reason_en);
  std::printf("plan: source %.0fx%.0f at (%.0f,%.0f), scale %.3f\n", plan.source.width, plan.source.height, plan.source.x, plan.source.y,
              plan.scale);
  const cv::Rect region(static_cast<int>(plan.source.x), static_cast<int>(plan.source.y), static_cast<int>(plan.source.width),
                        static_cast<int>(plan.source.height));
  time_step("decode_region (crop rectangle, full res)", n, [&] { (void)decode_region(jpeg, region).ok(); });
  cv::Mat photo;
  time_step("render_crop (region decode + INTER_AREA)", n, [&] {
    auto r = render_crop(jpeg, plan, p);
    if (!r) die(r.error().message_en);
    photo = *r;
  });
  time_step("encode_jpeg_at q98 (one encode, 960x1280)", n, [&] { (void)encode_jpeg_at(photo, 98, 300).ok(); });
  SpecJpeg spec;
  time_step("encode_spec_jpeg (quality search)", n, [&] {
    auto s = encode_spec_jpeg(photo, p);
    if (!s) die(s.error().message_en);
    spec = std::move(*s);
  });
  std::printf("spec jpeg: q%d (chroma q%d), %zu bytes, %d full + %d sample encodes, under window: %s\n", spec.quality, spec.chroma_quality,
              spec.bytes.size(), spec.encodes, spec.sample_encodes, spec.under_window ? "yes" : "no");
  time_step("image part of the pipeline (detect decode +\n  measures + plan + render + spec encode)", std::max(3, n / 2), [&] {
    auto d = decode_for_detection(jpeg, 1000);
    const PixelMeasures mm = measure_pixels(d->bgr, scaled(face_full, 1.0 / d->scale_denom), p);
    const FramingFeatures ff{mm.head_top_y * d->scale_denom, f.eye_line_y, f.chin_y, f.cheek_left_x, f.cheek_right_x};
    const CropPlan pl = plan_crop(ff, d->original_size, p);
    auto r = render_crop(jpeg, pl, p);
    if (!r) die(r.error().message_en);
    (void)encode_spec_jpeg(*r, p).ok();
  });
  // The alternative the second render_crop overload allows: one decode at 1/2 serves both
  // detection (resized to a quarter) and the crop.
  time_step("one-pass variant: decode 1/2 + resize to\n  1/4 + measures + render from it + spec encode", std::max(3, n / 2), [&] {
    auto half = decode_jpeg(jpeg, 2);
    if (!half) die(half.error().message_en);
    cv::Mat det;
    cv::resize(half->bgr, det, cv::Size(kW / 4, kH / 4), 0, 0, cv::INTER_AREA);
    const PixelMeasures mm = measure_pixels(det, scaled(face_full, 0.25), p);
    const FramingFeatures ff{mm.head_top_y * 4, f.eye_line_y, f.chin_y, f.cheek_left_x, f.cheek_right_x};
    const CropPlan pl = plan_crop(ff, half->original_size, p);
    auto r = render_crop(*half, pl, p);
    if (!r) die(r.error().message_en);
    (void)encode_spec_jpeg(*r, p).ok();
  });
  return 0;
}
