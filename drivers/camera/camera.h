// The camera as the booth sees it: open it, watch live view, take one picture.
// Implementations: libgphoto2 (a real DSLR over USB or PTP/IP) and a replay camera
// (a video or a folder of JPEGs) for demos and tests.
#pragma once

#include "gradbooth/result.h"

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace gradbooth::camera {

// One live-view frame as the camera sent it (JPEG), stamped when it reached us.
struct LiveFrame {
  std::vector<std::uint8_t> jpeg;
  std::chrono::steady_clock::time_point at;
};

// The original file of one shot, untouched, with the name the camera gave it.
struct CapturedFile {
  std::vector<std::uint8_t> bytes;
  std::string name;
};

struct CameraStatus {
  std::string model, serial, port;
  int battery_percent = -1;  // -1 = the camera does not say
  bool connected = false;
};

// Not thread-safe: one thread drives it (see CameraWorker). After an error with code
// "camera.disconnected" the next call reopens the camera by itself.
class Camera {
public:
  virtual ~Camera() = default;
  virtual Status open() = 0;
  virtual void close() = 0;
  virtual Result<CameraStatus> status() = 0;
  virtual Result<LiveFrame> preview() = 0;     // one live-view frame
  virtual Result<CapturedFile> capture() = 0;  // shoot, download, delete on camera
  // The driving thread's "try again now": a USB camera calls it (from another thread) when a
  // device is plugged in, so reconnecting need not wait out the back-off. Optional.
  virtual void set_wakeup(std::function<void()> wake) { (void)wake; }
};

// Knobs of the libgphoto2 camera; the defaults suit a booth ([camera] in gradbooth.toml).
struct Gphoto2Options {
  std::chrono::milliseconds capture_timeout{10000};  // trigger → file announced
  int busy_retries = 5;                              // "device busy" on trigger: retry this often
  int low_battery_percent = 10;                      // refuse to shoot below this
};

// port: as libgphoto2 writes it ("usb:002,005", "ptpip:127.0.0.1:15740:15741"), "" = autodetect.
// model: a libgphoto2 model name, "" = whatever answers on the port.
std::unique_ptr<Camera> make_gphoto2_camera(std::string port = "", std::string model = "");
std::unique_ptr<Camera> make_gphoto2_camera(std::string port, std::string model, Gphoto2Options options);
// What `gphoto2 --auto-detect` would list: USB (and other probeable) cameras and their ports.
struct DetectedCamera {
  std::string model, port;
};
Result<std::vector<DetectedCamera>> detect_gphoto2_cameras();

// video_or_dir: a video file (decoded with OpenCV) or a folder of JPEGs, played in a loop.
std::unique_ptr<Camera> make_replay_camera(std::string video_or_dir);

// Where tests and the CLI need to know: the stable error codes this driver returns.
namespace errc {
inline constexpr const char *busy = "camera.busy";
inline constexpr const char *disconnected = "camera.disconnected";
inline constexpr const char *claimed = "camera.claimed_by_other_process";
inline constexpr const char *no_card = "camera.no_card";
inline constexpr const char *asleep = "camera.asleep";
inline constexpr const char *battery_low = "camera.battery_low";
inline constexpr const char *timeout = "camera.timeout";
inline constexpr const char *not_found = "camera.not_found";
inline constexpr const char *file_mismatch = "camera.file_mismatch";
inline constexpr const char *focus_failed = "camera.focus_failed";  // no focus lock: nothing was shot
inline constexpr const char *io = "camera.io";
}  // namespace errc

}  // namespace gradbooth::camera
