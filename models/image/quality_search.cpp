// Size grows with quality, and log(size) is close to linear in the log of libjpeg's quantiser
// scale. Later probes interpolate (secant) between the closest probes under and over the window,
// aiming at its middle, which usually lands in 2–3 probes.
#include "quality_search.h"

#include <algorithm>
#include <cmath>
#include <optional>

namespace gradbooth::models::detail {
namespace {

struct Probe {
  int q;
  double log_size;
};

// libjpeg's quality → quantiser scale in percent (jcparam.c), floored at 1 where every
// quantiser is already 1 (q100).
double log_scale(int q) { return std::log(std::max(1.0, q < 50 ? 5000.0 / q : 200.0 - 2.0 * q)); }

int quality_for_log_scale(double x) {
  const double scale = std::exp(x);
  const double q = scale >= 100 ? 5000.0 / scale : (200.0 - scale) / 2.0;
  return static_cast<int>(std::lround(std::clamp(q, 1.0, 100.0)));
}

// d log(size) / d log(scale) for photographic content (measured on grainy portraits); only
// used until a probe on the other side of the window gives the real slope.
constexpr double kLogSizePerLogScale = -0.45;

}  // namespace

Result<SearchOutcome> search_quality(const SizeAt &size_at, const Range &window, int first_quality) {
  const double target = std::log(0.5 * (window.min + window.max));
  std::optional<Probe> under, over;
  SearchOutcome out;
  bool any_under = false;  // out.setting is the highest setting whose file is below the window
  int q = first_quality;
  for (;;) {
    const JpegSetting s{q, q};
    auto n = size_at(s);
    ++out.probes;
    if (!n) return n.error();
    if (window.contains(*n)) return SearchOutcome{s, Landing::inside, out.probes};
    if (*n < window.min) {
      under = Probe{q, std::log(*n)};
      out.setting = s;
      any_under = true;
    } else {
      over = Probe{q, std::log(*n)};
    }
    const int lo = under ? under->q + 1 : 1, hi = over ? over->q - 1 : 100;
    if (lo > hi) break;  // neighbouring qualities straddle the window, or q100 is still under
    double x;
    if (under && over) {
      const double t = (target - under->log_size) / (over->log_size - under->log_size);
      x = log_scale(under->q) + t * (log_scale(over->q) - log_scale(under->q));
    } else {
      const Probe &only = under ? *under : *over;
      x = log_scale(only.q) + (target - only.log_size) / kLogSizePerLogScale;
    }
    q = std::clamp(quality_for_log_scale(x), lo, hi);
  }
  // q is under and q+1 over: the half step of raising only the chroma quality may land inside.
  if (under && over && over->q == under->q + 1) {
    const JpegSetting s{under->q, over->q};
    auto n = size_at(s);
    ++out.probes;
    if (!n) return n.error();
    if (window.contains(*n)) return SearchOutcome{s, Landing::inside, out.probes};
    if (*n < window.min) out.setting = s;
  }
  if (any_under) {
    out.landing = Landing::under;
  } else {
    out.setting = JpegSetting{over->q, over->q};  // q1 and still over
  }
  return out;
}

}  // namespace gradbooth::models::detail
