// Timing samples for the performance log (median / p95), thread-safe.
#pragma once

#include <algorithm>
#include <mutex>
#include <vector>

namespace gradbooth::ui {

class Samples {
public:
  Samples() = default;
  Samples(const Samples &o) {
    std::lock_guard lock(o.mu_);
    v_ = o.v_;
  }
  void add(double x) {
    std::lock_guard lock(mu_);
    if (v_.size() < 100000) v_.push_back(x);
  }
  std::size_t count() const {
    std::lock_guard lock(mu_);
    return v_.size();
  }
  // q in [0,1]; 0 when empty.
  double quantile(double q) const {
    std::lock_guard lock(mu_);
    if (v_.empty()) return 0;
    std::vector<double> s = v_;
    std::sort(s.begin(), s.end());
    auto i = static_cast<std::size_t>(q * static_cast<double>(s.size() - 1) + 0.5);
    return s[std::min(i, s.size() - 1)];
  }

private:
  mutable std::mutex mu_;
  std::vector<double> v_;
};

}  // namespace gradbooth::ui
