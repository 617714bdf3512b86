// check(): one decode (at 1/2 or 1/4 for a large camera file, else a reduced decode for
// detection plus a region decode of the crop) → detect → landmarks → measures → crop plan →
// pixel measures around the subject → crop → everything the photo shows re-measured on it →
// verdict → spec JPEG. guide(): detect on a small copy of the preview, landmarks at preview
// size, one hint.
#include "analyzer.h"

#include "face/face_finder.h"
#include "image/decode.h"
#include "image/pixel_measures.h"
#include "image/spec_jpeg.h"
#include "measures/landmark_measures.h"
#include "measures_json.h"
#include "verdict.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <mutex>

namespace gradbooth::models {
namespace {

// HOG finds faces down to ~80 px: 960 px on the long side keeps a group photo's faces findable
// (which the `faces` check needs) at ~50 ms; a booth face is far larger.
constexpr int kDetectLongSide = 960;
constexpr int kDetectMinLongSide = 640;
// The one-pass decode is shrunk to this long side for the analysis (a 24 MP file: 1/2 → 1/4 →
// 685 px, the same image the two-pass path detects on at 1/8).
constexpr int kOnePassAnalysisSide = 720;
// Live view: a seated student's face is >= 1/5 of the frame width, i.e. >= 90 px at 480 (~15 ms).
constexpr int kGuideDetectWidth = 480;
// Tracking window (3× the last face's landmark bounds) scaled to this width: the face ~100 px.
constexpr int kGuideTrackWidth = 300;
constexpr int kGuideFullEvery = 5;

struct Found {
  int count = 0;
  std::optional<FaceLandmarks> face;  // largest face, in `gray`'s coordinates
};

// The DCT reduction (2 or 4) at which a booth photo's crop still has at least the output's
// pixels, 0 when none does. The crop is not known before detection: a booth subject's crop is
// at least ~60 % of the largest crop the frame allows (the face fills the standard's framing
// from a seated distance); a smaller crop falls back to the JPEG at render time.
int one_pass_denom(cv::Size full, const StandardProfile &p) {
  if (p.width <= 0 || p.height <= 0) return 0;
  const double largest_crop_w = std::min<double>(full.width, double(full.height) * p.width / p.height);
  for (int denom : {4, 2})
    if (0.6 * largest_crop_w / denom >= p.width) return denom;
  return 0;
}

// Detect on a copy no larger than `max_side` wide/long, landmarks on the full `gray`.
Found find_faces(FaceFinder &finder, const cv::Mat &gray, int max_side, bool by_width) {
  const int side = by_width ? gray.cols : std::max(gray.cols, gray.rows);
  const double k = side > max_side ? double(max_side) / side : 1.0;
  cv::Mat small = gray;
  if (k < 1.0) cv::resize(gray, small, cv::Size(), k, k, cv::INTER_AREA);
  const auto dets = finder.detect(small);
  Found out;
  out.count = static_cast<int>(dets.size());
  if (dets.empty()) return out;
  // The student is the largest face; its box goes back to `gray`'s scale.
  const auto main = std::max_element(dets.begin(), dets.end(),
                                     [](const auto &a, const auto &b) { return a.box.area() < b.box.area(); });
  const cv::Rect box(cv::Point(static_cast<int>(main->box.x / k), static_cast<int>(main->box.y / k)),
                     cv::Size(static_cast<int>(main->box.width / k), static_cast<int>(main->box.height / k)));
  out.face = finder.landmarks(gray, box, main->score);
  return out;
}

cv::Mat to_gray(const cv::Mat &bgr) {
  cv::Mat gray;
  if (bgr.channels() == 1) return bgr;
  cv::cvtColor(bgr, gray, bgr.channels() == 4 ? cv::COLOR_BGRA2GRAY : cv::COLOR_BGR2GRAY);
  return gray;
}

double eye_line_of(const FaceLandmarks &f) {
  double y = 0;
  for (int i = lm::kLeftEyeOuter; i <= lm::kLeftEyeOuter + 11; ++i) y += f.points[static_cast<std::size_t>(i)].y;
  return y / 12.0;
}

FaceLandmarks into_crop(const FaceLandmarks &f, const CropPlan &plan) {
  FaceLandmarks out = f;
  const auto tl = plan.source.tl();
  for (auto &p : out.points)
    p = cv::Point2f(static_cast<float>((p.x - tl.x) * plan.scale), static_cast<float>((p.y - tl.y) * plan.scale));
  out.box = cv::Rect(static_cast<int>((f.box.x - tl.x) * plan.scale), static_cast<int>((f.box.y - tl.y) * plan.scale),
                     static_cast<int>(f.box.width * plan.scale), static_cast<int>(f.box.height * plan.scale));
  return out;
}

// The crop's surroundings: a quarter of its width more on each side, a tenth of its height
// above and below (beside the cheeks the standard leaves only ~1.2 cm of backdrop).
cv::Rect2d neighbourhood_of(const cv::Rect2d &c) {
  return {c.x - 0.25 * c.width, c.y - 0.1 * c.height, 1.5 * c.width, 1.2 * c.height};
}

// Where a standard crop would sit around this face when none fits: the face (cheek to cheek)
// about 40 % of the photo's width, the photo 4:3 tall with the eyes at 3/8 of its height; the
// same surroundings as a fitting crop's on top.
cv::Rect2d subject_window(const FaceLandmarks &full) {
  const double left = full.points[lm::kJawLeft].x, right = full.points[lm::kJawRight].x;
  const double face_w = std::max(1.0, static_cast<double>(right - left));
  const double cx = 0.5 * (left + right);
  // The default standard's aims: face 375 of 960 px wide, eyes at 480 of 1280.
  const double w = face_w / (375.0 / 960.0), h = w * 4.0 / 3.0;
  return neighbourhood_of({cx - 0.5 * w, eye_line_of(full) - 0.375 * h, w, h});
}

// The landmarks fitted again on the rendered photo, starting from where the crop put the
// detector's box: the framing is then read from the photo's own pixels (a wrong crop or a
// resampling shift shows up), at the cost of one shape-predictor pass (~4 ms).
FaceLandmarks refit_on(const cv::Mat &photo_bgr, const FaceLandmarks &mapped, const FaceFinder &finder) {
  const cv::Mat gray = to_gray(photo_bgr);
  return finder.landmarks(gray, mapped.box, mapped.detector_score);
}

OutputFraming framing_on_photo(const FaceLandmarks &f, const PixelMeasures &px) {
  OutputFraming o;
  o.head_top = px.head_top_y;
  o.eye_line = eye_line_of(f);
  o.face_width = std::abs(f.points[lm::kJawRight].x - f.points[lm::kJawLeft].x);
  o.chin = f.points[lm::kChin].y;
  o.shoulders_left = px.shoulder_columns_left;
  o.shoulders_right = px.shoulder_columns_right;
  o.shoulder_tilt_deg = px.shoulder_tilt_deg;
  return o;
}

} // namespace

struct Analyzer::Impl {
  Standard standard;
  std::unique_ptr<FaceFinder> check_finder, guide_finder;
  std::mutex check_lock, guide_lock;
  std::optional<cv::Rect> previous_box;  // guide(): last frame's face (landmark bounds)
  int tracked_frames = 0;                // guide(): frames since the last whole-frame detection
};

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::~Analyzer() = default;

Result<std::unique_ptr<Analyzer>> Analyzer::load(const std::string &landmark_model_path, Standard standard) {
  auto finder = FaceFinder::load(landmark_model_path);
  if (!finder) return finder.error();
  auto impl = std::make_unique<Impl>();
  impl->standard = std::move(standard);
  impl->guide_finder = (*finder)->sibling();
  impl->check_finder = std::move(finder.value());
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(impl)));
}

const Standard &Analyzer::standard() const { return impl_->standard; }

Result<PhotoReport> Analyzer::check(std::span<const std::uint8_t> camera_jpeg) {
  std::lock_guard lock(impl_->check_lock);
  const StandardProfile &profile = impl_->standard.profile;
  auto dims = jpeg_dimensions(camera_jpeg);
  if (!dims) return dims.error();
  // A camera file large enough for the photo at 1/2 or 1/4 is decoded once, at that size: the
  // detection works on a resize of it and the crop is cut from it (one pass over the entropy
  // data). Otherwise (small files, or a crop too small to keep its resolution) the reduced
  // decode for detection is followed by a region decode of just the crop.
  const int one_pass = one_pass_denom(*dims, profile);
  auto decoded = one_pass > 0 ? decode_jpeg(camera_jpeg, one_pass) : decode_for_detection(camera_jpeg, kDetectMinLongSide);
  if (!decoded) return decoded.error();
  // `d` is what the analysis looks at: at most 720 px on the long side, like the 1/8 decode of
  // a 24 MP file (HOG's cost grows with the area; the booth face is still ~200 px there, and the
  // landmarks and pixel measures around the crop need no more).
  DecodedImage d = *decoded;
  // By an integer factor of whole blocks: INTER_AREA's block-averaging fast path (a fractional
  // factor costs several times more); the last f-1 columns/rows at most are left out.
  int shrink = 1;
  if (const int long_side = std::max(d.bgr.cols, d.bgr.rows); one_pass > 0 && long_side > kOnePassAnalysisSide) {
    shrink = (long_side + kOnePassAnalysisSide - 1) / kOnePassAnalysisSide;
    const cv::Size small(d.bgr.cols / shrink, d.bgr.rows / shrink);
    cv::resize(decoded->bgr(cv::Rect(0, 0, small.width * shrink, small.height * shrink)), d.bgr, small, 0, 0, cv::INTER_AREA);
  }
  const cv::Mat gray = to_gray(d.bgr);
  // Reduced pixel x covers full-resolution pixels [x·to_full, (x+1)·to_full).
  const double to_full = one_pass > 0 ? double(one_pass * shrink) : double(d.original_size.width) / d.bgr.cols;

  Measurements m;
  MeasureLog log;
  m.exif_orientation = d.exif_orientation;
  const Found found = find_faces(*impl_->check_finder, gray, kDetectLongSide, false);
  m.face_count = found.count;
  log.face_count = found.count;
  log.original_size = d.original_size;
  log.scale_denom = d.scale_denom;

  PhotoReport report;
  if (found.face) {
    const FaceLandmarks full = scaled(*found.face, to_full);
    m.face = measure_landmarks(full, d.original_size);
    m.source_eye_distance = m.face->eye_distance;
    log.face = full;
    log.landmarks = m.face;
  }
  if (found.face && found.count == 1) {
    const FaceLandmarks full = scaled(*found.face, to_full);
    // Hair top on the reduced image (the planner needs it before any crop exists).
    const PixelMeasures whole = measure_pixels(d.bgr, *found.face, profile);
    log.head_top_reduced = whole.head_top_y;
    FramingFeatures framing;
    // Hair touching the top edge (-1): the head top is at or above the frame, so plan with 0.
    framing.head_top_y = whole.head_top_y >= 0 ? whole.head_top_y * to_full : 0.0;
    framing.eye_line_y = eye_line_of(full);
    framing.chin_y = full.points[lm::kChin].y;
    framing.cheek_left_x = full.points[lm::kJawLeft].x;
    framing.cheek_right_x = full.points[lm::kJawRight].x;
    m.crop = plan_crop(framing, d.original_size, profile);
    if (whole.head_top_y < 0 && m.crop->fits) {
      // The planner cannot see hair cut off by the frame; the standard needs the whole head.
      m.crop->fits = false;
      m.crop->problem = CropProblem::TooHigh;
      m.crop->gave_up = "head_top";
      m.crop->reason_en = "The top of the head is cut off by the camera frame: move back a little and retake.";
      m.crop->reason_zh = "头顶超出了相机画面，请稍微后退后重拍。";
    }
    report.crop = *m.crop;
    // Before (or without) the photo, the pixel measures look around the subject only: the crop's
    // neighbourhood, a quarter of the crop wider on each side so the background model has room,
    // or, when no crop fits, the window a standard crop would take around this face. The camera
    // frame's edges (stands, lamps, a subject at the edge) never reach the photo.
    m.pixels = whole;
    const cv::Rect2d around = m.crop->source.area() > 0 ? neighbourhood_of(m.crop->source) : subject_window(full);
    const cv::Rect roi = cv::Rect(cv::Point(static_cast<int>(around.x / to_full), static_cast<int>(around.y / to_full)),
                                  cv::Size(static_cast<int>(around.width / to_full), static_cast<int>(around.height / to_full))) &
                         cv::Rect(0, 0, d.bgr.cols, d.bgr.rows);
    if (roi.width > 16 && roi.height > 16) {
      FaceLandmarks local = *found.face;
      for (auto &pt : local.points) pt -= cv::Point2f(static_cast<float>(roi.x), static_cast<float>(roi.y));
      local.box -= roi.tl();
      m.pixels = measure_pixels(d.bgr(roi), local, profile);
    }
    if (m.crop->fits) {
      // From the one decode when it holds enough pixels for this crop, else from the JPEG.
      const bool from_decode = one_pass > 0 && m.crop->scale * one_pass <= 1.0 + 1e-9;
      auto out = from_decode ? render_crop(*decoded, *m.crop, profile) : render_crop(camera_jpeg, *m.crop, profile);
      if (!out) return out.error();
      m.output_size = out->size();
      // Everything the photo shows is judged on the photo itself, at its final resolution, as the
      // agency sees it: the landmarks are fitted again on its own pixels (the framing windows are
      // read from them, not from the plan), and the crown, shoulders, face and the backdrop it
      // leaves (colour, evenness: a lamp or stand beside the crop does not count, a shadow inside
      // it does) are measured on it.
      const FaceLandmarks on_photo = refit_on(*out, into_crop(full, *m.crop), *impl_->check_finder);
      log.output_landmarks = measure_landmarks(on_photo, out->size());
      const PixelMeasures face_px = measure_pixels(*out, on_photo, profile);
      log.head_top_output_measured = face_px.head_top_y;
      m.framing = framing_on_photo(on_photo, face_px);
      if (face_px.background_cells > 0) {
        m.pixels->background_delta_e = face_px.background_delta_e;
        m.pixels->background_mean_rgb = face_px.background_mean_rgb;
        m.pixels->background_unevenness = face_px.background_unevenness;
        m.pixels->background_cells = face_px.background_cells;
      }
      m.pixels->light_ratio = face_px.light_ratio;
      m.pixels->face_luma = face_px.face_luma;
      m.pixels->highlight_fraction = face_px.highlight_fraction;
      m.pixels->sharpness = face_px.sharpness;
      m.pixels->red_eye = face_px.red_eye;
      m.pixels->glare_fraction = face_px.glare_fraction;
      auto spec = encode_spec_jpeg(*out, profile);
      if (!spec) return spec.error();
      m.file_bytes = spec->bytes.size();
      m.file_under_window = spec->under_window;
      report.jpeg_quality = spec->quality;
      report.spec_jpeg = std::move(spec->bytes);
    }
  }
  report.checks = make_verdict(m, impl_->standard);
  report.pass = all_hard_checks_pass(report.checks);
  log.measurements = &m;
  report.measures_json = measures_json(log);
  return report;
}

Guidance Analyzer::guide(const cv::Mat &bgr_preview) {
  std::lock_guard lock(impl_->guide_lock);
  if (bgr_preview.empty()) {
    impl_->previous_box.reset();
    return make_guidance(Hint::NoFace);
  }
  const cv::Mat gray = to_gray(bgr_preview);
  // Tracking: while exactly one face was seen, look only around where it was (the face at
  // ~100 px: a few ms); every kGuideFullEvery-th frame scans the whole frame again so a second
  // person walking in is still noticed.
  Found found;
  bool tracked = false;
  if (impl_->previous_box && impl_->tracked_frames + 1 < kGuideFullEvery) {
    const cv::Rect &p = *impl_->previous_box;
    const cv::Rect roi = cv::Rect(p.x - p.width, p.y - p.height, 3 * p.width, 3 * p.height) & cv::Rect(0, 0, gray.cols, gray.rows);
    if (roi.width > 0 && roi.height > 0) {
      found = find_faces(*impl_->guide_finder, gray(roi), std::max(kGuideTrackWidth, 1), true);
      if (found.count == 1 && found.face) {
        for (auto &pt : found.face->points) pt += cv::Point2f(static_cast<float>(roi.x), static_cast<float>(roi.y));
        found.face->box += roi.tl();
        tracked = true;
      }
    }
  }
  if (!tracked) found = find_faces(*impl_->guide_finder, gray, kGuideDetectWidth, true);
  impl_->tracked_frames = tracked ? impl_->tracked_frames + 1 : 0;
  GuideInput in;
  in.face_count = found.count;
  in.frame = gray.size();
  in.previous = impl_->previous_box;
  if (!found.face || found.count != 1) impl_->previous_box.reset();
  if (!found.face) return make_guidance(Hint::NoFace);
  in.face = *found.face;
  in.measures = measure_landmarks(in.face, in.frame);
  in.plan = plan_on_preview(in.face, in.frame, impl_->standard.profile);
  if (found.count == 1) impl_->previous_box = landmark_bounds(in.face);
  Guidance g = make_guidance(choose_hint(in, impl_->standard), in.face);
  if (found.count == 1 && in.plan.fits) g.crop = in.plan.source;
  return g;
}

Guidance Analyzer::guide_jpeg(std::span<const std::uint8_t> preview_jpeg) {
  // A live-view JPEG is already small; DCT scaling keeps a large one cheap.
  auto decoded = decode_for_detection(preview_jpeg, 480);
  if (!decoded) return make_guidance(Hint::NoFace);
  Guidance g = guide(decoded->bgr);
  if (decoded->scale_denom > 1) {
    const double k = double(decoded->original_size.width) / decoded->bgr.cols;
    if (g.face) g.face = scaled(*g.face, k);
    if (g.crop) g.crop = cv::Rect2d(g.crop->x * k, g.crop->y * k, g.crop->width * k, g.crop->height * k);
  }
  return g;
}

} // namespace gradbooth::models
