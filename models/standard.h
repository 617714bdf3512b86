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
  Range file_bytes{563200, 650000};  // both readings of 550–650 KB
  double file_bytes_floor = 40960;   // hard floor: 40 KB
  // Framing (SPEC §5): hard windows the photo must meet, and where the crop planner aims inside
  // them. All in output pixels from the photo's top edge, except the face width.
  Range head_top_px{100, 220};  // crown (hair included) to the top edge
  Range head_top_aim_px{130, 150};
  Range eye_line_px{400, 600};  // mean of the two eye centres to the top edge
  double eye_line_aim_px = 480;
  Range face_width_px{360, 600};  // cheek to cheek, dlib landmarks 0 and 16
  Range face_width_aim_px{360, 390};
  double chin_max_px = 853;  // chin (landmark 8) row: upper body at least 1/3 below it
  Range chin_aim_px{800, 840};
  double centre_offset_max_px = 48;  // face centre off the photo's vertical centre line
  bool shoulders_in_frame = true;    // both shoulder lines visible inside the photo, level
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

}  // namespace gradbooth::models
