// Tells the camera's reconnect loop the moment a USB device arrives, so a replugged or
// re-powered camera is back within a second instead of after the back-off.
#pragma once

#include <atomic>
#include <functional>
#include <thread>

struct libusb_context;

namespace gradbooth::camera {

class UsbHotplug {
public:
  // on_arrival runs on the watcher's own thread; keep it to a flag and a notify.
  explicit UsbHotplug(std::function<void()> on_arrival);
  ~UsbHotplug();
  UsbHotplug(const UsbHotplug &) = delete;
  UsbHotplug &operator=(const UsbHotplug &) = delete;

  // False where libusb has no hotplug (no usbfs in a container, old kernels): the back-off
  // alone then brings the camera back.
  bool active() const { return active_; }

private:
  std::function<void()> on_arrival_;
  libusb_context *ctx_ = nullptr;
  int handle_ = 0;
  bool active_ = false;
  std::atomic<bool> stop_{false};
  std::thread thread_;
};

}  // namespace gradbooth::camera
