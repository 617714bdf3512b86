// check(): the stages of analysis/stages.h in order, on one Session. guide(): detect on a small
// copy of the preview, landmarks at preview size, one hint.
#include "analyzer.h"

#include "analysis/stages.h"
#include "face/face_search.h"
#include "image/decode.h"
#include "measures/landmark_measures.h"

#include <algorithm>
#include <mutex>

namespace gradbooth::models {
namespace {

// Live view: a seated student's face is >= 1/5 of the frame width, i.e. >= 90 px at 480 (~15 ms).
constexpr int kGuideDetectWidth = 480;
// Tracking window (3× the last face's landmark bounds) scaled to this width: the face ~100 px.
constexpr int kGuideTrackWidth = 300;
constexpr int kGuideFullEvery = 5;

}  // namespace

struct Analyzer::Impl {
  Standard standard;
  std::unique_ptr<FaceFinder> check_finder, guide_finder;
  std::mutex check_lock, guide_lock;
  std::optional<cv::Rect> previous_box;  // guide(): last frame's face (landmark bounds)
  int tracked_frames = 0;                // guide(): frames since the last whole-frame detection
};

Analyzer::Analyzer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Analyzer::~Analyzer() = default;

Result<std::unique_ptr<Analyzer>> Analyzer::load(const std::string &landmark_model_path, Standard standard) {
  auto finder = FaceFinder::load(landmark_model_path);
  if (!finder) return finder.error();
  auto impl = std::make_unique<Impl>();
  impl->standard = std::move(standard);
  impl->guide_finder = (*finder)->sibling();
  impl->check_finder = std::move(finder.value());
  return std::unique_ptr<Analyzer>(new Analyzer(std::move(impl)));
}

const Standard &Analyzer::standard() const { return impl_->standard; }

Result<PhotoReport> Analyzer::check(std::span<const std::uint8_t> camera_jpeg) {
  std::lock_guard lock(impl_->check_lock);
  Session s(camera_jpeg, impl_->standard, *impl_->check_finder);
  if (auto decoded = decode(s); !decoded) return decoded.error();
  detect(s);
  landmarks(s);
  plan(s);
  if (auto rendered = render(s); !rendered) return rendered.error();
  if (auto done = measure_and_encode(s); !done) return done.error();
  return report(s);
}

Guidance Analyzer::guide(const cv::Mat &bgr_preview) {
  std::lock_guard lock(impl_->guide_lock);
  if (bgr_preview.empty()) {
    impl_->previous_box.reset();
    return make_guidance(Hint::NoFace);
  }
  const cv::Mat gray = to_gray(bgr_preview);
  // Tracking: while exactly one face was seen, look only around where it was (the face at
  // ~100 px: a few ms); every kGuideFullEvery-th frame scans the whole frame again so a second
  // person walking in is still noticed.
  Found found;
  bool tracked = false;
  if (impl_->previous_box && impl_->tracked_frames + 1 < kGuideFullEvery) {
    const cv::Rect &p = *impl_->previous_box;
    const cv::Rect roi = cv::Rect(p.x - p.width, p.y - p.height, 3 * p.width, 3 * p.height) & cv::Rect(0, 0, gray.cols, gray.rows);
    if (roi.width > 0 && roi.height > 0) {
      found = find_faces(*impl_->guide_finder, gray(roi), std::max(kGuideTrackWidth, 1), true);
      if (found.count == 1 && found.face) {
        for (auto &pt : found.face->points) pt += cv::Point2f(static_cast<float>(roi.x), static_cast<float>(roi.y));
        found.face->box += roi.tl();
        tracked = true;
      }
    }
  }
  if (!tracked) found = find_faces(*impl_->guide_finder, gray, kGuideDetectWidth, true);
  impl_->tracked_frames = tracked ? impl_->tracked_frames + 1 : 0;
  GuideInput in;
  in.face_count = found.count;
  in.frame = gray.size();
  in.previous = impl_->previous_box;
  if (!found.face || found.count != 1) impl_->previous_box.reset();
  if (!found.face) return make_guidance(Hint::NoFace);
  in.face = *found.face;
  in.measures = measure_landmarks(in.face, in.frame);
  in.plan = plan_on_preview(in.face, in.frame, impl_->standard.profile);
  if (found.count == 1) impl_->previous_box = landmark_bounds(in.face);
  Guidance g = make_guidance(choose_hint(in, impl_->standard), in.face);
  if (found.count == 1 && in.plan.fits) g.crop = in.plan.source;
  return g;
}

Guidance Analyzer::guide_jpeg(std::span<const std::uint8_t> preview_jpeg) {
  // A live-view JPEG is already small; DCT scaling keeps a large one cheap.
  auto decoded = decode_for_detection(preview_jpeg, 480);
  if (!decoded) return make_guidance(Hint::NoFace);
  Guidance g = guide(decoded->bgr);
  if (decoded->scale_denom > 1) {
    const double k = double(decoded->original_size.width) / decoded->bgr.cols;
    if (g.face) g.face = scaled(*g.face, k);
    if (g.crop) g.crop = cv::Rect2d(g.crop->x * k, g.crop->y * k, g.crop->width * k, g.crop->height * k);
  }
  return g;
}

}  // namespace gradbooth::models
