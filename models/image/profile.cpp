// config/profiles/*.toml → StandardProfile. toml++ stays in this one translation unit.
#include "profile.h"

#include <toml++/toml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <iterator>
#include <optional>
#include <set>
#include <string>
#include <utility>

namespace gradbooth::models {
namespace {

Error bad(const std::string &what) {
  return make_error("profile.invalid", "Image-standard profile: " + what, "图像标准配置文件错误：" + what);
}

// Unknown-key refusal without a second list of key names: every node the parser reads is marked
// (read_range, read_int and mark()), and whatever is left unmarked afterwards is a key this
// program does not know — a typo that would otherwise silently keep a default. The set lives for
// one parse_standard() call on this thread.
thread_local std::set<const toml::node *> *g_read = nullptr;
const toml::node *mark(const toml::node *n) {
  if (n != nullptr && g_read != nullptr) g_read->insert(n);
  return n;
}
void mark_all(const toml::node &n) {
  mark(&n);
  if (const toml::table *t = n.as_table())
    for (const auto &[k, v] : *t) mark_all(v);
  if (const toml::array *a = n.as_array())
    for (const auto &v : *a) mark_all(v);
}
// The first key (leaf or empty table) nobody read, as "[section] key (line N)".
std::optional<std::string> unread(const toml::table &t, const std::string &where) {
  for (const auto &[k, v] : t) {
    const std::string name = where.empty() ? std::string(k.str()) : where + "." + std::string(k.str());
    const toml::table *sub = v.as_table();
    if (sub != nullptr && !sub->empty()) {
      if (auto u = unread(*sub, name)) return u;
      continue;
    }
    if (g_read->count(&v)) continue;
    return "unknown key " + name + " (line " + std::to_string(v.source().begin.line) + ")";
  }
  return std::nullopt;
}

// A [min, max] pair of numbers; absent leaves `out` as it was.
bool read_range(const toml::table &t, std::string_view key, Range &out, std::string &err) {
  const toml::node *n = mark(t.get(key));
  if (n != nullptr) mark_all(*n);
  if (n == nullptr) return true;
  const toml::array *a = n->as_array();
  if (a == nullptr || a->size() != 2 || !a->get(0)->is_number() || !a->get(1)->is_number()) {
    err = std::string(key) + " must be [min, max]";
    return false;
  }
  const double lo = a->get(0)->value<double>().value_or(0);
  const double hi = a->get(1)->value<double>().value_or(0);
  if (lo > hi) {
    err = std::string(key) + ": min is greater than max";
    return false;
  }
  out = Range{lo, hi};
  return true;
}

bool read_int(const toml::table &t, std::string_view key, int &out, int lo, int hi, std::string &err) {
  const toml::node *n = mark(t.get(key));
  if (n == nullptr) return true;
  const auto v = n->value<std::int64_t>();
  if (!v || *v < lo || *v > hi) {
    err = std::string(key) + " must be an integer " + std::to_string(lo) + "–" + std::to_string(hi);
    return false;
  }
  out = static_cast<int>(*v);
  return true;
}

bool read_number(const toml::table &t, std::string_view key, double &out, std::string &err) {
  const toml::node *n = mark(t.get(key));
  if (n == nullptr) return true;
  if (!n->is_number()) {
    err = "framing." + std::string(key) + " must be a number";
    return false;
  }
  out = n->value<double>().value_or(0);
  return true;
}

// [framing]: SPEC §5's windows and the planner's aims. An unknown key is refused: a misspelt
// window would silently fall back to the default standard's number.
bool read_framing(const toml::table &f, StandardProfile &p, std::string &err) {
  static constexpr std::string_view kKeys[] = {"head_top_px",          "head_top_aim_px",   "eye_line_px", "eye_line_aim_px",
                                               "face_width_px",        "face_width_aim_px", "chin_max_px", "chin_aim_px",
                                               "centre_offset_max_px", "shoulders_in_frame"};
  for (const auto &[k, v] : f) {
    (void)v;
    if (std::find(std::begin(kKeys), std::end(kKeys), k.str()) != std::end(kKeys)) continue;
    err = k.str() == "cheek_margin_px"
        ? "framing.cheek_margin_px is the notice's centimetre rule for the 480×640 file and is not used: "
          "give face_width_px (cheek to cheek) instead"
        : "unknown key framing." + std::string(k.str()) + " (line " + std::to_string(v.source().begin.line) + ")";
    return false;
  }
  if (!read_range(f, "head_top_px", p.head_top_px, err) || !read_range(f, "head_top_aim_px", p.head_top_aim_px, err) ||
      !read_range(f, "eye_line_px", p.eye_line_px, err) || !read_number(f, "eye_line_aim_px", p.eye_line_aim_px, err) ||
      !read_range(f, "face_width_px", p.face_width_px, err) || !read_range(f, "face_width_aim_px", p.face_width_aim_px, err) ||
      !read_number(f, "chin_max_px", p.chin_max_px, err) || !read_range(f, "chin_aim_px", p.chin_aim_px, err) ||
      !read_number(f, "centre_offset_max_px", p.centre_offset_max_px, err))
    return false;
  if (const toml::node *n = mark(f.get("shoulders_in_frame"))) {
    if (!n->is_boolean()) {
      err = "framing.shoulders_in_frame must be true or false";
      return false;
    }
    p.shoulders_in_frame = n->value<bool>().value_or(true);
  }
  return true;
}

std::string window(const char *name, Range r) {
  char buf[96];
  std::snprintf(buf, sizeof buf, "%s %.0f–%.0f px", name, r.min, r.max);
  return buf;
}

// Typical proportions of a seated adult, measured on real portraits (SPEC §5): the eye line about
// 0.9 face widths below the crown, the chin about 1.8. A profile whose windows no such face can
// meet at once (or whose aims contradict each other) would turn every student into a retake.
constexpr double kCrownToEyes = 0.9, kCrownToChin = 1.8;

bool typical_face_fits(const StandardProfile &p, Range width, Range crown, Range eyes, double chin_lo, double chin_hi) {
  constexpr int kSteps = 60;
  for (int i = 0; i <= kSteps; ++i) {
    const double w = width.min + (width.max - width.min) * i / kSteps;
    for (int j = 0; j <= kSteps; ++j) {
      const double top = crown.min + (crown.max - crown.min) * j / kSteps;
      const double eye = top + kCrownToEyes * w, chin = top + kCrownToChin * w;
      if (eyes.contains(eye) && chin >= chin_lo && chin <= chin_hi && w <= p.width) return true;
    }
  }
  return false;
}

// Empty when the framing can be met; otherwise what contradicts what.
std::string framing_contradiction(const StandardProfile &p) {
  const double h = p.height;
  for (const auto &[name, r] : {std::pair{"head_top_px", p.head_top_px}, std::pair{"eye_line_px", p.eye_line_px}})
    if (r.min < 0 || r.max >= h) return std::string("framing.") + name + " lies outside the photo's " + std::to_string(p.height) + " rows";
  if (p.face_width_px.min <= 0 || p.face_width_px.max > p.width)
    return "framing.face_width_px must be within 1–" + std::to_string(p.width) + " px";
  if (p.chin_max_px > std::ceil(2.0 * h / 3.0) || p.chin_max_px <= p.eye_line_px.min)
    return "framing.chin_max_px must leave at least a third of the photo for the upper body (at most " +
        std::to_string(static_cast<int>(std::ceil(2.0 * h / 3.0))) + ") and lie below the eye window";
  const auto inside = [](Range aim, Range hard) { return aim.min >= hard.min && aim.max <= hard.max; };
  if (!inside(p.head_top_aim_px, p.head_top_px) || !inside(p.face_width_aim_px, p.face_width_px) ||
      !p.eye_line_px.contains(p.eye_line_aim_px) || p.chin_aim_px.max > p.chin_max_px)
    return "framing: every aim (head_top_aim_px, eye_line_aim_px, face_width_aim_px, chin_aim_px) must lie inside its window";
  if (p.centre_offset_max_px < 0 || p.centre_offset_max_px > p.width / 4.0)
    return "framing.centre_offset_max_px must be within 0–" + std::to_string(p.width / 4) + " px";
  if (!typical_face_fits(p, p.face_width_px, p.head_top_px, p.eye_line_px, 0, p.chin_max_px))
    return "framing windows contradict each other: no typical face (eyes 0.9, chin 1.8 face widths below the crown) meets " +
        window("head_top_px", p.head_top_px) + ", " + window("eye_line_px", p.eye_line_px) + ", " +
        window("face_width_px", p.face_width_px) + " and chin ≤ " + std::to_string(static_cast<int>(p.chin_max_px)) + " px at once";
  const double eye_slack = 0.15 * p.face_width_aim_px.max;
  if (!typical_face_fits(p, p.face_width_aim_px, p.head_top_aim_px, Range{p.eye_line_aim_px - eye_slack, p.eye_line_aim_px + eye_slack},
                         p.chin_aim_px.min, p.chin_aim_px.max))
    return "framing aims contradict each other: no typical face (eyes 0.9, chin 1.8 face widths below the crown) meets " +
        window("head_top_aim_px", p.head_top_aim_px) + ", eyes near " + std::to_string(static_cast<int>(p.eye_line_aim_px)) + " px, " +
        window("face_width_aim_px", p.face_width_aim_px) + " and " + window("chin_aim_px", p.chin_aim_px);
  return {};
}

// [checks] may be written flat ("pose_yaw.max" = 5) or nested ([checks.pose_yaw] max = 5);
// both end up as "pose_yaw.max".
bool flatten(const toml::table &t, const std::string &prefix, Thresholds &out, std::string &err) {
  for (const auto &[k, v] : t) {
    const std::string key = prefix.empty() ? std::string(k.str()) : prefix + "." + std::string(k.str());
    if (const toml::table *sub = v.as_table()) {
      if (!flatten(*sub, key, out, err)) return false;
    } else if (v.is_number()) {
      out.values[key] = v.value<double>().value_or(0);
    } else if (v.is_boolean()) {
      out.values[key] = v.value<bool>().value_or(false) ? 1.0 : 0.0;
    } else {
      err = "checks." + key + " must be a number";
      return false;
    }
  }
  return true;
}

}  // namespace

Result<Standard> parse_standard(std::string_view toml_text) {
  toml::table root;
  try {
    root = toml::parse(toml_text);
  } catch (const toml::parse_error &e) {
    return bad(std::string(e.description()) + " (line " + std::to_string(e.source().begin.line) + ")");
  }
  Standard s;
  StandardProfile &p = s.profile;
  std::string err;
  std::set<const toml::node *> read;
  g_read = &read;
  struct Reset {
    ~Reset() { g_read = nullptr; }
  } reset;
  mark(root.get("description"));  // for people only
  if (const auto name = mark(root.get("name")) ? root["name"].value<std::string>() : std::nullopt) p.name = *name;

  if (const toml::table *o = root["output"].as_table()) {
    if (!read_int(*o, "width", p.width, 16, 20000, err) || !read_int(*o, "height", p.height, 16, 20000, err) ||
        !read_int(*o, "dpi", p.dpi, 1, 65535, err) || !read_range(*o, "file_bytes", p.file_bytes, err))
      return bad(err);
    if (const toml::node *f = mark(o->get("file_bytes_floor"))) {
      if (!f->is_number()) return bad("file_bytes_floor must be a number");
      p.file_bytes_floor = f->value<double>().value_or(0);
    }
  }
  if (p.file_bytes_floor > p.file_bytes.min) return bad("file_bytes_floor is above the file_bytes window");

  if (const toml::table *f = root["framing"].as_table())
    if (!read_framing(*f, p, err)) return bad(err);
  if (const std::string why = framing_contradiction(p); !why.empty()) return bad(why);

  if (const toml::table *b = root["background"].as_table()) {
    if (const toml::node *rgb = mark(b->get("rgb"))) {
      mark_all(*rgb);
      const toml::array *a = rgb->as_array();
      if (a == nullptr || a->size() != 3) return bad("background.rgb must be [r, g, b]");
      for (std::size_t i = 0; i < 3; ++i) {
        const auto v = a->get(i)->value<std::int64_t>();
        if (!v || *v < 0 || *v > 255) return bad("background.rgb values must be 0–255");
        p.background_rgb[i] = static_cast<int>(*v);
      }
    }
  }
  if (const toml::table *c = root["checks"].as_table()) {
    if (!flatten(*c, "", s.thresholds, err)) return bad(err);
    mark_all(*c);  // flatten read (and checked the type of) every entry
  }
  for (const char *section : {"output", "framing", "background", "checks"}) mark(root.get(section));  // may be empty
  if (auto u = unread(root, "")) return bad(*u);
  return s;
}

Result<StandardProfile> parse_profile(std::string_view toml_text) {
  auto s = parse_standard(toml_text);
  if (!s) return s.error();
  return s->profile;
}

}  // namespace gradbooth::models
