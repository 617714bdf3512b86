// Pictures made in code for tests and benchmarks: nothing here is a real face (real faces come
// from the packages tests/data/fetch.sh installs; see tests/data/make_subjects.cpp).
#pragma once

#include <opencv2/core/mat.hpp>
#include <opencv2/imgproc.hpp>

namespace gradbooth::test {

// A picture with structure at every scale: gradients, edges, text-like strokes and (when
// `grain` > 0) sensor-like noise, deterministic for a given seed.
cv::Mat synthetic_photo(cv::Size size, double grain, unsigned seed = 7);

// Sensor-like grain: Gaussian noise of σ `sigma` on every channel, deterministic from `seed`.
// `strip_rows` > 0 adds it strip by strip, so that a benchmark's peak RSS never counts the
// 16-bit temporaries of a whole 24 MP picture (the noise then differs from the one-pass noise).
void add_grain(cv::Mat &bgr, double sigma, unsigned seed, int strip_rows = 0);

// A subject resized to a camera's frame, with grain: what a DSLR original looks like to the
// decoder (24 MP portrait: 4240×5653).
cv::Mat camera_sized(const cv::Mat &subject, cv::Size size, double grain_sigma, unsigned seed, int interpolation = cv::INTER_CUBIC);

}  // namespace gradbooth::test
