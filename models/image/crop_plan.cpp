// The crop planner. Every window of the standard is an interval: the face-width window bounds
// the scales, and at each scale the crown, eye-line and chin windows and the camera frame each
// bound where the crop's top may be. Scales are tried from the face-width aim outward; the first
// pass takes only placements that meet every aim, the second any that meets every hard window.
// Inside what is allowed the crop's top goes where the eye line meets its aim, the crop is
// centred on the face, and only the camera frame may push it off centre (up to a limit).
#include "crop_plan.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <optional>
#include <vector>

namespace gradbooth::models {
namespace {

struct Interval {
  double lo, hi;
  bool empty() const { return lo > hi + 1e-9; }
  Interval meet(Interval o) const { return {std::max(lo, o.lo), std::min(hi, o.hi)}; }
  double nearest(double v) const { return std::clamp(v, lo, std::max(lo, hi)); }
};

struct Placement {
  double scale, x0, y0;
};

class Planner {
public:
  Planner(const FramingFeatures &f, cv::Size src, const StandardProfile &p) : f_(f), src_(src), p_(p) {}

  double face_width() const { return f_.cheek_right_x - f_.cheek_left_x; }
  double centre_x() const { return 0.5 * (f_.cheek_left_x + f_.cheek_right_x); }
  double scale_for(double out_width) const { return out_width / face_width(); }

  // Where the crop's top may be so that a feature at source row `y` lands in output rows `r`.
  static Interval top_for(double y, Range r, double s) { return {y - r.max / s, y - r.min / s}; }

  // The hard windows less a margin: the photo is measured again once rendered (landmarks fitted
  // on its own pixels move by a pixel or two), and a plan on a window's very edge would fail then.
  double margin() const { return 0.004 * p_.height; }
  Range inner(Range r) const { return {r.min + margin(), r.max - margin()}; }
  Interval rules_y(double s) const {
    return top_for(f_.head_top_y, inner(p_.head_top_px), s)
        .meet(top_for(f_.eye_line_y, inner(p_.eye_line_px), s))
        .meet(top_for(f_.chin_y, Range{-1e9, p_.chin_max_px - margin()}, s));
  }
  Interval aims_y(double s) const { return top_for(f_.head_top_y, p_.head_top_aim_px, s).meet(top_for(f_.chin_y, p_.chin_aim_px, s)); }
  Interval frame_y(double s) const { return {0, src_.height - p_.height / s}; }
  double ideal_y(double s) const { return f_.eye_line_y - p_.eye_line_aim_px / s; }
  double ideal_x(double s) const { return centre_x() - 0.5 * p_.width / s; }
  Interval frame_x(double s) const { return {0, src_.width - p_.width / s}; }

  std::optional<Placement> place(double s, bool with_aims) const {
    const Interval fx = frame_x(s);
    if (fx.empty()) return std::nullopt;
    const double x0 = fx.nearest(ideal_x(s));
    if (std::abs(x0 - ideal_x(s)) * s > p_.centre_offset_max_px + 1e-9) return std::nullopt;
    Interval y = rules_y(s).meet(frame_y(s));
    if (with_aims) y = y.meet(aims_y(s));
    if (y.empty()) return std::nullopt;
    return Placement{s, x0, y.nearest(ideal_y(s))};
  }

private:
  const FramingFeatures &f_;
  cv::Size src_;
  const StandardProfile &p_;
};

// Scales from the aim's middle outward, first across the aim, then across the hard window.
std::vector<double> scales_to_try(const Planner &pl, const StandardProfile &p, bool aims_only) {
  const double mid = pl.scale_for(0.5 * (p.face_width_aim_px.min + p.face_width_aim_px.max));
  const Range span = aims_only ? p.face_width_aim_px : pl.inner(p.face_width_px);
  const double lo = pl.scale_for(span.min), hi = pl.scale_for(span.max);
  constexpr int kSteps = 40;
  std::vector<double> out;
  for (int k = 0; k <= kSteps; ++k) out.push_back(lo + (hi - lo) * k / kSteps);
  out.push_back(std::clamp(mid, lo, hi));
  std::stable_sort(out.begin(), out.end(), [&](double a, double b) { return std::abs(a - mid) < std::abs(b - mid); });
  return out;
}

void refuse(CropPlan &plan, CropProblem problem, std::string gave_up, std::string en, std::string zh) {
  plan.fits = false;
  plan.problem = problem;
  plan.gave_up = std::move(gave_up);
  plan.reason_en = std::move(en);
  plan.reason_zh = std::move(zh);
}

// No scale fits: say which window had to be given up, the face's own proportions first (the
// student can act on those: hair, posture), then where the camera frame is short.
void explain(const Planner &pl, const FramingFeatures &f, cv::Size src, const StandardProfile &p, CropPlan &plan) {
  const double s_small = pl.scale_for(p.face_width_px.min), s_large = pl.scale_for(p.face_width_px.max);
  const double head = f.chin_y - f.head_top_y, crown_eye = f.eye_line_y - f.head_top_y, eye_chin = f.chin_y - f.eye_line_y;
  char figures[160];
  if (head * s_small > p.chin_max_px - p.head_top_px.min || eye_chin * s_small > p.chin_max_px - p.eye_line_px.min) {
    std::snprintf(figures, sizeof figures, " (hair top to chin is %.2f face widths; the standard's frame holds at most %.2f)",
                  head / pl.face_width(), (p.chin_max_px - p.head_top_px.min) / p.face_width_px.min);
    return refuse(plan, CropProblem::HeadTooTall, "chin",
                  std::string("From the top of the hair to the chin the head is too tall for the standard's frame") + figures +
                      ": the chin would fall below the upper-body line. Flatten or untie high hair (no bun, no hat) and retake.",
                  "从头发顶部到下巴的高度超出了标准画面（下巴会低于规定位置、上身不足）。请放下或压低高发髻、摘下帽子后重拍。");
  }
  if (crown_eye * s_small > p.eye_line_px.max - p.head_top_px.min)
    return refuse(plan, CropProblem::EyesTooLow, "eye_line",
                  "The hair rises too high above the eyes for the standard: with the hair top in its window the eyes fall "
                  "below theirs. Flatten or untie high hair and retake.",
                  "头发太高：头顶在规定位置时，眼睛低于规定位置。请压低或放下头发后重拍。");
  if (crown_eye * s_large < p.eye_line_px.min - p.head_top_px.max)
    return refuse(plan, CropProblem::HeadTooTall, "head_top",
                  "The top of the head was not found where it should be above the eyes (hair cut off or hidden): sit "
                  "upright, facing the camera, and retake.",
                  "未能在眼睛上方正确找到头顶（头发可能被截断或遮挡）。请坐直、正对相机后重拍。");
  // The face's proportions fit: the camera frame is short somewhere. Judge at the aim's scale.
  const double s = pl.scale_for(0.5 * (p.face_width_aim_px.min + p.face_width_aim_px.max));
  if (p.width / s > src.width || p.height / s > src.height)
    return refuse(plan, CropProblem::TooClose, "frame",
                  "Too close to the camera: the photo would need more than the camera frame. Sit back a little.",
                  "离相机太近，画面容纳不下标准照片。请稍向后坐。");
  const double x0 = pl.ideal_x(s);
  if (x0 < 0)
    return refuse(plan, CropProblem::TooFarLeft, "frame",
                  "Too near the edge of the picture on your right. Move a little to your left, to the centre.",
                  "人像太靠画面边缘（您的右侧）。请向左移到中间。");
  if (x0 > src.width - p.width / s)
    return refuse(plan, CropProblem::TooFarRight, "frame",
                  "Too near the edge of the picture on your left. Move a little to your right, to the centre.",
                  "人像太靠画面边缘（您的左侧）。请向右移到中间。");
  if (pl.rules_y(s).hi < 0 || pl.ideal_y(s) < 0)
    return refuse(plan, CropProblem::TooHigh, "head_top",
                  "Too little room above your head in the camera picture. Sit a little lower or further back.",
                  "相机画面中头顶上方空间不足。请稍坐低一些或稍向后坐。");
  return refuse(plan, CropProblem::TooLow, "shoulders",
                "Too low in the camera picture: your shoulders would be cut off. Sit up straight or a little further back.",
                "人像在相机画面中太靠下，肩部会被截断。请坐直或稍向后坐。");
}

}  // namespace

CropPlan plan_crop(const FramingFeatures &f, cv::Size source_size, const StandardProfile &p) {
  CropPlan plan;
  const bool finite = std::isfinite(f.head_top_y) && std::isfinite(f.eye_line_y) && std::isfinite(f.chin_y) &&
      std::isfinite(f.cheek_left_x) && std::isfinite(f.cheek_right_x);
  if (!finite || f.cheek_right_x - f.cheek_left_x < 4 || !(f.head_top_y < f.eye_line_y && f.eye_line_y < f.chin_y) ||
      source_size.width <= 0 || source_size.height <= 0 || p.face_width_px.min <= 0) {
    refuse(plan, CropProblem::NoOutline, "face", "No usable face outline to frame the photo.", "未找到可用于构图的面部轮廓。");
    return plan;
  }
  const Planner pl(f, source_size, p);
  std::optional<Placement> best;
  for (bool aims : {true, false}) {
    for (double s : scales_to_try(pl, p, aims))
      if ((best = pl.place(s, aims))) break;
    if (best) break;
  }
  if (!best) {
    explain(pl, f, source_size, p, plan);
    return plan;
  }
  const double s = best->scale;
  plan.fits = true;
  plan.problem = CropProblem::None;
  plan.scale = s;
  plan.upscales = s > 1.0 + 1e-9;
  plan.source = cv::Rect2d(best->x0, best->y0, p.width / s, p.height / s);
  plan.head_top_px = (f.head_top_y - best->y0) * s;
  plan.eye_line_px = (f.eye_line_y - best->y0) * s;
  plan.chin_px = (f.chin_y - best->y0) * s;
  plan.face_width_px = pl.face_width() * s;
  plan.centre_offset_px = (pl.centre_x() - best->x0) * s - 0.5 * p.width;
  return plan;
}

namespace {

// The plan's source rectangle on the image decoded at 1/denom (of size `reduced`), in whole
// pixels; rounding stays inside the frame (never padding). At 1/denom the rounding moves the crop
// by at most half a reduced pixel: under half an output pixel.
cv::Rect region_at(const CropPlan &plan, int denom, cv::Size reduced) {
  const double sx = plan.source.x / denom, sy = plan.source.y / denom;
  const double sw = plan.source.width / denom, sh = plan.source.height / denom;
  const int x0 = std::clamp(static_cast<int>(std::lround(sx)), 0, reduced.width - 1);
  const int y0 = std::clamp(static_cast<int>(std::lround(sy)), 0, reduced.height - 1);
  const int x1 = std::clamp(static_cast<int>(std::lround(sx + sw)), x0 + 1, reduced.width);
  const int y1 = std::clamp(static_cast<int>(std::lround(sy + sh)), y0 + 1, reduced.height);
  return {x0, y0, x1 - x0, y1 - y0};
}

Error does_not_fit(const CropPlan &plan) {
  return make_error("image.crop_does_not_fit", "The crop does not fit the camera frame: " + plan.reason_en,
                    "裁剪超出相机画面：" + plan.reason_zh);
}

// The region at the profile's size: INTER_AREA when shrinking, INTER_CUBIC when enlarging.
cv::Mat resized_to_profile(const cv::Mat &region, const StandardProfile &p) {
  cv::Mat out;
  cv::resize(region, out, cv::Size(p.width, p.height), 0, 0, region.cols >= p.width ? cv::INTER_AREA : cv::INTER_CUBIC);
  return out;
}

}  // namespace

Result<cv::Mat> render_crop(std::span<const std::uint8_t> jpeg, const CropPlan &plan, const StandardProfile &p) {
  if (!plan.fits) return does_not_fit(plan);
  auto size = jpeg_dimensions(jpeg);
  if (!size) return size.error();
  // Shrinking by 2× or more: let the DCT take the largest power of two of it (a 24 MP original
  // cropped to 960×1280 decodes at 1/2), then INTER_AREA the rest.
  int denom = 1;
  while (denom < 8 && plan.scale * denom * 2 <= 1.0 + 1e-9) denom *= 2;
  const cv::Size reduced((size->width + denom - 1) / denom, (size->height + denom - 1) / denom);
  auto region = decode_region_scaled(jpeg, region_at(plan, denom, reduced), denom);
  if (!region) return region.error();
  return resized_to_profile(*region, p);
}

Result<cv::Mat> render_crop(const DecodedImage &decoded, const CropPlan &plan, const StandardProfile &p) {
  if (!plan.fits) return does_not_fit(plan);
  const int denom = std::max(1, decoded.scale_denom);
  if (plan.scale * denom > 1.0 + 1e-9 || decoded.bgr.empty())
    return make_error("image.crop_needs_full_resolution",
                      "The reduced decode has fewer pixels than the photo needs; crop from the JPEG instead.",
                      "缩小解码的像素不足以生成照片，请从原始 JPEG 裁剪。");
  const cv::Rect region = region_at(plan, denom, decoded.bgr.size());
  if (region.br().y > decoded.rows_decoded)
    return make_error("image.crop_source_short", "The decode stopped above the crop's bottom; crop from the JPEG instead.",
                      "解码未到达裁剪区域底部，请从原始 JPEG 裁剪。");
  return resized_to_profile(decoded.bgr(region), p);
}

int crop_rows_needed(const CropPlan &plan, int scale_denom, cv::Size reduced) {
  return region_at(plan, std::max(1, scale_denom), reduced).br().y;
}

}  // namespace gradbooth::models
