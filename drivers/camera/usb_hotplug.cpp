#include "camera/usb_hotplug.h"

#include <libusb.h>

namespace gradbooth::camera {

namespace {
int LIBUSB_CALL on_event(libusb_context *, libusb_device *, libusb_hotplug_event, void *self) {
  auto *fn = static_cast<std::function<void()> *>(self);
  if (*fn) (*fn)();
  return 0;  // stay registered
}
}  // namespace

UsbHotplug::UsbHotplug(std::function<void()> on_arrival) : on_arrival_(std::move(on_arrival)) {
  if (libusb_init(&ctx_) != LIBUSB_SUCCESS) {
    ctx_ = nullptr;
    return;
  }
  if (!libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG) ||
      libusb_hotplug_register_callback(ctx_, LIBUSB_HOTPLUG_EVENT_DEVICE_ARRIVED, LIBUSB_HOTPLUG_NO_FLAGS, LIBUSB_HOTPLUG_MATCH_ANY,
                                       LIBUSB_HOTPLUG_MATCH_ANY, LIBUSB_HOTPLUG_MATCH_ANY, on_event, &on_arrival_,
                                       &handle_) != LIBUSB_SUCCESS) {
    libusb_exit(ctx_);
    ctx_ = nullptr;
    return;
  }
  active_ = true;
  thread_ = std::thread([this] {
    while (!stop_) {
      timeval tv{0, 250000};  // wake regularly to notice stop_
      libusb_handle_events_timeout_completed(ctx_, &tv, nullptr);
    }
  });
}

UsbHotplug::~UsbHotplug() {
  stop_ = true;
  if (thread_.joinable()) thread_.join();
  if (ctx_) {
    if (active_) libusb_hotplug_deregister_callback(ctx_, handle_);
    libusb_exit(ctx_);
  }
}

}  // namespace gradbooth::camera
