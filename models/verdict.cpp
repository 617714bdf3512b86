#include "verdict.h"

#include "thresholds.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

namespace gradbooth::models {
namespace {

// A threshold from the standard, else the built-in default (one table of numbers: thresholds.cpp).
double lim(const Thresholds &t, std::string_view key) { return t.get(key, default_thresholds().get(key, 0.0)); }

std::string fmt(const char *f, double a) {
  char buf[96];
  std::snprintf(buf, sizeof buf, f, a);
  return buf;
}
std::string fmt2(const char *f, double a, double b) {
  char buf[96];
  std::snprintf(buf, sizeof buf, f, a, b);
  return buf;
}

struct Builder {
  std::vector<CheckResult> out;
  void add(std::string id, bool pass, double value, std::string limit, std::string zh, std::string en,
           bool hard = true) {
    CheckResult c;
    c.id = std::move(id);
    c.pass = pass;
    c.value = value;
    c.limit = std::move(limit);
    if (!pass) {
      c.reason_zh = std::move(zh);
      c.reason_en = std::move(en);
    }
    c.hard = hard;
    out.push_back(std::move(c));
  }
  // A rule that could not be measured (no face, no crop): failing, saying why.
  void unmeasured(std::string id, std::string limit, const char *zh, const char *en) {
    add(std::move(id), false, std::nan(""), std::move(limit), zh, en);
  }
};

// The framing windows of SPEC §5, judged on the rendered photo. Without a photo each is
// unmeasured; the one the planner gave up carries the planner's reason.
void add_framing_checks(Builder &b, const Measurements &m, const Standard &standard) {
  const StandardProfile &p = standard.profile;
  const Thresholds &t = standard.thresholds;
  const auto window = [](Range r) { return fmt2("%.0f–%.0f px", r.min, r.max); };
  if (!m.framing) {
    const CropPlan *c = m.crop ? &*m.crop : nullptr;
    for (const char *id : {"head_top", "eye_line", "face_width", "chin", "shoulders_visible", "shoulders_level"}) {
      if (c && !c->fits && c->gave_up == id)
        b.add(id, false, std::nan(""), "", c->reason_zh, c->reason_en);
      else
        b.unmeasured(id, "", "没有生成标准照片，无法测量。", "Not measurable: no standard photo could be made.");
    }
    return;
  }
  const OutputFraming &f = *m.framing;
  const bool top_ok = f.head_top >= 0 && p.head_top_px.contains(f.head_top);
  b.add("head_top", top_ok, f.head_top, window(p.head_top_px),
        f.head_top < 0 ? "照片中看不到头顶上方的背景（头发贴到了画面顶部），请稍向后坐后重拍。"
        : f.head_top < p.head_top_px.min ? "头顶离照片上边缘太近，请稍坐低一些或稍向后坐后重拍。"
                                          : "头顶离照片上边缘太远，请坐直后重拍。",
        f.head_top < 0 ? "No backdrop shows above the head (the hair touches the top edge): sit back a little and retake."
        : f.head_top < p.head_top_px.min ? "The top of the head is too close to the photo's top edge: sit a little lower or further back and retake."
                                          : "The top of the head is too far below the photo's top edge: sit up straight and retake.");
  b.add("eye_line", p.eye_line_px.contains(f.eye_line), f.eye_line, window(p.eye_line_px),
        f.eye_line < p.eye_line_px.min ? "眼睛在照片中位置太高，请坐直、平视镜头后重拍。" : "眼睛在照片中位置太低，请坐直、平视镜头后重拍。",
        f.eye_line < p.eye_line_px.min ? "Your eyes sit too high in the photo: sit upright, look level at the camera and retake."
                                       : "Your eyes sit too low in the photo: sit upright, look level at the camera and retake.");
  b.add("face_width", p.face_width_px.contains(f.face_width), f.face_width, window(p.face_width_px),
        f.face_width > p.face_width_px.max ? "脸部在照片中太大，请稍向后坐后重拍。" : "脸部在照片中太小，请靠近一点后重拍。",
        f.face_width > p.face_width_px.max ? "Your face is too large in the photo: sit back a little and retake."
                                           : "Your face is too small in the photo: come a little closer and retake.");
  b.add("chin", f.chin >= 0 && f.chin <= p.chin_max_px, f.chin, fmt("chin row ≤ %.0f px (upper body ≥ 1/3)", p.chin_max_px),
        "下巴太靠下，照片中上身不足三分之一，请坐直、稍向后坐后重拍。",
        "Your chin is too low in the photo (less than a third of upper body shows): sit upright, a little further back, and retake.");
  if (p.shoulders_in_frame) {
    const int need = PixelMeasures::kShoulderColumns / 2;
    const int seen = std::min(f.shoulders_left, f.shoulders_right);
    b.add("shoulders_visible", seen >= need, seen, fmt("shoulder line in ≥ %.0f columns each side", need),
          "照片中两肩没有完整露出，请坐直、稍向后坐，不要遮挡肩部后重拍。",
          "Both shoulders must show in the photo: sit upright, a little further back, with nothing over your shoulders, and retake.");
    const double tilt = lim(t, "shoulder_tilt_deg.max");
    if (seen >= need)
      b.add("shoulders_level", std::abs(f.shoulder_tilt_deg) <= tilt, f.shoulder_tilt_deg, fmt("|tilt| ≤ %.0f°", tilt),
            "双肩不平，请坐直，两肩放平。", "Your shoulders are not level: sit upright with both shoulders level.");
    else  // not judged: shoulders_visible already fails, with the reason the student can act on
      b.add("shoulders_level", true, std::nan(""), fmt("|tilt| ≤ %.0f° (not judged: shoulders not both visible)", tilt), "", "");
  }
}

} // namespace

std::vector<CheckResult> make_verdict(const Measurements &m, const Standard &standard) {
  const Thresholds &t = standard.thresholds;
  const StandardProfile &p = standard.profile;
  Builder b;

  if (m.face_count == 0)
    b.add("faces", false, 0, "exactly 1", "没有检测到人脸，请正对镜头坐好。",
          "No face was found: sit facing the camera.");
  else if (m.face_count > 1)
    b.add("faces", false, m.face_count, "exactly 1", "画面中有不止一张人脸，请其他人离开镜头范围。",
          "More than one face is in the picture: only the student may be in view.");
  else
    b.add("faces", true, 1, "exactly 1", "", "");

  if (m.exif_orientation != 1)
    b.add("orientation", false, m.exif_orientation, "EXIF orientation 1",
          "相机文件被旋转过（标准不允许旋转），请关闭相机的自动旋转后重拍。",
          "The camera file is marked as rotated (rotation is not allowed): turn off auto-rotate and retake.");

  const char *no_face_zh = "未检测到唯一的人脸，无法测量。";
  const char *no_face_en = "Not measurable without exactly one face.";
  if (m.face && m.face_count == 1) {
    const LandmarkMeasures &f = *m.face;
    const double yaw = lim(t, "pose_yaw.max"), pitch = lim(t, "pose_pitch.max"), roll = lim(t, "pose_roll.max");
    // Sign conventions in landmark_measures.h; the advice is in the student's own left/right.
    b.add("pose_yaw", std::abs(f.yaw) <= yaw, f.yaw, fmt("|yaw| ≤ %.0f°", yaw),
          f.yaw > 0 ? "头部向左转了，请向右转一点，正对镜头。" : "头部向右转了，请向左转一点，正对镜头。",
          f.yaw > 0 ? "Your head is turned to your left: turn a little to your right and face the camera."
                    : "Your head is turned to your right: turn a little to your left and face the camera.");
    b.add("pose_pitch", std::abs(f.pitch) <= pitch, f.pitch, fmt("|pitch| ≤ %.0f°", pitch),
          f.pitch > 0 ? "下巴抬得太高，请微微低头，平视镜头。" : "头低得太多，请微微抬起下巴，平视镜头。",
          f.pitch > 0 ? "Your chin is up: lower it a little and look straight at the camera."
                      : "Your head is down: raise your chin a little and look straight at the camera.");
    b.add("pose_roll", std::abs(f.roll) <= roll, f.roll, fmt("|roll| ≤ %.0f°", roll),
          f.roll > 0 ? "头向左肩歪了，请把头摆正。" : "头向右肩歪了，请把头摆正。",
          f.roll > 0 ? "Your head leans towards your left shoulder: hold it upright."
                     : "Your head leans towards your right shoulder: hold it upright.");
    const double ear = std::min(f.ear_left, f.ear_right), ear_min = lim(t, "eyes_open.min");
    b.add("eyes_open", ear >= ear_min, ear, fmt("eye aspect ratio ≥ %.2f", ear_min),
          "眼睛没有自然睁开，请睁开双眼，不要眨眼或眯眼。", "Your eyes are not fully open: open both eyes and try not to blink or squint.");
    const double mouth_max = lim(t, "mouth_closed.max");
    b.add("mouth_closed", f.mouth_opening <= mouth_max, f.mouth_opening, fmt("lip gap / mouth width ≤ %.2f", mouth_max),
          "嘴巴张开了，请自然闭合嘴唇，保持平静的表情。", "Your mouth is open: close your lips naturally and keep a neutral expression.");
    const double sym_min = lim(t, "ear_symmetry.min");
    b.add("ear_symmetry", f.ear_symmetry >= sym_min, f.ear_symmetry, fmt("≥ %.2f", sym_min),
          "两侧耳朵和脸颊不对称，请正对镜头，不要侧脸。", "Your ears and cheeks are not symmetric: face the camera squarely.");
  } else {
    b.unmeasured("pose_yaw", "", no_face_zh, no_face_en);
    b.unmeasured("pose_pitch", "", no_face_zh, no_face_en);
    b.unmeasured("pose_roll", "", no_face_zh, no_face_en);
    b.unmeasured("eyes_open", "", no_face_zh, no_face_en);
    b.unmeasured("mouth_closed", "", no_face_zh, no_face_en);
    b.unmeasured("ear_symmetry", "", no_face_zh, no_face_en);
  }

  add_framing_checks(b, m, standard);

  const char *no_photo_zh = "没有生成标准照片，无法测量。";
  const char *no_photo_en = "Not measurable: no standard photo could be made.";
  if (m.pixels) {
    const PixelMeasures &x = *m.pixels;
    const double de = lim(t, "background_delta_e.max");
    b.add("background_colour", x.background_delta_e <= de, x.background_delta_e, fmt("ΔE2000 ≤ %.0f", de),
          "背景颜色不符合要求（应为浅蓝色），请工作人员检查背景布和灯光。",
          "The background is not the required light blue: ask the photographer to check the backdrop and lights.");
    const double un = lim(t, "background_unevenness.max");
    b.add("background_uniform", x.background_unevenness <= un, x.background_unevenness, fmt("worst cell ΔE ≤ %.0f", un),
          "背景不均匀或有阴影，请离背景稍远一点，或请工作人员调整灯光。",
          "The background is uneven or shadowed: sit a little further from it, or ask for the lights to be adjusted.");
    const double lr = lim(t, "light_ratio.min");
    b.add("light_balance", x.light_ratio >= lr, x.light_ratio, fmt("darker/brighter cheek ≥ %.2f", lr),
          "脸部左右光线不均（阴阳脸），请正对灯光，或请工作人员调整灯光。",
          "One side of your face is much darker than the other: face the lights, or ask for them to be adjusted.");
    const double lo = lim(t, "face_luma.min"), hi = lim(t, "face_luma.max");
    b.add("exposure", x.face_luma >= lo && x.face_luma <= hi, x.face_luma, fmt2("face luma %.0f–%.0f", lo, hi),
          x.face_luma < lo ? "照片太暗，请工作人员调整曝光或灯光。" : "照片太亮，请工作人员调整曝光或灯光。",
          x.face_luma < lo ? "The photo is too dark: ask the photographer to adjust exposure or lights."
                           : "The photo is too bright: ask the photographer to adjust exposure or lights.");
    const double hl = lim(t, "highlight_fraction.max");
    b.add("highlights", x.highlight_fraction <= hl, x.highlight_fraction, fmt("clipped share ≤ %.3f", hl),
          "脸上有过亮的反光，请擦去脸上的油光，或请工作人员调整灯光。",
          "There are blown-out highlights on your face: blot the shine, or ask for the lights to be adjusted.");
    const double sh = lim(t, "sharpness.min");
    b.add("sharpness", x.sharpness >= sh, x.sharpness, fmt("≥ %.0f", sh), "照片不够清晰，请保持不动，重新对焦后重拍。",
          "The photo is not sharp: hold still and retake after the camera focuses.");
    const double re = lim(t, "red_eye.max");
    b.add("red_eye", x.red_eye <= re, x.red_eye, fmt("≤ %.2f", re), "出现红眼，请工作人员调整闪光灯后重拍。",
          "Red-eye is visible: ask the photographer to adjust the flash and retake.");
    const double gl = lim(t, "glare_fraction.max");
    b.add("glasses_glare", x.glare_fraction <= gl, x.glare_fraction, fmt("specular share ≤ %.3f", gl),
          "眼镜有反光，请微微调整眼镜角度或摘下眼镜后重拍。",
          "Your glasses reflect the light: tilt them slightly or take them off, and retake.");
  } else {
    for (const char *id : {"background_colour", "background_uniform", "light_balance",
                           "exposure", "highlights", "sharpness", "red_eye", "glasses_glare"})
      b.unmeasured(id, "", no_photo_zh, no_photo_en);
  }

  if (m.crop) {
    const CropPlan &c = *m.crop;
    b.add("crop_fits", c.fits, c.fits ? 1 : 0, "the crop lies inside the camera frame",
          c.reason_zh.empty() ? "按标准裁剪需要画面外的部分，请坐到画面中央、稍微后退后重拍。" : c.reason_zh,
          c.reason_en.empty() ? "The standard crop would need pixels outside the camera frame: sit centred, a little further back, and retake."
                              : c.reason_en);
    const double iod_min = lim(t, "resolution.min_eye_distance");
    const bool size_ok = m.output_size.empty() || m.output_size == cv::Size(p.width, p.height);
    b.add("resolution", size_ok && m.source_eye_distance >= iod_min, m.source_eye_distance,
          fmt("%.0f px between the eyes in the original", iod_min),
          "原始照片分辨率不足，请靠近一点或请工作人员调整相机。",
          "The original has too few pixels on the face: come a little closer or ask for the camera to be adjusted.");
    const double up = lim(t, "upscale.max");
    b.add("upscale", c.scale <= up, c.scale, fmt("scale ≤ %.2f", up), "照片需要放大，清晰度可能不足（提示）。",
          "The photo had to be enlarged and may look soft (warning).", false);
  } else {
    b.unmeasured("crop_fits", "", no_face_zh, no_face_en);
    b.unmeasured("resolution", "", no_face_zh, no_face_en);
  }

  if (m.file_bytes) {
    const double bytes = static_cast<double>(*m.file_bytes);
    // Under the window but above the floor passes: a clean image cannot reach 550 KB by quality
    // alone, and padding or noise is forbidden (SPEC §5).
    const bool ok = bytes >= p.file_bytes_floor && bytes <= p.file_bytes.max;
    b.add("file_size", ok, bytes,
          fmt2("%.0f–%.0f bytes", p.file_bytes.min, p.file_bytes.max) + fmt(" (floor %.0f)", p.file_bytes_floor),
          "照片文件大小不符合要求，请重拍。", "The photo file size is outside the standard: retake.");
    if (ok && m.file_under_window) {
      b.out.back().reason_en = "Below 550 KB at the best quality (allowed: never padded).";
      b.out.back().reason_zh = "最高质量下仍小于550KB（允许，未填充）。";
    }
  } else {
    b.unmeasured("file_size", "", no_photo_zh, no_photo_en);
  }
  return b.out;
}

} // namespace gradbooth::models
