#include "pictures.h"

#include <algorithm>
#include <cmath>
#include <cstdint>

namespace gradbooth::test {

cv::Mat synthetic_photo(cv::Size size, double grain, unsigned seed) {
  cv::Mat img(size, CV_8UC3);
  for (int y = 0; y < size.height; ++y)
    for (int x = 0; x < size.width; ++x)
      img.at<cv::Vec3b>(y, x) = cv::Vec3b(static_cast<std::uint8_t>(255 * x / size.width), static_cast<std::uint8_t>(255 * y / size.height),
                                          static_cast<std::uint8_t>(128 + 100 * std::sin(x * 0.05 + y * 0.03)));
  const int r = std::max(4, size.width / 8);
  cv::circle(img, {size.width / 2, size.height / 2}, r, cv::Scalar(40, 80, 200), -1);
  cv::rectangle(img, cv::Rect(size.width / 10, size.height / 10, size.width / 5, size.height / 6), cv::Scalar(250, 250, 250), -1);
  for (int i = 0; i < 12; ++i)
    cv::line(img, {0, i * size.height / 12}, {size.width, size.height - i * size.height / 12}, cv::Scalar(0, 0, 0), 1);
  // Optics: nothing in a photo is sharper than the lens makes it.
  cv::GaussianBlur(img, img, cv::Size(), 1.5);
  if (grain > 0) add_grain(img, grain, seed);
  return img;
}

void add_grain(cv::Mat &bgr, double sigma, unsigned seed, int strip_rows) {
  cv::theRNG().state = seed;
  const int step = strip_rows > 0 ? strip_rows : bgr.rows;
  for (int y = 0; y < bgr.rows; y += step) {
    cv::Mat strip = bgr(cv::Rect(0, y, bgr.cols, std::min(step, bgr.rows - y)));
    cv::Mat noise(strip.size(), CV_16SC3), wide;
    cv::randn(noise, cv::Scalar::all(0), cv::Scalar::all(sigma));
    strip.convertTo(wide, CV_16SC3);
    wide += noise;
    wide.convertTo(strip, CV_8UC3);
  }
}

cv::Mat camera_sized(const cv::Mat &subject, cv::Size size, double grain_sigma, unsigned seed, int interpolation) {
  cv::Mat big;
  cv::resize(subject, big, size, 0, 0, interpolation);
  add_grain(big, grain_sigma, seed, 256);
  return big;
}

}  // namespace gradbooth::test
