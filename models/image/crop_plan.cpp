// The crop planner. Every constraint of the standard is an interval: the face-width window fixes
// the range of scales, and at each scale the head-top and cheek windows and the camera frame
// each bound where the crop may start. Search the scales from the middle of the window outward
// and keep the first plan whose intervals all intersect, placed closest to the windows' middle.
#include "crop_plan.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

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

struct Ideal {
  double x0, y0;  // ideal crop origin at a scale
};

class Planner {
public:
  Planner(const FramingFeatures &f, cv::Size src, const StandardProfile &p) : f_(f), src_(src), p_(p) {}

  double face_width() const { return f_.cheek_right_x - f_.cheek_left_x; }
  double scale_lo() const { return (p_.width - 2 * p_.cheek_margin_px.max) / face_width(); }
  double scale_hi() const { return (p_.width - 2 * p_.cheek_margin_px.min) / face_width(); }
  double scale_mid() const { return 0.5 * (scale_lo() + scale_hi()); }

  // Centred between the cheeks: the placement that leaves both margins the most slack.
  Ideal ideal(double s) const {
    const double cx = 0.5 * (f_.cheek_left_x + f_.cheek_right_x);
    const double top = 0.5 * (p_.head_top_px.min + p_.head_top_px.max);
    return {cx - 0.5 * p_.width / s, f_.head_top_y - top / s};
  }
  Interval frame_x(double s) const { return {0, src_.width - p_.width / s}; }
  Interval frame_y(double s) const { return {0, src_.height - p_.height / s}; }
  Interval rules_x(double s) const {
    const double w = p_.width / s;
    const Interval left{f_.cheek_left_x - p_.cheek_margin_px.max / s, f_.cheek_left_x - p_.cheek_margin_px.min / s};
    const Interval right{f_.cheek_right_x - w + p_.cheek_margin_px.min / s, f_.cheek_right_x - w + p_.cheek_margin_px.max / s};
    return left.meet(right);
  }
  Interval rules_y(double s) const {
    return {f_.head_top_y - p_.head_top_px.max / s, f_.head_top_y - p_.head_top_px.min / s};
  }

  std::optional<Placement> place(double s) const {
    const Interval x = rules_x(s).meet(frame_x(s));
    const Interval y = rules_y(s).meet(frame_y(s));
    if (x.empty() || y.empty()) return std::nullopt;
    const Ideal i = ideal(s);
    return Placement{s, x.nearest(i.x0), y.nearest(i.y0)};
  }

private:
  const FramingFeatures &f_;
  cv::Size src_;
  const StandardProfile &p_;
};

void explain(const Planner &pl, cv::Size src, const StandardProfile &p, CropPlan &plan) {
  const double s = pl.scale_mid();
  const Ideal i = pl.ideal(s);
  if (p.width / s > src.width || p.height / s > src.height) {
    plan.reason_en = "Too close to the camera: the photo would need more than the camera frame. Sit back a little.";
    plan.reason_zh = "离相机太近，画面容纳不下标准照片。请稍向后坐。";
  } else if (i.x0 < 0) {
    plan.reason_en = "Too near the left edge of the picture. Move to the centre.";
    plan.reason_zh = "人像太靠画面左边缘，请移到中间。";
  } else if (i.x0 > src.width - p.width / s) {
    plan.reason_en = "Too near the right edge of the picture. Move to the centre.";
    plan.reason_zh = "人像太靠画面右边缘，请移到中间。";
  } else if (i.y0 < 0) {
    plan.reason_en = "The head is too close to the top of the picture. Sit a little lower.";
    plan.reason_zh = "头顶离画面上边缘太近，请稍坐低一些。";
  } else {
    plan.reason_en = "Too low in the picture: the shoulders are cut off. Sit up straight.";
    plan.reason_zh = "人像在画面中太靠下，肩部被截断。请坐直。";
  }
}

} // namespace

CropPlan plan_crop(const FramingFeatures &f, cv::Size source_size, const StandardProfile &p) {
  CropPlan plan;
  const bool finite = std::isfinite(f.head_top_y) && std::isfinite(f.cheek_left_x) &&
                      std::isfinite(f.cheek_right_x) && std::isfinite(f.face_centre_x);
  if (!finite || f.cheek_right_x - f.cheek_left_x < 4 || source_size.width <= 0 || source_size.height <= 0 ||
      p.width <= 2 * p.cheek_margin_px.max) {
    plan.reason_en = "No usable face outline to frame the photo.";
    plan.reason_zh = "未找到可用于构图的面部轮廓。";
    return plan;
  }
  const Planner pl(f, source_size, p);
  // Scales from the middle of the face-width window outward (41 steps across the window):
  // the first that fits is the one closest to the standard's intent.
  const double mid = pl.scale_mid(), half = 0.5 * (pl.scale_hi() - pl.scale_lo());
  std::optional<Placement> best;
  constexpr int kSteps = 20;
  for (int k = 0; k <= kSteps && !best; ++k) {
    for (int sign : {1, -1}) {
      if (k == 0 && sign < 0) continue;
      if ((best = pl.place(mid + sign * half * k / kSteps))) break;
    }
  }
  if (!best) {
    explain(pl, source_size, p, plan);
    return plan;
  }
  plan.fits = true;
  plan.scale = best->scale;
  plan.upscales = best->scale > 1.0 + 1e-9;
  plan.source = cv::Rect2d(best->x0, best->y0, p.width / best->scale, p.height / best->scale);
  plan.head_top_px = (f.head_top_y - best->y0) * best->scale;
  plan.cheek_left_px = (f.cheek_left_x - best->x0) * best->scale;
  plan.cheek_right_px = p.width - (f.cheek_right_x - best->x0) * best->scale;
  return plan;
}

Result<cv::Mat> render_crop(std::span<const std::uint8_t> jpeg, const CropPlan &plan, const StandardProfile &p) {
  if (!plan.fits)
    return make_error("image.crop_does_not_fit", "The crop does not fit the camera frame: " + plan.reason_en,
                      "裁剪超出相机画面：" + plan.reason_zh);
  auto size = jpeg_dimensions(jpeg);
  if (!size) return size.error();
  // Shrinking by 2× or more: let the DCT take the largest power of two of it (a 24 MP original
  // cropped to 960×1280 decodes at 1/2), then INTER_AREA the rest.
  int denom = 1;
  while (denom < 8 && plan.scale * denom * 2 <= 1.0 + 1e-9) denom *= 2;
  const int w = (size->width + denom - 1) / denom, h = (size->height + denom - 1) / denom;
  // Whole pixels covering the plan; rounding stays inside the frame (never padding). At 1/denom
  // the rounding moves the crop by at most half a reduced pixel: under half an output pixel.
  const double sx = plan.source.x / denom, sy = plan.source.y / denom;
  const double sw = plan.source.width / denom, sh = plan.source.height / denom;
  const int x0 = std::clamp(static_cast<int>(std::lround(sx)), 0, w - 1);
  const int y0 = std::clamp(static_cast<int>(std::lround(sy)), 0, h - 1);
  const int x1 = std::clamp(static_cast<int>(std::lround(sx + sw)), x0 + 1, w);
  const int y1 = std::clamp(static_cast<int>(std::lround(sy + sh)), y0 + 1, h);
  auto region = decode_region_scaled(jpeg, cv::Rect(x0, y0, x1 - x0, y1 - y0), denom);
  if (!region) return region.error();
  cv::Mat out;
  const bool shrinking = region->cols >= p.width;
  cv::resize(*region, out, cv::Size(p.width, p.height), 0, 0, shrinking ? cv::INTER_AREA : cv::INTER_CUBIC);
  return out;
}

} // namespace gradbooth::models
