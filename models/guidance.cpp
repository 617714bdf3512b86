#include "guidance.h"

#include <algorithm>
#include "thresholds.h"

#include <cmath>
#include <vector>

#include <opencv2/imgproc.hpp>

namespace gradbooth::models {
namespace {

double lim(const Thresholds &t, std::string_view key) { return threshold_or_default(t, key); }

constexpr ThresholdDefault kGuideThresholds[] = {
    {"guide.centre.max", 0.12},  // face centre off the frame centre, share of width
    {"guide.still.max", 0.02},   // face movement between frames, share of width
};

struct HintText {
  Hint hint;
  std::string_view name, zh, en;
};

constexpr HintText kTexts[] = {
    {Hint::NoFace, "no_face", "请坐到镜头前，正对相机", "Sit in front of the camera, facing it"},
    {Hint::ManyFaces, "many_faces", "镜头前只能有一个人", "Only one person may be in view"},
    {Hint::MoveCloser, "move_closer", "请靠近一点", "Come a little closer"},
    {Hint::MoveBack, "move_back", "请稍微后退", "Move back a little"},
    {Hint::MoveLeft, "move_left", "请向左移一点", "Move a little to your left"},
    {Hint::MoveRight, "move_right", "请向右移一点", "Move a little to your right"},
    {Hint::TurnLeft, "turn_left", "请把头向左转一点", "Turn your head a little to your left"},
    {Hint::TurnRight, "turn_right", "请把头向右转一点", "Turn your head a little to your right"},
    {Hint::TiltLeft, "tilt_left", "请把头向左摆正", "Straighten your head towards your left"},
    {Hint::TiltRight, "tilt_right", "请把头向右摆正", "Straighten your head towards your right"},
    {Hint::ChinUp, "chin_up", "请微微抬头", "Raise your chin a little"},
    {Hint::ChinDown, "chin_down", "请微微低头", "Lower your chin a little"},
    {Hint::OpenEyes, "open_eyes", "请自然睁开双眼", "Open your eyes naturally"},
    {Hint::CloseMouth, "close_mouth", "请闭上嘴，保持自然表情", "Close your mouth, keep a neutral face"},
    {Hint::CheckHair, "check_hair", "头发太高，请压低或放下头发", "Your hair is too high: flatten or untie it"},
    {Hint::HoldStill, "hold_still", "请保持不动", "Hold still"},
    {Hint::Ready, "ready", "很好，保持住", "Good, hold it"},
};

const HintText &text(Hint h) {
  for (const auto &t : kTexts)
    if (t.hint == h) return t;
  return kTexts[0];
}

}  // namespace

std::span<const ThresholdDefault> guidance_thresholds() { return kGuideThresholds; }

std::string_view hint_name(Hint h) { return text(h).name; }

Guidance make_guidance(Hint h, std::optional<FaceLandmarks> face) {
  const HintText &t = text(h);
  return Guidance{h, std::string(t.zh), std::string(t.en), std::move(face), std::nullopt};
}

CropPlan plan_on_preview(const FaceLandmarks &face, cv::Size frame, const StandardProfile &p) {
  const auto &pt = face.points;
  double brow = pt[17].y;
  for (int i = 18; i <= 26; ++i) brow = std::min(brow, double(pt[static_cast<std::size_t>(i)].y));
  // Hair top about 0.65 brow-to-chin heights above the brows (FGNet frames; hair varies: the
  // capture measures it).
  FramingFeatures f;
  f.chin_y = pt[lm::kChin].y;
  f.head_top_y = brow - 0.65 * (f.chin_y - brow);
  f.eye_line_y = eye_line_y(face);
  f.cheek_left_x = pt[lm::kJawLeft].x;
  f.cheek_right_x = pt[lm::kJawRight].x;
  return plan_crop(f, frame, p);
}

cv::Rect landmark_bounds(const FaceLandmarks &face) {
  return cv::boundingRect(std::vector<cv::Point2f>(face.points.begin(), face.points.end()));
}

Hint choose_hint(const GuideInput &in, const Standard &standard) {
  const Thresholds &t = standard.thresholds;
  if (in.face_count <= 0) return Hint::NoFace;
  if (in.face_count > 1) return Hint::ManyFaces;

  const double fw = in.frame.width, fh = in.frame.height;
  const CropPlan &plan = in.plan;
  // Image-left is the student's right: a face sitting image-left must move to the student's left.
  switch (plan.problem) {
  case CropProblem::None: break;
  case CropProblem::NoOutline: return Hint::NoFace;
  case CropProblem::HeadTooTall:
  case CropProblem::EyesTooLow: return Hint::CheckHair;
  case CropProblem::TooFarLeft: return Hint::MoveLeft;
  case CropProblem::TooFarRight: return Hint::MoveRight;
  case CropProblem::TooClose:
  case CropProblem::TooHigh:
  case CropProblem::TooLow: return Hint::MoveBack;
  }
  // A crop under 55 % of the frame's height means a small face: come closer (room for the
  // student to move, and plenty of pixels for the photo).
  const cv::Rect2d &crop = plan.source;
  if (crop.height < 0.55 * fh) return Hint::MoveCloser;
  const double off = (crop.x + crop.width / 2.0 - fw / 2.0) / fw;
  const double centre_max = lim(t, "guide.centre.max");
  if (off < -centre_max) return Hint::MoveLeft;
  if (off > centre_max) return Hint::MoveRight;

  const LandmarkMeasures &m = in.measures;
  // Positive yaw: nose towards image-right = the student looks to their left → turn right.
  if (std::abs(m.yaw) > lim(t, "pose_yaw.max")) return m.yaw > 0 ? Hint::TurnRight : Hint::TurnLeft;
  // Positive roll: head leans to image-right = the student's left shoulder → straighten right.
  if (std::abs(m.roll) > lim(t, "pose_roll.max")) return m.roll > 0 ? Hint::TiltRight : Hint::TiltLeft;
  if (std::abs(m.pitch) > lim(t, "pose_pitch.max")) return m.pitch > 0 ? Hint::ChinDown : Hint::ChinUp;
  if (std::min(m.ear_left, m.ear_right) < lim(t, "eyes_open.min")) return Hint::OpenEyes;
  if (m.mouth_opening > lim(t, "mouth_closed.max")) return Hint::CloseMouth;

  if (in.previous) {
    const cv::Rect &a = *in.previous, b = landmark_bounds(in.face);
    const double moved = std::hypot((a.x + a.width / 2.0) - (b.x + b.width / 2.0), (a.y + a.height / 2.0) - (b.y + b.height / 2.0));
    const double still = lim(t, "guide.still.max") * fw;
    if (moved > still || std::abs(a.width - b.width) > still) return Hint::HoldStill;
  } else {
    return Hint::HoldStill;  // one frame proves nothing about stillness
  }
  return Hint::Ready;
}

}  // namespace gradbooth::models
