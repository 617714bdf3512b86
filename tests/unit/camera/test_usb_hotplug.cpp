// The USB arrival watcher starts and stops cleanly with or without libusb hotplug support.
// (Arrivals themselves need a real plug; the worker's reaction to one is tested with a fake.)
#include "camera/usb_hotplug.h"

#include <doctest/doctest.h>

#include <libusb.h>

TEST_CASE("UsbHotplug is active exactly where libusb offers hotplug, and joins on destruction") {
  libusb_context *ctx = nullptr;
  const bool usable = libusb_init(&ctx) == LIBUSB_SUCCESS;
  const bool expect = usable && libusb_has_capability(LIBUSB_CAP_HAS_HOTPLUG);
  if (usable) libusb_exit(ctx);
  {
    gradbooth::camera::UsbHotplug watcher([] {});
    CHECK(watcher.active() == expect);
  }  // the watcher thread must have stopped here, or the test hangs
}
