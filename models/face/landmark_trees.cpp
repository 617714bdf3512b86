// dlib's shape predictor with its leaves in one block per cascade (landmark_trees.h says why).
#include "face/landmark_trees.h"

#include <dlib/image_processing/shape_predictor.h>
#include <dlib/opencv/cv_image.h>
#include <dlib/serialize.h>

#include <cstdint>
#include <exception>

namespace gradbooth::models {

namespace {

struct Split {
  std::uint32_t idx1, idx2;  // feature pixels compared
  float thresh;
};

// Bounds a damaged file cannot get past (dlib's model: 15 cascades of 500 depth-4 trees, 500
// feature pixels each).
constexpr unsigned long kMaxCascades = 64, kMaxTrees = 4096, kMaxDepth = 12, kMaxParts = 512;

bool power_of_two(std::size_t n) { return n > 0 && (n & (n - 1)) == 0; }

}  // namespace

struct LandmarkTrees::Model {
  struct Cascade {
    std::vector<unsigned long> anchor;              // the part each feature pixel is placed from
    std::vector<dlib::vector<float, 2>> deltas;     // and its offset there, in the mean shape
    std::size_t trees = 0, splits = 0, leaves = 0;  // every tree of a cascade alike (checked)
    std::vector<Split> split;                       // [tree · splits + node]
    std::vector<float> leaf;                        // [(tree · leaves + leaf) · dims + k]
  };
  dlib::matrix<float, 0, 1> initial;  // the mean shape, x0 y0 x1 y1 … in the box's unit square
  std::vector<Cascade> cascades;
  std::size_t dims = 0;
};

LandmarkTrees::LandmarkTrees(std::unique_ptr<Model> m) : m_(std::move(m)) {}
LandmarkTrees::~LandmarkTrees() = default;

std::size_t LandmarkTrees::parts() const { return m_->dims / 2; }

namespace {

// One cascade's trees, read one at a time into the flat layout (dlib's own reader would hold the
// whole model twice while it is copied).
bool read_trees(std::istream &in, std::size_t dims, LandmarkTrees::Model::Cascade &c) {
  using dlib::deserialize;
  unsigned long trees = 0;
  deserialize(trees, in);
  if (trees == 0 || trees > kMaxTrees) return false;
  c.trees = trees;
  for (unsigned long t = 0; t < trees; ++t) {
    dlib::impl::regression_tree tree;
    deserialize(tree, in);
    if (t == 0) {
      c.splits = tree.splits.size();
      c.leaves = tree.leaf_values.size();
      if (!power_of_two(c.leaves) || c.leaves != c.splits + 1 || c.leaves > (std::size_t{1} << kMaxDepth)) return false;
      c.split.reserve(trees * c.splits);
      c.leaf.reserve(trees * c.leaves * dims);
    }
    if (tree.splits.size() != c.splits || tree.leaf_values.size() != c.leaves) return false;
    for (const auto &s : tree.splits) c.split.push_back({static_cast<std::uint32_t>(s.idx1), static_cast<std::uint32_t>(s.idx2), s.thresh});
    for (const auto &v : tree.leaf_values) {
      if (static_cast<std::size_t>(v.size()) != dims) return false;
      c.leaf.insert(c.leaf.end(), v.begin(), v.end());
    }
  }
  return true;
}

// Every index the evaluation follows lands inside the model.
bool indices_inside(const LandmarkTrees::Model &m) {
  for (const auto &c : m.cascades) {
    if (c.anchor.size() != c.deltas.size() || c.deltas.empty()) return false;
    for (unsigned long a : c.anchor)
      if (a >= m.dims / 2) return false;
    for (const Split &s : c.split)
      if (s.idx1 >= c.deltas.size() || s.idx2 >= c.deltas.size()) return false;
  }
  return true;
}

}  // namespace

Result<std::unique_ptr<const LandmarkTrees>> LandmarkTrees::read(std::istream &in, const std::string &path) {
  const auto corrupt = [&path](const std::string &why) {
    return make_error("face.model_corrupt", "the landmark model " + path + " is unreadable: " + why, "人脸特征点模型损坏：" + path);
  };
  auto m = std::make_unique<Model>();
  try {
    using dlib::deserialize;
    int version = 0;
    deserialize(version, in);
    if (version != 1) return corrupt("not a version-1 dlib shape predictor");
    deserialize(m->initial, in);
    m->dims = static_cast<std::size_t>(m->initial.size());
    if (m->dims == 0 || m->dims % 2 != 0 || m->dims > 2 * kMaxParts) return corrupt("bad mean shape");
    unsigned long cascades = 0;
    deserialize(cascades, in);
    if (cascades == 0 || cascades > kMaxCascades) return corrupt("bad cascade count");
    m->cascades.resize(cascades);
    for (auto &c : m->cascades)
      if (!read_trees(in, m->dims, c)) return corrupt("malformed regression trees");
    std::vector<std::vector<unsigned long>> anchors;
    std::vector<std::vector<dlib::vector<float, 2>>> deltas;
    deserialize(anchors, in);
    deserialize(deltas, in);
    if (anchors.size() != cascades || deltas.size() != cascades) return corrupt("feature pixels do not match the cascades");
    for (std::size_t i = 0; i < cascades; ++i) {
      m->cascades[i].anchor = std::move(anchors[i]);
      m->cascades[i].deltas = std::move(deltas[i]);
    }
  } catch (const std::exception &e) {
    // dlib reports a truncated or garbled file (and a size it cannot allocate) by exception.
    return corrupt(e.what());
  }
  if (!indices_inside(*m)) return corrupt("an index points outside the model");
  return std::unique_ptr<const LandmarkTrees>(new LandmarkTrees(std::move(m)));
}

std::vector<cv::Point> LandmarkTrees::fit(const cv::Mat &gray, const cv::Rect &box) const {
  CV_Assert(gray.type() == CV_8UC1);
  const dlib::cv_image<unsigned char> img(gray);
  const dlib::rectangle rect(box.x, box.y, box.x + box.width - 1, box.y + box.height - 1);
  const std::size_t dims = m_->dims;
  dlib::matrix<float, 0, 1> shape = m_->initial;
  std::vector<float> pixels;
  std::vector<const float *> chosen;
  for (const Model::Cascade &c : m_->cascades) {
    dlib::impl::extract_feature_pixel_values(img, rect, shape, m_->initial, c.anchor, c.deltas, pixels);
    chosen.resize(c.trees);
    for (std::size_t t = 0; t < c.trees; ++t) {
      const Split *node = &c.split[t * c.splits];
      std::size_t i = 0;
      while (i < c.splits) i = pixels[node[i].idx1] - pixels[node[i].idx2] > node[i].thresh ? 2 * i + 1 : 2 * i + 2;
      const float *leaf = &c.leaf[(t * c.leaves + (i - c.splits)) * dims];
      chosen[t] = leaf;
      for (std::size_t k = 0; k < dims; k += 16) __builtin_prefetch(leaf + k);
      __builtin_prefetch(leaf + dims - 1);
    }
    // Tree by tree, as dlib adds them: the same float sums, to the last bit.
    float *sum = &shape(0);
    for (const float *leaf : chosen)
      for (std::size_t k = 0; k < dims; ++k) sum[k] += leaf[k];
  }
  const dlib::point_transform_affine to_image = dlib::impl::unnormalizing_tform(rect);
  std::vector<cv::Point> out(dims / 2);
  for (std::size_t i = 0; i < out.size(); ++i) {
    const dlib::point p = to_image(dlib::impl::location(shape, i));
    out[i] = cv::Point(static_cast<int>(p.x()), static_cast<int>(p.y()));
  }
  return out;
}

}  // namespace gradbooth::models
