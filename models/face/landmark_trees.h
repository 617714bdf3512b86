// The 68-point landmark model: dlib's shape predictor (Kazemi and Sullivan's cascade of
// regression trees), read from dlib's own file and evaluated with dlib's own feature and
// transform code, summing in dlib's order, so the points are dlib's exactly (a test compares
// them). Only the layout differs. dlib keeps each leaf (136 floats) in an allocation of its own
// and waits on memory for every one of the 7,500 it adds per face (~5 ms). Here one cascade's
// leaves are one block: its 500 trees are walked first, their leaves fetched ahead while the
// next trees are walked, then summed (~1 ms). That runs on every capture and live-view frame.
#pragma once

#include <gradbooth/result.h>

#include <opencv2/core/mat.hpp>

#include <istream>
#include <memory>
#include <string>
#include <vector>

namespace gradbooth::models {

class LandmarkTrees {
public:
  // dlib's serialized shape_predictor (version 1), checked so that every index the evaluation
  // follows stays inside the model: a damaged or hostile file is refused, never read out of bounds.
  static Result<std::unique_ptr<const LandmarkTrees>> read(std::istream &in, const std::string &path);
  ~LandmarkTrees();
  LandmarkTrees(const LandmarkTrees &) = delete;
  LandmarkTrees &operator=(const LandmarkTrees &) = delete;

  std::size_t parts() const;
  // The parts fitted inside `box` on `gray` (CV_8UC1), in whole pixels as dlib rounds them.
  std::vector<cv::Point> fit(const cv::Mat &gray, const cv::Rect &box) const;

  struct Model;  // defined in the .cpp, which alone sees dlib's types

private:
  explicit LandmarkTrees(std::unique_ptr<Model> m);
  std::unique_ptr<Model> m_;
};

}  // namespace gradbooth::models
