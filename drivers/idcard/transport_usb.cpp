// libusb transport for "ministry-standard" readers (0400:C35A and kin): vendor class, one IN and
// one OUT endpoint, bulk or interrupt. Which endpoint is which differs between units, so we
// enumerate them at open time. The kernel driver, if any, is detached while we hold the interface.
#include "idcard/transport.h"

#include <gradbooth/c_free.h>

#include <libusb.h>

#include <atomic>
#include <cstdio>
#include <memory>

namespace gradbooth::idcard {

namespace {

bool parse_vid_pid(const std::string &s, std::uint16_t &vid, std::uint16_t &pid) {
  unsigned v = 0, p = 0;
  if (std::sscanf(s.c_str(), "%x:%x", &v, &p) != 2 || v > 0xFFFF || p > 0xFFFF) return false;
  vid = static_cast<std::uint16_t>(v);
  pid = static_cast<std::uint16_t>(p);
  return true;
}

class UsbTransport final : public ByteStreamTransport {
public:
  explicit UsbTransport(TransportConfig cfg) : ByteStreamTransport(std::move(cfg)) {}
  ~UsbTransport() override { close(); }

  Status open() override {
    close();
    std::uint16_t vid = 0, pid = 0;
    if (!parse_vid_pid(cfg_.usb_vid_pid, vid, pid))
      return make_error("card.config", "usb_vid_pid must look like 0400:C35A, not \"" + cfg_.usb_vid_pid + "\"",
                        "usb_vid_pid 格式应为 0400:C35A");
    if (!ctx_) {
      libusb_context *c = nullptr;
      if (int rc = libusb_init(&c); rc != 0) return usb_error("libusb_init", rc);
      ctx_.reset(c);
    }
    handle_.reset(libusb_open_device_with_vid_pid(ctx_.get(), vid, pid));
    if (!handle_)
      return make_error("card.transport.gone", "no USB ID card reader " + cfg_.usb_vid_pid + " is connected",
                        "未找到 USB 身份证阅读器（" + cfg_.usb_vid_pid + "）");
    libusb_set_auto_detach_kernel_driver(handle_.get(), 1);
    libusb_config_descriptor *raw = nullptr;
    if (int rc = libusb_get_active_config_descriptor(libusb_get_device(handle_.get()), &raw); rc != 0) {
      handle_.reset();
      return usb_error("reading the configuration", rc);
    }
    CHandle<libusb_config_descriptor, &libusb_free_config_descriptor> config(raw);
    for (int i = 0; i < config->bNumInterfaces && !claimed_; ++i) {
      const auto &alt = config->interface[i].altsetting[0];
      std::uint8_t in = 0, out = 0;
      int type = -1;
      for (int e = 0; e < alt.bNumEndpoints; ++e) {
        const auto &ep = alt.endpoint[e];
        const int t = ep.bmAttributes & LIBUSB_TRANSFER_TYPE_MASK;
        if (t != LIBUSB_TRANSFER_TYPE_BULK && t != LIBUSB_TRANSFER_TYPE_INTERRUPT) continue;
        if ((ep.bEndpointAddress & LIBUSB_ENDPOINT_DIR_MASK) == LIBUSB_ENDPOINT_IN) {
          if (!in) in = ep.bEndpointAddress;
        } else if (!out) out = ep.bEndpointAddress;
        type = t;
      }
      if (!in || !out) continue;
      if (int rc = libusb_claim_interface(handle_.get(), alt.bInterfaceNumber); rc != 0) {
        handle_.reset();
        return usb_error("claiming the interface (is another program using the reader?)", rc);
      }
      interface_ = alt.bInterfaceNumber;
      ep_in_ = in;
      ep_out_ = out;
      interrupt_ = type == LIBUSB_TRANSFER_TYPE_INTERRUPT;
      claimed_ = true;
    }
    if (!claimed_) {
      handle_.reset();
      return make_error("card.transport.usb", "the USB device has no IN/OUT endpoint pair", "USB 读卡器没有可用的端点");
    }
    asm_.clear();
    return {};
  }

  void close() override {
    if (handle_ && claimed_) libusb_release_interface(handle_.get(), interface_);
    claimed_ = false;
    handle_.reset();
  }

  bool is_open() const override { return handle_ != nullptr; }

  Status send(const Bytes &frame) override {
    if (!handle_) return gone_error("not open");
    asm_.clear();
    int done = 0;
    Bytes copy = frame;
    const int rc = transfer(ep_out_, copy.data(), static_cast<int>(copy.size()), &done, 1000);
    if (rc != 0) return fail("sending a command", rc);
    return {};
  }

  Result<Bytes> receive(std::chrono::milliseconds timeout) override {
    if (!handle_) return gone_error("not open");
    interrupted_ = false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    std::uint8_t buf[4096];
    while (true) {
      if (auto f = asm_.next()) return std::move(*f);
      if (std::chrono::steady_clock::now() >= deadline || interrupted_)
        return make_error("card.transport.timeout", "no answer from the USB reader", "USB 读卡器无应答");
      int got = 0;
      // Short slices so stop() is honoured promptly.
      const int rc = transfer(ep_in_, buf, sizeof buf, &got, 100);
      if (rc != 0 && rc != LIBUSB_ERROR_TIMEOUT) return fail("reading an answer", rc);
      if (got > 0) asm_.feed(std::span(buf, static_cast<std::size_t>(got)));
    }
  }

  std::string describe() const override { return "usb:" + cfg_.usb_vid_pid; }

private:
  int transfer(std::uint8_t ep, std::uint8_t *data, int len, int *done, unsigned timeout_ms) {
    return interrupt_ ? libusb_interrupt_transfer(handle_.get(), ep, data, len, done, timeout_ms)
                      : libusb_bulk_transfer(handle_.get(), ep, data, len, done, timeout_ms);
  }

  Error usb_error(const std::string &what, int rc) {
    return make_error("card.transport.usb", "USB reader: " + what + ": " + libusb_strerror(rc),
                      "USB 读卡器出错：" + what + "（" + libusb_error_name(rc) + "）");
  }

  Error gone_error(const std::string &what) {
    close();
    return make_error("card.transport.gone", "USB reader " + cfg_.usb_vid_pid + " went away: " + what,
                      "USB 读卡器（" + cfg_.usb_vid_pid + "）已断开");
  }

  Error fail(const std::string &what, int rc) {
    if (rc == LIBUSB_ERROR_NO_DEVICE || rc == LIBUSB_ERROR_IO || rc == LIBUSB_ERROR_PIPE) return gone_error(what);
    return usb_error(what, rc);
  }

  CHandle<libusb_context, &libusb_exit> ctx_;
  CHandle<libusb_device_handle, &libusb_close> handle_;
  int interface_ = 0;
  std::uint8_t ep_in_ = 0, ep_out_ = 0;
  bool interrupt_ = false, claimed_ = false;
};

}  // namespace

std::unique_ptr<Transport> make_usb_transport(const TransportConfig &cfg) { return std::make_unique<UsbTransport>(cfg); }

}  // namespace gradbooth::idcard
