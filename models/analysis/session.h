// One check() of a camera original as a value that the stages fill in order (OFIQ's session):
// decode → detect → landmarks → plan → render → measure → encode. Each stage reads what the
// earlier ones left and does nothing when they found nothing to work on (no face, no fitting
// crop), so the order reads the same for every photo.
#pragma once

#include "face/face_search.h"
#include "image/crop_plan.h"
#include "image/decode.h"
#include "image/pixel_measures.h"
#include "image/row_gate.h"
#include "image/spec_jpeg.h"
#include "measures_json.h"
#include "verdict.h"

#include <gradbooth/result.h>

#include <opencv2/core/mat.hpp>

#include <cstdint>
#include <future>
#include <optional>
#include <span>

namespace gradbooth::models {

// The crop source: a camera file large enough for the photo at 1/2 or 1/4 is also decoded whole
// at that scale, on a second thread beside the reduced decode; the crop is cut from it. The
// stages steer that decode through `gate` (detect() holds it while the detection takes both
// cores, plan() settles it on the crop's last row); whatever becomes of the check, it is settled
// and joined before its pixels are freed.
struct CropSource {
  int denom = 0;       // 0: none (the photo is region-decoded from the JPEG)
  cv::Size size;       // of the decode at 1/denom
  DecodedImage image;  // written by that thread until `done` is joined
  RowGate gate;
  std::future<Result<void>> done;

  CropSource() = default;
  CropSource(const CropSource &) = delete;
  CropSource &operator=(const CropSource &) = delete;
  ~CropSource() {
    gate.settle(0);
    if (done.valid()) done.wait();
  }
};

struct Session {
  Session(std::span<const std::uint8_t> jpeg, const Standard &standard, FaceFinder &finder)
      : jpeg(jpeg), standard(standard), finder(finder) {}

  std::span<const std::uint8_t> jpeg;
  const Standard &standard;
  FaceFinder &finder;

  // decode: what the analysis looks at (a DCT-reduced decode, 640–1279 px on the long side).
  DecodedImage reduced;
  cv::Mat gray;
  double to_full = 1;  // reduced pixel x covers full-resolution pixels [x·to_full, (x+1)·to_full)
  CropSource source;

  // detect: faces on the reduced image, the largest one's box there.
  Detected detected;
  // landmarks: the main face on the reduced image and in full-resolution coordinates.
  std::optional<FaceLandmarks> face_reduced, face_full;
  // plan: the crop, from the landmarks and the hair top on the whole reduced image.
  std::optional<PixelMeasures> whole;
  // render: the photo at the profile's size. measure: the face's landmark measures, the pixels
  // around the subject on the reduced image, and what the photo shows, re-measured on it.
  cv::Mat photo;
  // encode: the spec JPEG.
  std::optional<SpecJpeg> spec;

  Measurements m;  // what the verdict judges
  MeasureLog log;  // every raw measure, for storage
};

}  // namespace gradbooth::models
