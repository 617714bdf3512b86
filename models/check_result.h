// One rule of the image standard applied to one photo: the verdict's unit.
#pragma once

#include <string>
#include <vector>

namespace gradbooth::models {

struct CheckResult {
  std::string id;  // stable: "faces", "pose_yaw", … (verdict.h lists them in report order)
  bool pass = false;
  double value = 0.0;     // the raw measure
  std::string limit;      // human-readable limit, e.g. "|yaw| ≤ 5°" or "563200–650000 bytes"
  std::string reason_zh;  // one sentence the student can act on (empty when passing)
  std::string reason_en;
  bool hard = true;  // a failing hard check blocks "accept" without a supervisor override
};

inline bool all_hard_checks_pass(const std::vector<CheckResult> &checks) {
  for (const auto &c : checks)
    if (c.hard && !c.pass) return false;
  return true;
}

}  // namespace gradbooth::models
