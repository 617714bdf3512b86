// Where camera families differ under libgphoto2's ptp2 driver, in one table keyed by what the
// camera reports about itself (DeviceInfo's manufacturer and model). Everything else in the
// driver goes through libgphoto2's generic widgets and calls and needs no family at all.
#pragma once

#include <string>
#include <vector>

namespace gradbooth::camera {

struct CameraBody {
  const char *family;  // for logs and the supervisor: "Canon EOS", "Nikon", "PTP camera"
  // Matched in order: DeviceInfo manufacturer contains `manufacturer`, model starts with
  // `model_prefix` ("" = any).
  const char *manufacturer, *model_prefix;
  // The capture target: a radio widget and its host-RAM choice (libgphoto2's msgid; the
  // translation is matched too). Shots that land in RAM wear no card and leave no stale files.
  const char *capture_target_widget, *capture_target_ram;
  // A toggle set to 0 to end live view before the shot, or nullptr when the body shoots
  // straight from live view.
  const char *end_liveview_widget;
  // libgphoto2's own messages (its English msgids; their translation is matched too) that mean
  // "the autofocus found nothing to lock on": no shot was taken and retaking makes sense.
  std::vector<const char *> focus_failure_messages;
  // True when libgphoto2 names the downloaded shot itself ("capt0000.jpg" for an EOS RAM
  // transfer), so a re-announced old shot shows only in its bytes, not its name.
  bool names_made_up_by_host;
};

// The body for what the camera reports; a generic PTP row when nothing more specific matches.
const CameraBody &camera_body(const std::string &manufacturer, const std::string &model);

// Whether libgphoto2's error text (possibly translated) says the body could not focus.
bool is_focus_failure(const CameraBody &body, const std::string &gphoto_error_text);

// libgphoto2's translation of one of its own msgids in the current locale (or the msgid).
std::string gphoto_text(const char *msgid);

}  // namespace gradbooth::camera
