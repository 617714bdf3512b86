#include "colour.h"

#include <cmath>

namespace gradbooth::models {
namespace {

double linearise(double c) {
  c /= 255.0;
  return c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4);
}

double lab_f(double t) {
  constexpr double d = 6.0 / 29.0;
  return t > d * d * d ? std::cbrt(t) : t / (3 * d * d) + 4.0 / 29.0;
}

constexpr double kPi = 3.14159265358979323846;
double deg(double rad) { return rad * 180.0 / kPi; }
double rad(double deg) { return deg * kPi / 180.0; }

}  // namespace

cv::Vec3d srgb_to_lab(const cv::Vec3d &rgb) {
  const double r = linearise(rgb[0]), g = linearise(rgb[1]), b = linearise(rgb[2]);
  const double x = 0.4124564 * r + 0.3575761 * g + 0.1804375 * b;
  const double y = 0.2126729 * r + 0.7151522 * g + 0.0721750 * b;
  const double z = 0.0193339 * r + 0.1191920 * g + 0.9503041 * b;
  const double fx = lab_f(x / 0.95047), fy = lab_f(y), fz = lab_f(z / 1.08883);
  return {116 * fy - 16, 500 * (fx - fy), 200 * (fy - fz)};
}

// Sharma, Wu & Dalal (2005), "The CIEDE2000 color-difference formula: implementation notes".
double ciede2000(const cv::Vec3d &lab1, const cv::Vec3d &lab2) {
  const double L1 = lab1[0], a1 = lab1[1], b1 = lab1[2];
  const double L2 = lab2[0], a2 = lab2[1], b2 = lab2[2];
  const double C1 = std::hypot(a1, b1), C2 = std::hypot(a2, b2);
  const double Cbar = 0.5 * (C1 + C2);
  const double Cbar7 = std::pow(Cbar, 7);
  const double G = 0.5 * (1 - std::sqrt(Cbar7 / (Cbar7 + std::pow(25.0, 7))));
  const double a1p = (1 + G) * a1, a2p = (1 + G) * a2;
  const double C1p = std::hypot(a1p, b1), C2p = std::hypot(a2p, b2);
  const auto hue = [](double b, double ap) {
    if (b == 0 && ap == 0) return 0.0;
    double h = deg(std::atan2(b, ap));
    return h < 0 ? h + 360 : h;
  };
  const double h1p = hue(b1, a1p), h2p = hue(b2, a2p);
  const double dLp = L2 - L1, dCp = C2p - C1p;
  double dhp = 0;
  if (C1p * C2p != 0) {
    dhp = h2p - h1p;
    if (dhp > 180) dhp -= 360;
    else if (dhp < -180) dhp += 360;
  }
  const double dHp = 2 * std::sqrt(C1p * C2p) * std::sin(rad(dhp / 2));
  const double Lbarp = 0.5 * (L1 + L2), Cbarp = 0.5 * (C1p + C2p);
  double hbarp = h1p + h2p;
  if (C1p * C2p != 0) {
    if (std::abs(h1p - h2p) <= 180) hbarp = 0.5 * (h1p + h2p);
    else hbarp = (h1p + h2p < 360) ? 0.5 * (h1p + h2p + 360) : 0.5 * (h1p + h2p - 360);
  }
  const double T = 1 - 0.17 * std::cos(rad(hbarp - 30)) + 0.24 * std::cos(rad(2 * hbarp)) + 0.32 * std::cos(rad(3 * hbarp + 6)) -
      0.20 * std::cos(rad(4 * hbarp - 63));
  const double dTheta = 30 * std::exp(-std::pow((hbarp - 275) / 25, 2));
  const double Cbarp7 = std::pow(Cbarp, 7);
  const double Rc = 2 * std::sqrt(Cbarp7 / (Cbarp7 + std::pow(25.0, 7)));
  const double Lm = (Lbarp - 50) * (Lbarp - 50);
  const double Sl = 1 + 0.015 * Lm / std::sqrt(20 + Lm);
  const double Sc = 1 + 0.045 * Cbarp;
  const double Sh = 1 + 0.015 * Cbarp * T;
  const double Rt = -std::sin(rad(2 * dTheta)) * Rc;
  const double tl = dLp / Sl, tc = dCp / Sc, th = dHp / Sh;
  return std::sqrt(tl * tl + tc * tc + th * th + Rt * tc * th);
}

}  // namespace gradbooth::models
