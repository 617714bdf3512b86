// The stages of check(). Threads: decode() starts the crop source's decode on a second thread
// (joined by render()), detect() shares the HOG filters out with a second thread, and
// measure_and_encode() runs the spec JPEG's quality search on one while the photo is re-measured.
// All are short-lived threads inside one check() call, so that a large camera file keeps both
// cores busy (DESIGN's "no threads" is about long-lived ones); nothing outlives the call.
#include "analysis/stages.h"

#include "measures/landmark_measures.h"
#include "second_thread.h"

#include <algorithm>
#include <cmath>
#include <exception>

namespace gradbooth::models {
namespace {

// HOG finds faces down to ~80 px: 960 px on the long side keeps a group photo's faces findable
// (which the `faces` check needs) at ~20 ms; a booth face is far larger.
constexpr int kDetectLongSide = 960;
// The reduced decode: the largest DCT reduction whose long side stays at least this (a 24 MP
// file: 1/8, 707 px; the booth face is still ~200 px there, and the landmarks and the pixel
// measures around the crop need no more).
constexpr int kDetectMinLongSide = 640;

// The DCT reduction (2 or 4) at which a booth photo's crop still has at least the output's
// pixels, 0 when none does. The crop is not known before detection: a booth subject's crop is
// at least ~60 % of the largest crop the frame allows (the face fills the standard's framing
// from a seated distance); a smaller crop falls back to the JPEG at render time.
int crop_source_denom(cv::Size full, const StandardProfile &p) {
  if (p.width <= 0 || p.height <= 0) return 0;
  const double largest_crop_w = std::min<double>(full.width, double(full.height) * p.width / p.height);
  for (int denom : {4, 2})
    if (0.6 * largest_crop_w / denom >= p.width) return denom;
  return 0;
}

FaceLandmarks into_crop(const FaceLandmarks &f, const CropPlan &plan) {
  FaceLandmarks out = f;
  const auto tl = plan.source.tl();
  for (auto &p : out.points) p = cv::Point2f(static_cast<float>((p.x - tl.x) * plan.scale), static_cast<float>((p.y - tl.y) * plan.scale));
  out.box = cv::Rect(static_cast<int>((f.box.x - tl.x) * plan.scale), static_cast<int>((f.box.y - tl.y) * plan.scale),
                     static_cast<int>(f.box.width * plan.scale), static_cast<int>(f.box.height * plan.scale));
  return out;
}

// The crop's surroundings: a quarter of its width more on each side, a tenth of its height
// above and below (beside the cheeks the standard leaves only ~1.2 cm of backdrop).
cv::Rect2d neighbourhood_of(const cv::Rect2d &c) { return {c.x - 0.25 * c.width, c.y - 0.1 * c.height, 1.5 * c.width, 1.2 * c.height}; }

// Where the standard's crop would sit around this face when none fits: the face (cheek to cheek)
// as wide as the middle of the profile's face-width aim, the eyes on its eye-line aim; the same
// surroundings as a fitting crop's on top. (Both shipped profiles give the same shape: the face
// 25/64 of the width, the eyes at 3/8 of the height.)
cv::Rect2d subject_window(const FaceLandmarks &full, const StandardProfile &p) {
  const double left = full.points[lm::kJawLeft].x, right = full.points[lm::kJawRight].x;
  const double face_w = std::max(1.0, static_cast<double>(right - left));
  const double cx = 0.5 * (left + right);
  const double face_share = std::max(0.05, 0.5 * (p.face_width_aim_px.min + p.face_width_aim_px.max) / std::max(1, p.width));
  const double w = face_w / face_share, h = w * (double(p.height) / std::max(1, p.width));
  const double eyes_at = p.eye_line_aim_px / std::max(1, p.height);
  return neighbourhood_of({cx - 0.5 * w, eye_line_y(full) - eyes_at * h, w, h});
}

// Before (or without) the photo, the pixel measures look around the subject only: the crop's
// neighbourhood, a quarter of the crop wider on each side so the background model has room,
// or, when no crop fits, the window a standard crop would take around this face. The camera
// frame's edges (stands, lamps, a subject at the edge) never reach the photo.
PixelMeasures measure_around_subject(const Session &s, const PixelMeasures &whole) {
  const cv::Rect2d around =
      s.m.crop->source.area() > 0 ? neighbourhood_of(s.m.crop->source) : subject_window(*s.face_full, s.standard.profile);
  const double k = s.to_full;
  const cv::Rect roi = cv::Rect(cv::Point(static_cast<int>(around.x / k), static_cast<int>(around.y / k)),
                                cv::Size(static_cast<int>(around.width / k), static_cast<int>(around.height / k))) &
      cv::Rect(0, 0, s.reduced.bgr.cols, s.reduced.bgr.rows);
  if (roi.width <= 16 || roi.height <= 16) return whole;
  FaceLandmarks local = *s.face_reduced;
  for (auto &pt : local.points) pt -= cv::Point2f(static_cast<float>(roi.x), static_cast<float>(roi.y));
  local.box -= roi.tl();
  return measure_pixels(s.reduced.bgr(roi), local, s.standard.profile);
}

// The landmarks fitted again on the rendered photo, starting from where the crop put the
// detector's box: the framing is then read from the photo's own pixels (a wrong crop or a
// resampling shift shows up), at the cost of one shape-predictor pass (~4 ms).
FaceLandmarks refit_on(const cv::Mat &photo_bgr, const FaceLandmarks &mapped, const FaceFinder &finder) {
  return finder.landmarks(to_gray(photo_bgr), mapped.box, mapped.detector_score);
}

OutputFraming framing_on_photo(const FaceLandmarks &f, const PixelMeasures &px) {
  OutputFraming o;
  o.head_top = px.head_top_y;
  o.eye_line = eye_line_y(f);
  o.face_width = std::abs(f.points[lm::kJawRight].x - f.points[lm::kJawLeft].x);
  o.chin = f.points[lm::kChin].y;
  o.shoulders_left = px.shoulder_columns_left;
  o.shoulders_right = px.shoulder_columns_right;
  o.shoulder_tilt_deg = px.shoulder_tilt_deg;
  return o;
}

// What the photo shows replaces what was seen around the subject: the face's measures always,
// the backdrop's when the photo shows some (a lamp or stand beside the crop does not count, a
// shadow inside it does).
void take_photo_measures(PixelMeasures &into, const PixelMeasures &photo) {
  if (photo.background_cells > 0) {
    into.background_delta_e = photo.background_delta_e;
    into.background_mean_rgb = photo.background_mean_rgb;
    into.background_unevenness = photo.background_unevenness;
    into.background_cells = photo.background_cells;
  }
  into.light_ratio = photo.light_ratio;
  into.face_luma = photo.face_luma;
  into.highlight_fraction = photo.highlight_fraction;
  into.sharpness = photo.sharpness;
  into.red_eye = photo.red_eye;
  into.glare_fraction = photo.glare_fraction;
}

}  // namespace

Result<void> decode(Session &s) {
  auto dims = jpeg_dimensions(s.jpeg);
  if (!dims) return dims.error();
  CropSource &src = s.source;
  src.denom = crop_source_denom(*dims, s.standard.profile);
  if (src.denom > 0) {
    // Its pixels come from this thread's heap, as a one-thread decode's would (the peak memory
    // stays that of one decode). Without the memory, the photo is region-decoded from the JPEG.
    try {
      src.size = cv::Size((dims->width + src.denom - 1) / src.denom, (dims->height + src.denom - 1) / src.denom);
      src.image.bgr.create(src.size, CV_8UC3);
      src.done = on_second_thread([&src, jpeg = s.jpeg] { return decode_jpeg_into(jpeg, src.denom, src.image, &src.gate); });
    } catch (const std::exception &) { src.image.bgr.release(); }
  }
  auto decoded = decode_for_detection(s.jpeg, kDetectMinLongSide);
  if (!decoded) return decoded.error();
  s.reduced = std::move(decoded.value());
  s.gray = to_gray(s.reduced.bgr);
  s.to_full = double(s.reduced.original_size.width) / s.reduced.bgr.cols;
  s.m.exif_orientation = s.reduced.exif_orientation;
  s.log.original_size = s.reduced.original_size;
  s.log.scale_denom = s.reduced.scale_denom;
  return {};
}

void detect(Session &s) {
  // The HOG filters take both cores: the crop source's decode waits meanwhile (it has usually
  // passed the crop's bottom already), and goes on only when there is one face to cut a photo of.
  s.source.gate.hold();
  s.detected = detect_main_face(s.finder, s.gray, kDetectLongSide, false, true);
  s.m.face_count = s.detected.count;
  s.log.face_count = s.detected.count;
  if (s.detected.count == 1 && s.detected.main) s.source.gate.open();
  else s.source.gate.settle(0);
}

void landmarks(Session &s) {
  if (!s.detected.main) return;
  s.face_reduced = s.finder.landmarks(s.gray, s.detected.main->box, s.detected.main->score);
  s.face_full = scaled(*s.face_reduced, s.to_full);
  s.log.face = s.face_full;
}

namespace {

// The crop from the landmarks and the hair top on the whole reduced image.
void plan_crop_of_face(Session &s) {
  if (!s.face_reduced || s.m.face_count != 1) return;
  const FaceLandmarks &full = *s.face_full;
  // Hair top on the reduced image (the planner needs it before any crop exists).
  s.whole = measure_pixels(s.reduced.bgr, *s.face_reduced, s.standard.profile);
  const PixelMeasures &whole = *s.whole;
  s.log.head_top_reduced = whole.head_top_y;
  FramingFeatures framing;
  // Hair touching the top edge (-1): the head top is at or above the frame, so plan with 0.
  framing.head_top_y = whole.head_top_y >= 0 ? whole.head_top_y * s.to_full : 0.0;
  framing.eye_line_y = eye_line_y(full);
  framing.chin_y = full.points[lm::kChin].y;
  framing.cheek_left_x = full.points[lm::kJawLeft].x;
  framing.cheek_right_x = full.points[lm::kJawRight].x;
  CropPlan crop = plan_crop(framing, s.reduced.original_size, s.standard.profile);
  if (whole.head_top_y < 0 && crop.fits) {
    // The planner cannot see hair cut off by the frame; the standard needs the whole head.
    crop.fits = false;
    crop.problem = CropProblem::TooHigh;
    crop.gave_up = "head_top";
    crop.reason_en = "The top of the head is cut off by the camera frame: move back a little and retake.";
    crop.reason_zh = "头顶超出了相机画面，请稍微后退后重拍。";
  }
  s.m.crop = std::move(crop);
}

// The crop source's decode stops at the last row the photo needs (at once when it needs none).
void settle_crop_source(Session &s) {
  const CropSource &src = s.source;
  const bool cut_from_source = src.denom > 0 && s.m.crop && s.m.crop->fits && s.m.crop->scale * src.denom <= 1.0 + 1e-9;
  s.source.gate.settle(cut_from_source ? crop_rows_needed(*s.m.crop, src.denom, src.size) : 0);
}

}  // namespace

void plan(Session &s) {
  plan_crop_of_face(s);
  settle_crop_source(s);
}

Result<void> render(Session &s) {
  settle_crop_source(s);  // (plan() has, unless a caller skipped it)
  const bool have_source = s.source.done.valid() && s.source.done.get().ok();
  DecodedImage source = std::move(s.source.image);  // released when the photo is cut
  if (!s.m.crop || !s.m.crop->fits) return {};
  const CropPlan &crop = *s.m.crop;
  // From the crop source when it holds the crop's pixels at enough resolution (its errors all
  // mean "not from me"), else from the JPEG.
  if (have_source)
    if (auto cut = render_crop(source, crop, s.standard.profile)) s.photo = std::move(cut.value());
  const bool from_source = !s.photo.empty();
  if (!from_source) {
    auto cut = render_crop(s.jpeg, crop, s.standard.profile);
    if (!cut) return cut.error();
    s.photo = std::move(cut.value());
  }
  s.m.output_size = s.photo.size();
  if (from_source) s.log.crop_source_scale_denom = s.source.denom;
  return {};
}

void measure(Session &s) {
  if (s.face_full) {
    s.m.face = measure_landmarks(*s.face_full, s.reduced.original_size);
    s.m.source_eye_distance = s.m.face->eye_distance;
    s.log.landmarks = s.m.face;
  }
  if (!s.whole) return;  // nothing planned
  s.m.pixels = measure_around_subject(s, *s.whole);
  if (s.photo.empty()) return;
  // Everything the photo shows is judged on the photo itself, at its final resolution, as the
  // agency sees it: the landmarks are fitted again on its own pixels (the framing windows are
  // read from them, not from the plan), and the crown, shoulders, face and the backdrop it
  // leaves are measured on it.
  const FaceLandmarks on_photo = refit_on(s.photo, into_crop(*s.face_full, *s.m.crop), s.finder);
  s.log.output_landmarks = measure_landmarks(on_photo, s.photo.size());
  const PixelMeasures face_px = measure_pixels(s.photo, on_photo, s.standard.profile);
  s.log.head_top_output_measured = face_px.head_top_y;
  s.m.framing = framing_on_photo(on_photo, face_px);
  take_photo_measures(*s.m.pixels, face_px);
}

Result<void> encode(Session &s) {
  if (s.photo.empty()) return {};
  auto spec = encode_spec_jpeg(s.photo, s.standard.profile);
  if (!spec) return spec.error();
  s.m.file_bytes = spec->bytes.size();
  s.m.file_under_window = spec->under_window;
  s.spec = std::move(spec.value());
  return {};
}

Result<void> measure_and_encode(Session &s) {
  if (s.photo.empty()) {
    measure(s);
    return {};
  }
  // encode() writes only the spec and the file's size, measure() only the rest.
  auto encoded = on_second_thread([&s] { return encode(s); });
  measure(s);
  return encoded.get();
}

PhotoReport report(Session &s) {
  PhotoReport r;
  if (s.m.crop) r.crop = *s.m.crop;
  if (s.spec) {
    r.jpeg_quality = s.spec->quality;
    r.spec_jpeg = std::move(s.spec->bytes);
  }
  r.checks = make_verdict(s.m, s.standard);
  r.pass = all_hard_checks_pass(r.checks);
  s.log.measurements = &s.m;
  s.log.standard = &s.standard;
  r.measures_json = measures_json(s.log);
  return r;
}

}  // namespace gradbooth::models
