// The stages of Analyzer::check, each a function of the Session (session.h says what each fills).
// Analyzer::check calls them in order; bench_pipeline times them one by one.
#pragma once

#include "analysis/session.h"
#include "analyzer.h"

namespace gradbooth::models {

// The header, the reduced decode, and (for a large camera file) the crop source's decode started
// on a second thread. An error when the bytes are not a usable JPEG.
Result<void> decode(Session &s);
void detect(Session &s);
void landmarks(Session &s);
void plan(Session &s);
// The photo cut from the crop source when it holds enough pixels, else region-decoded from the JPEG.
Result<void> render(Session &s);
// The landmark measures, the pixel measures around the subject and, when there is a photo, its own.
void measure(Session &s);
Result<void> encode(Session &s);
// measure and encode need only the photo: the spec JPEG's quality search runs on a second
// thread meanwhile.
Result<void> measure_and_encode(Session &s);
// The verdict and the stored measures.
PhotoReport report(Session &s);

}  // namespace gradbooth::models
