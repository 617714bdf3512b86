// Pixel measures. Each one reads the image around landmarks; none decides pass or fail.
// The background model is learnt from the photo itself (cells beside and above the head), so
// head top and shoulders are found as "where the background ends", whatever its colour; only
// background_delta_e compares it with the profile's reference colour.
#include "pixel_measures.h"

#include "colour.h"

#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <cmath>
#include <vector>

namespace gradbooth::models {
namespace {

cv::Point2d pt(const FaceLandmarks &f, int i) { return {f.points[i].x, f.points[i].y}; }

cv::Point2d mean_of(const FaceLandmarks &f, int first, int last) {
  cv::Point2d s(0, 0);
  for (int i = first; i <= last; ++i) s += pt(f, i);
  return s * (1.0 / (last - first + 1));
}

cv::Rect clip(cv::Rect r, const cv::Mat &m) { return r & cv::Rect(0, 0, m.cols, m.rows); }

cv::Rect box(double x0, double y0, double x1, double y1) {
  const int ix0 = static_cast<int>(std::floor(x0)), iy0 = static_cast<int>(std::floor(y0));
  return {ix0, iy0, std::max(0, static_cast<int>(std::ceil(x1)) - ix0), std::max(0, static_cast<int>(std::ceil(y1)) - iy0)};
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::nth_element(v.begin(), v.begin() + static_cast<long>(v.size() / 2), v.end());
  return v[v.size() / 2];
}

struct Geometry {
  double face_w, cx, brow_y, chin_y, eye_w;
  cv::Point2d eye_l, eye_r;
};

Geometry geometry_of(const FaceLandmarks &f) {
  Geometry g{};
  g.face_w = std::max(1.0, pt(f, lm::kJawRight).x - pt(f, lm::kJawLeft).x);
  g.cx = 0.5 * (pt(f, lm::kJawLeft).x + pt(f, lm::kJawRight).x);
  g.brow_y = pt(f, 17).y;
  for (int i = 17; i <= 26; ++i) g.brow_y = std::min(g.brow_y, pt(f, i).y);
  g.chin_y = pt(f, lm::kChin).y;
  g.eye_l = mean_of(f, 36, 41);
  g.eye_r = mean_of(f, 42, 47);
  g.eye_w = std::max(2.0, 0.5 * (cv::norm(pt(f, 39) - pt(f, 36)) + cv::norm(pt(f, 45) - pt(f, 42))));
  return g;
}

// One background cell: its mean colour in RGB and CIELAB.
struct Cell {
  cv::Vec3d rgb, lab;
};

struct Background {
  std::vector<Cell> cells;
  cv::Vec3d lab_model;  // per-channel median of the cells: robust to a stray hair cell
  bool valid = false;
};

// Cells of the background candidates: rows above the mouth, outside the head column (which
// starts at `head_top`, or at the top edge when the head top is still unknown).
Background sample_background(const cv::Mat &bgr, const Geometry &g, double head_top) {
  Background bg;
  const int cell = std::max(6, static_cast<int>(g.face_w / 16));
  // Unknown head top: keep a strip along the top edge (hair rarely reaches it, and when it
  // does the corners still outvote it).
  const double head_from = head_top < 0 ? std::max<double>(cell, 0.04 * bgr.rows) : head_top - 0.05 * g.face_w;
  const cv::Rect head = box(g.cx - 0.8 * g.face_w, head_from, g.cx + 0.8 * g.face_w, 1e9);  // hair volume at the temples
  // Down to mouth level only: a subject leaning in has shoulders as high as the chin.
  const int bottom = std::min(bgr.rows, static_cast<int>(g.chin_y - 0.3 * g.face_w));
  for (int y = 0; y + cell <= bottom; y += cell) {
    for (int x = 0; x + cell <= bgr.cols; x += cell) {
      const cv::Rect r(x, y, cell, cell);
      if ((r & head).area() > 0) continue;
      const cv::Scalar m = cv::mean(bgr(r));
      const cv::Vec3d rgb(m[2], m[1], m[0]);
      bg.cells.push_back({rgb, srgb_to_lab(rgb)});
    }
  }
  if (bg.cells.empty()) return bg;
  for (int c = 0; c < 3; ++c) {
    std::vector<double> v;
    for (const Cell &k : bg.cells) v.push_back(k.lab[c]);
    bg.lab_model[c] = median(v);
  }
  bg.valid = true;
  return bg;
}

// CIELAB per pixel (float, L* 0..100) of one region.
cv::Mat lab_of(const cv::Mat &bgr, cv::Rect r) {
  cv::Mat f, lab;
  bgr(r).convertTo(f, CV_32FC3, 1.0 / 255.0);
  cv::cvtColor(f, lab, cv::COLOR_BGR2Lab);
  return lab;
}

// ΔE76 from the background model above which a pixel is "not background".
constexpr double kForegroundDistance = 14.0;

bool is_foreground(const cv::Vec3f &lab, const cv::Vec3d &model) {
  const double dl = lab[0] - model[0], da = lab[1] - model[1], db = lab[2] - model[2];
  return dl * dl + da * da + db * db > kForegroundDistance * kForegroundDistance;
}

// First row (from the top) where most of the central head band stops being background and
// stays so. -1 when row 0 already is (hair touches the edge) or the band never changes.
double find_head_top(const cv::Mat &bgr, const Geometry &g, const cv::Vec3d &model) {
  const cv::Rect band = clip(box(g.cx - 0.25 * g.face_w, 0, g.cx + 0.25 * g.face_w, g.brow_y), bgr);
  if (band.width < 2 || band.height < 2) return -1;
  const cv::Mat lab = lab_of(bgr, band);
  std::vector<double> share(static_cast<std::size_t>(lab.rows));
  for (int y = 0; y < lab.rows; ++y) {
    int n = 0;
    for (int x = 0; x < lab.cols; ++x) n += is_foreground(lab.at<cv::Vec3f>(y, x), model);
    share[static_cast<std::size_t>(y)] = static_cast<double>(n) / lab.cols;
  }
  const int run = std::max(2, static_cast<int>(g.face_w / 40));  // a few rows: not a stray hair
  for (int y = 0; y + run <= lab.rows; ++y) {
    bool solid = true;
    for (int k = 0; k < run && solid; ++k) solid = share[static_cast<std::size_t>(y + k)] > 0.3;
    if (solid) return y == 0 ? -1 : band.y + y;
  }
  return -1;
}

double mean_gray(const cv::Mat &gray, cv::Rect r) {
  r = clip(r, gray);
  return r.area() > 0 ? cv::mean(gray(r))[0] : 0.0;
}

struct Shoulders {
  double tilt_deg = 0;
  int left = 0, right = 0;  // columns with a shoulder line inside the image
};

Shoulders find_shoulders(const cv::Mat &bgr, const Geometry &g, const cv::Vec3d &model) {
  // Symmetric column pairs beside the neck; comparing the pair cancels the shoulders' slope.
  // From mouth level: beside the jaw, below the ears, above any shoulder. A line within the
  // bottom 2 % is not "in the photo": the body only touches the edge there.
  Shoulders out;
  const int y_start = std::max(0, static_cast<int>(g.chin_y - 0.5 * g.face_w));
  if (y_start >= bgr.rows - 3) return out;
  const int last_row = bgr.rows - std::max(3, bgr.rows / 50);
  const auto edge = [&](int x) -> double {
    if (x < 0 || x >= bgr.cols) return -1;
    const cv::Mat lab = lab_of(bgr, cv::Rect(x, y_start, 1, bgr.rows - y_start));  // one column
    int run = 0;
    for (int y = 0; y < lab.rows; ++y) {
      run = is_foreground(lab.at<cv::Vec3f>(y, 0), model) ? run + 1 : 0;
      if (run == 3) {
        const int at = y - 2 + y_start;
        return y - 2 == 0 || at > last_row ? -1 : at;  // already foreground, or only at the bottom edge
      }
    }
    return -1;
  };
  std::vector<double> angles;
  for (int k = 0; k < PixelMeasures::kShoulderColumns; ++k) {
    const double d = 0.6 + 0.025 * k;
    const int xl = static_cast<int>(g.cx - d * g.face_w), xr = static_cast<int>(g.cx + d * g.face_w);
    const double yl = edge(xl), yr = edge(xr);
    out.left += yl >= 0;
    out.right += yr >= 0;
    if (yl < 0 || yr < 0) continue;
    angles.push_back(std::atan2(yr - yl, static_cast<double>(xr - xl)) * 180.0 / 3.14159265358979323846);
  }
  out.tilt_deg = angles.size() >= 3 ? median(angles) : 0.0;
  return out;
}

}  // namespace

PixelMeasures measure_pixels(const cv::Mat &bgr, const FaceLandmarks &face, const StandardProfile &p) {
  PixelMeasures m;
  if (bgr.empty() || bgr.type() != CV_8UC3) return m;
  const Geometry g = geometry_of(face);

  // Background, twice: a first model finds the head top, then the cells above it join in.
  Background bg = sample_background(bgr, g, -1);
  if (bg.valid) {
    m.head_top_y = find_head_top(bgr, g, bg.lab_model);
    if (m.head_top_y > 0) {
      Background with_top = sample_background(bgr, g, m.head_top_y);
      if (with_top.valid) bg = std::move(with_top);
    }
    // The background's colour is the mean of the cells that agree with the model; its
    // unevenness is the worst cell (a shadow, a gradient's end, another object).
    cv::Vec3d sum(0, 0, 0);
    int n = 0;
    double worst = 0;
    for (const Cell &c : bg.cells) {
      const double d = ciede2000(c.lab, bg.lab_model);
      worst = std::max(worst, d);
      if (d <= 8.0) {
        sum += c.rgb;
        ++n;
      }
    }
    m.background_mean_rgb = n > 0 ? sum * (1.0 / n) : cv::Vec3d(0, 0, 0);
    m.background_unevenness = worst;
    m.background_cells = static_cast<int>(bg.cells.size());
    const cv::Vec3d ref(p.background_rgb[0], p.background_rgb[1], p.background_rgb[2]);
    m.background_delta_e = ciede2000(srgb_to_lab(m.background_mean_rgb), srgb_to_lab(ref));
    const Shoulders sh = find_shoulders(bgr, g, bg.lab_model);
    m.shoulder_tilt_deg = sh.tilt_deg;
    m.shoulder_columns_left = sh.left;
    m.shoulder_columns_right = sh.right;
  }

  cv::Mat gray;
  cv::cvtColor(bgr, gray, cv::COLOR_BGR2GRAY);

  // 阴阳脸: the cheeks between the jaw contour and the nostrils.
  const double half = 0.09 * g.face_w;
  const cv::Point2d cl = 0.5 * (pt(face, 2) + pt(face, 31)), cr = 0.5 * (pt(face, 14) + pt(face, 35));
  const double ll = mean_gray(gray, box(cl.x - half, cl.y - half, cl.x + half, cl.y + half));
  const double lr = mean_gray(gray, box(cr.x - half, cr.y - half, cr.x + half, cr.y + half));
  m.light_ratio = std::max(ll, lr) > 1.0 ? std::min(ll, lr) / std::max(ll, lr) : 1.0;

  // Exposure over the face outline (jaw and brows).
  std::vector<cv::Point> outline;
  for (int i = 0; i <= 26; ++i) outline.emplace_back(cvRound(face.points[i].x), cvRound(face.points[i].y));
  std::vector<cv::Point> hull;
  cv::convexHull(outline, hull);
  cv::Mat mask = cv::Mat::zeros(gray.size(), CV_8U);
  cv::fillConvexPoly(mask, hull, cv::Scalar(255));
  const int face_px = cv::countNonZero(mask);
  if (face_px > 0) {
    m.face_luma = cv::mean(gray, mask)[0];
    cv::Mat clipped = (gray >= 250) & mask;
    m.highlight_fraction = static_cast<double>(cv::countNonZero(clipped)) / face_px;
  }

  // Sharpness: brows to mouth resampled to a fixed width, so near and far faces compare.
  cv::Rect inner = clip(cv::boundingRect(std::vector<cv::Point2f>(face.points.begin() + 17, face.points.end())), gray);
  if (inner.width >= 8 && inner.height >= 8) {
    constexpr int kWidth = 128;
    cv::Mat roi, lap;
    const cv::Size sz(kWidth, std::max(8, inner.height * kWidth / inner.width));
    cv::resize(gray(inner), roi, sz, 0, 0, inner.width > kWidth ? cv::INTER_AREA : cv::INTER_LINEAR);
    cv::Laplacian(roi, lap, CV_64F);
    cv::Scalar mu, sd;
    cv::meanStdDev(lap, mu, sd);
    m.sharpness = sd[0] * sd[0];
  }

  // Red-eye: share of strongly red pixels inside the visible eye (the landmarks' eye contour,
  // so a closed eye's lid does not count; lids and lash lines reach R ≈ 2·G but stay dark); glare: share of
  // near-white, colourless pixels over each eye and the lens around it. Worse eye counts.
  for (int first : {36, 42}) {
    const cv::Point2d eye = first == 36 ? g.eye_l : g.eye_r;
    std::vector<cv::Point> contour;
    for (int i = first; i < first + 6; ++i) contour.emplace_back(cvRound(face.points[i].x), cvRound(face.points[i].y));
    const cv::Rect eye_box = clip(cv::boundingRect(contour), bgr);
    int red = 0, inside = 0;
    for (int y = eye_box.y; y < eye_box.y + eye_box.height; ++y)
      for (int x = eye_box.x; x < eye_box.x + eye_box.width; ++x) {
        if (cv::pointPolygonTest(contour, cv::Point2f(static_cast<float>(x), static_cast<float>(y)), false) < 0) continue;
        const cv::Vec3b c = bgr.at<cv::Vec3b>(y, x);
        ++inside;
        red += c[2] > 110 && c[2] > 2.2 * std::max(c[1], c[0]);
      }
    if (inside > 0) m.red_eye = std::max(m.red_eye, static_cast<double>(red) / inside);

    const cv::Rect lens = clip(box(eye.x - 0.8 * g.eye_w, eye.y - 0.6 * g.eye_w, eye.x + 0.8 * g.eye_w, eye.y + 0.6 * g.eye_w), bgr);
    if (lens.area() > 0) {
      int glare = 0;
      for (int y = lens.y; y < lens.y + lens.height; ++y)
        for (int x = lens.x; x < lens.x + lens.width; ++x) {
          const cv::Vec3b c = bgr.at<cv::Vec3b>(y, x);
          const int hi = std::max({c[0], c[1], c[2]}), lo = std::min({c[0], c[1], c[2]});
          glare += lo >= 245 && hi - lo < 25;  // brighter than any sclera
        }
      m.glare_fraction = std::max(m.glare_fraction, static_cast<double>(glare) / lens.area());
    }
  }
  return m;
}

}  // namespace gradbooth::models
