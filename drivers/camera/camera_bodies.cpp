#include "camera/camera_bodies.h"

#include <libintl.h>

namespace gradbooth::camera {

namespace {

// What each row rests on (libgphoto2 2.5.30, camlibs/ptp2):
//  - Canon EOS (vendor extension 11 with EOS RemoteRelease[On]): the capture target is
//    libgphoto2's "capturetarget" radio ("Internal RAM" = CaptureDestination host, its
//    default); a shot to RAM arrives as a RequestObjectTransfer in the polled EOS events and
//    libgphoto2 names it "captNNNN.jpg" itself. An EOS body shoots from live view (the mirror
//    is already up; ending it would cost a mirror cycle per shot). A half-press that finds no
//    focus is reported as "Perhaps no focus?" (library.c, camera_trigger_canon_eos_capture).
//  - Nikon (vendor extension 10): same "capturetarget" radio; live view ends through the
//    "viewfinder" toggle before the shot, as bodies that keep the mirror up after live view
//    otherwise fail the shot or deliver it black. An out-of-focus trigger is the PTP answer
//    0xA002, shown as "Out of Focus"; the Nikon capture path's own "perhaps no focus" too.
//  - Any other PTP body: the Nikon behaviour, which is the PTP standard one.
const std::vector<CameraBody> &bodies() {
  static const std::vector<CameraBody> rows = {
      {"Canon EOS",
       "Canon",
       "Canon EOS",
       "capturetarget",
       "Internal RAM",
       nullptr,
       {"Canon EOS Capture failed to release: Perhaps no focus?", "Canon EOS M Capture failed: Perhaps no focus?"},
       true},
      {"Nikon",
       "Nikon",
       "",
       "capturetarget",
       "Internal RAM",
       "viewfinder",
       {"Out of Focus", "no object found during event polling. perhaps no focus..."},
       false},
      {"PTP camera", "", "", "capturetarget", "Internal RAM", "viewfinder", {"Out of Focus"}, false},
  };
  return rows;
}

}  // namespace

const CameraBody &camera_body(const std::string &manufacturer, const std::string &model) {
  for (const CameraBody &b : bodies()) {
    if (manufacturer.find(b.manufacturer) == std::string::npos) continue;
    if (model.rfind(b.model_prefix, 0) != 0) continue;
    return b;
  }
  return bodies().back();
}

std::string gphoto_text(const char *msgid) {
  // libgphoto2 translates its messages in its own text domain when the program has set a
  // locale (GTK does); the booth must recognise them in either language.
  return dgettext("libgphoto2-6", msgid);
}

bool is_focus_failure(const CameraBody &body, const std::string &text) {
  for (const char *m : body.focus_failure_messages) {
    if (text.find(m) != std::string::npos) return true;
    if (text.find(gphoto_text(m)) != std::string::npos) return true;
  }
  return false;
}

}  // namespace gradbooth::camera
