// The image standard as data: SPEC §5's numbers come from config/profiles/*.toml, thresholds of
// the checks from the [checks] table. Defaults here are the notice's (960×1280, 300 dpi, blue).
#pragma once

#include <gradbooth/result.h>

#include <map>
#include <string>
#include <string_view>

namespace gradbooth::models {

struct Range {
  double min = 0;
  double max = 0;
  bool contains(double v) const { return v >= min && v <= max; }
};

struct StandardProfile {
  std::string name = "xinhua-960x1280";
  int width = 960;
  int height = 1280;
  int dpi = 300;
  Range file_bytes{563200, 650000};   // both readings of 550–650 KB
  double file_bytes_floor = 40960;    // hard floor: 40 KB
  Range head_top_px{71, 94};          // hair top to the top edge
  Range cheek_margin_px{118, 177};    // landmarks 0/16 level to each side edge
  Range eye_line_px{0, 0};            // 0–0 = not part of this profile (the 480×640 one has 200–300)
  Range face_width_px{0, 0};          // likewise
  int background_rgb[3] = {100, 197, 255};
};

// Named thresholds, "pose_yaw.max" → 5.0. Missing keys fall back to the built-in defaults,
// so a config can set only what it changes.
struct Thresholds {
  std::map<std::string, double, std::less<>> values;
  double get(std::string_view key, double fallback) const {
    auto it = values.find(key);
    return it == values.end() ? fallback : it->second;
  }
};

struct Standard {
  StandardProfile profile;
  Thresholds thresholds;
};

} // namespace gradbooth::models
