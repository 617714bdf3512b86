// The spec JPEG's quality search, apart from what a size costs to learn: the same decisions run
// on estimated sizes (cheap encodes of a sample of the photo) and on true sizes (full encodes).
#pragma once

#include <gradbooth/result.h>
#include <standard.h>

#include <functional>

namespace gradbooth::models::detail {

struct JpegSetting {
  int quality = 0;         // luma quality (libjpeg scale 1–100)
  int chroma_quality = 0;  // equal to `quality`, or one above it for the half step
  bool operator==(const JpegSetting &) const = default;
};

// Where the chosen setting's file lies against the window.
enum class Landing { inside, under, over };

struct SearchOutcome {
  JpegSetting setting;  // inside: the first that fit; under: the best under; over: the last over
  Landing landing = Landing::over;
  int probes = 0;  // sizes asked of `size_at`
};

// File size at a setting (bytes), or why it could not be had.
using SizeAt = std::function<Result<double>(JpegSetting)>;

// Secant search over quality starting at `first_quality`; when two neighbouring qualities
// straddle the window, the half step (raise only chroma) is tried. `under` means one quality
// step more goes over the window (or the setting is q100).
Result<SearchOutcome> search_quality(const SizeAt &size_at, const Range &window, int first_quality);

}  // namespace gradbooth::models::detail
