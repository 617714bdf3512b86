// The libusb transport against a USB ID card reader that exists only in umockdev: a mocked sysfs
// device 0400:C35A (vendor class, one bulk IN and one bulk OUT endpoint at unusual addresses)
// whose usbfs ioctls (SUBMITURB / REAPURB / DISCARDURB …) are answered by the emulator's SAM core.
// Real libusb code runs unchanged; the program re-executes itself under umockdev-wrapper.
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest/doctest.h>

#include "idcard/card_reader.h"
#include "idcard/sam_session.h"
#include "idcard/transport.h"
#include "reader_events.h"
#include "sam_card_emulator.h"

#include <umockdev.h>

#include <linux/usbdevice_fs.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <thread>

using namespace gradbooth;
using namespace gradbooth::idcard;
using namespace gradbooth::emulator;
using namespace gradbooth::test;  // and std::chrono_literals

namespace {

constexpr std::uint8_t kEpIn = 0x82, kEpOut = 0x01;  // not the usual 0x81/0x02: found by enumeration

std::vector<std::uint8_t> descriptors(std::uint8_t ep_type) {
  return {
      // device: USB 2.0, vendor class, EP0 64, 0400:C35A, 1 configuration
      18,
      1,
      0x00,
      0x02,
      0xFF,
      0x00,
      0x00,
      64,
      0x00,
      0x04,
      0x5A,
      0xC3,
      0x00,
      0x01,
      0,
      0,
      0,
      1,
      // configuration: total 32 bytes, 1 interface
      9,
      2,
      32,
      0,
      1,
      1,
      0,
      0x80,
      50,
      // interface 0: 2 endpoints, vendor class
      9,
      4,
      0,
      0,
      2,
      0xFF,
      0x00,
      0x00,
      0,
      7,
      5,
      kEpIn,
      ep_type,
      64,
      0,
      0,
      7,
      5,
      kEpOut,
      ep_type,
      64,
      0,
      0,
  };
}

// One URB the client submitted and we have not handed back yet.
struct Urb {
  UMockdevIoctlData *urb = nullptr;     // the struct usbdevfs_urb (client memory mirror)
  UMockdevIoctlData *buffer = nullptr;  // its data buffer
  std::uint8_t endpoint = 0;
  int length = 0;
  bool done = false;
  int status = 0, actual = 0;
};

class MockUsbReader {
public:
  explicit MockUsbReader(std::uint8_t ep_type = LIBUSB_TRANSFER_TYPE_BULK_) : emu_(two_card_roster()), ep_type_(ep_type) {
    testbed_ = umockdev_testbed_new();
    // The record format of umockdev-record: N: makes the /dev node the ioctls are attached to.
    std::string hex;
    for (auto b : descriptors(ep_type)) {
      char h[3];
      std::snprintf(h, sizeof h, "%02X", b);
      hex += h;
    }
    const std::string record = "P: /devices/pci0000:00/0000:00:14.0/usb1/1-1\n"
                               "N: bus/usb/001/002\n"
                               "E: DEVNAME=/dev/bus/usb/001/002\nE: DEVTYPE=usb_device\nE: SUBSYSTEM=usb\nE: DRIVER=usb\n"
                               "E: BUSNUM=001\nE: DEVNUM=002\nE: PRODUCT=400/c35a/100\nE: TYPE=255/0/0\n"
                               "A: idVendor=0400\\n\nA: idProduct=c35a\\n\nA: busnum=1\\n\nA: devnum=2\\n\nA: speed=12\\n\n"
                               "A: dev=189:1\\n\nA: bConfigurationValue=1\\n\nA: bNumConfigurations=1\\n\n"
                               "H: descriptors=" +
        hex + "\n";
    GError *add_err = nullptr;
    if (!umockdev_testbed_add_from_string(testbed_, record.c_str(), &add_err)) {
      std::fprintf(stderr, "add_from_string: %s\n", add_err ? add_err->message : "?");
      std::_Exit(1);
    }
    handler_ = umockdev_ioctl_base_new();
    g_signal_connect(handler_, "handle-ioctl", G_CALLBACK(&MockUsbReader::on_ioctl), this);
    GError *err = nullptr;
    if (!umockdev_testbed_attach_ioctl(testbed_, "/dev/bus/usb/001/002", handler_, &err)) {
      std::fprintf(stderr, "attach_ioctl: %s\n", err ? err->message : "?");
      std::_Exit(1);
    }
    if (std::getenv("GRADBOOTH_UMOCKDEV_DEBUG")) {
      gchar *root = umockdev_testbed_get_root_dir(testbed_);
      std::system((std::string("find ") + root + "/dev -ls 1>&2").c_str());
      g_free(root);
    }
  }
  ~MockUsbReader() {
    umockdev_testbed_detach_ioctl(testbed_, "/dev/bus/usb/001/002", nullptr);
    g_object_unref(handler_);
    g_object_unref(testbed_);
  }
  SamCardEmulator &emu() { return emu_; }
  int frames_seen() {
    std::lock_guard lock(m_);
    return frames_;
  }
  int wrong_urb_types() {  // URBs whose transfer type does not match the endpoint's descriptor
    std::lock_guard lock(m_);
    return wrong_types_;
  }

  static constexpr std::uint8_t LIBUSB_TRANSFER_TYPE_BULK_ = 2;
  static constexpr std::uint8_t LIBUSB_TRANSFER_TYPE_INTERRUPT_ = 3;

private:
  static gboolean on_ioctl(UMockdevIoctlBase *, UMockdevIoctlClient *client, gpointer self) {
    return static_cast<MockUsbReader *>(self)->handle(client);
  }

  gboolean handle(UMockdevIoctlClient *client) {
    std::lock_guard lock(m_);
    const gulong request = umockdev_ioctl_client_get_request(client);
    UMockdevIoctlData *arg = umockdev_ioctl_client_get_arg(client);
    const gsize size = (request >> _IOC_SIZESHIFT) & ((1 << _IOC_SIZEBITS) - 1);
    switch (request) {
    case USBDEVFS_GET_CAPABILITIES: {
      UMockdevIoctlData *data = umockdev_ioctl_data_resolve(arg, 0, size, nullptr);
      std::uint32_t caps = USBDEVFS_CAP_BULK_CONTINUATION | USBDEVFS_CAP_NO_PACKET_SIZE_LIM;
      umockdev_ioctl_data_update(data, 0, reinterpret_cast<guint8 *>(&caps), sizeof caps);
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case USBDEVFS_CLAIMINTERFACE:
    case USBDEVFS_RELEASEINTERFACE:
    case USBDEVFS_CLEAR_HALT:
    case USBDEVFS_RESETEP:
    case USBDEVFS_SETINTERFACE:
    case USBDEVFS_SETCONFIGURATION: umockdev_ioctl_client_complete(client, 0, 0); return TRUE;
    case USBDEVFS_GETDRIVER:
    case USBDEVFS_IOCTL:  // libusb's kernel-driver detach: there is none bound
      umockdev_ioctl_client_complete(client, -1, ENODATA);
      return TRUE;
    case USBDEVFS_SUBMITURB: {
      UMockdevIoctlData *data = umockdev_ioctl_data_resolve(arg, 0, sizeof(usbdevfs_urb), nullptr);
      auto *u = reinterpret_cast<usbdevfs_urb *>(data->data);
      const int want = ep_type_ == LIBUSB_TRANSFER_TYPE_BULK_ ? USBDEVFS_URB_TYPE_BULK : USBDEVFS_URB_TYPE_INTERRUPT;
      if (u->type != want || (u->endpoint != kEpIn && u->endpoint != kEpOut)) ++wrong_types_;
      Urb urb;
      urb.urb = umockdev_ioctl_data_ref(data);
      urb.endpoint = u->endpoint;
      urb.length = u->buffer_length;
      urb.buffer = umockdev_ioctl_data_ref(
          umockdev_ioctl_data_resolve(data, offsetof(usbdevfs_urb, buffer), static_cast<gsize>(u->buffer_length), nullptr));
      if (!(urb.endpoint & 0x80)) {  // OUT: a command frame (or part of one) for the SAM
        in_.feed(std::span<const std::uint8_t>(urb.buffer->data, static_cast<std::size_t>(urb.length)));
        while (auto f = in_.next()) {
          if (!f->ok()) continue;
          ++frames_;
          const Bytes answer = emu_.answer(f->value());
          pending_.insert(pending_.end(), answer.begin(), answer.end());
        }
        urb.done = true;
        urb.actual = urb.length;
      }
      urbs_.push_back(urb);
      umockdev_ioctl_client_complete(client, 0, 0);
      return TRUE;
    }
    case USBDEVFS_DISCARDURB: {
      const gulong addr = *reinterpret_cast<gulong *>(arg->data);
      for (auto &u : urbs_) {
        if (u.urb->client_addr == addr && !u.done) {
          u.done = true;
          u.status = -ENOENT;
          u.actual = 0;
          umockdev_ioctl_client_complete(client, 0, 0);
          return TRUE;
        }
      }
      umockdev_ioctl_client_complete(client, -1, EINVAL);
      return TRUE;
    }
    case USBDEVFS_REAPURB:
    case USBDEVFS_REAPURBNDELAY: {
      // IN URBs complete as soon as the SAM has answer bytes for them.
      for (auto &u : urbs_) {
        if (u.done || !(u.endpoint & 0x80) || u.endpoint != kEpIn || pending_.empty()) continue;
        const int n = std::min<int>(u.length, static_cast<int>(pending_.size()));
        std::vector<guint8> chunk(pending_.begin(), pending_.begin() + n);
        pending_.erase(pending_.begin(), pending_.begin() + n);
        umockdev_ioctl_data_update(u.buffer, 0, chunk.data(), n);
        u.done = true;
        u.actual = n;
      }
      for (auto it = urbs_.begin(); it != urbs_.end(); ++it) {
        if (!it->done) continue;
        umockdev_ioctl_data_update(it->urb, offsetof(usbdevfs_urb, status), reinterpret_cast<guint8 *>(&it->status), sizeof(int));
        umockdev_ioctl_data_update(it->urb, offsetof(usbdevfs_urb, actual_length), reinterpret_cast<guint8 *>(&it->actual), sizeof(int));
        UMockdevIoctlData *out = umockdev_ioctl_data_resolve(arg, 0, sizeof(void *), nullptr);
        umockdev_ioctl_data_set_ptr(out, 0, it->urb);
        umockdev_ioctl_data_unref(it->buffer);
        umockdev_ioctl_data_unref(it->urb);
        urbs_.erase(it);
        umockdev_ioctl_client_complete(client, 0, 0);
        return TRUE;
      }
      umockdev_ioctl_client_complete(client, -1, EAGAIN);
      return TRUE;
    }
    default: umockdev_ioctl_client_complete(client, -1, ENOTTY); return TRUE;
    }
  }

  SamCardEmulator emu_;
  UMockdevTestbed *testbed_ = nullptr;
  UMockdevIoctlBase *handler_ = nullptr;
  std::mutex m_;
  sam::FrameAssembler in_;
  std::deque<std::uint8_t> pending_;
  std::deque<Urb> urbs_;
  int frames_ = 0;
  std::uint8_t ep_type_;
  int wrong_types_ = 0;
};

TransportConfig usb_config() { return quick_config("usb", 20, 1000); }  // 0400:C35A, the default

}  // namespace

TEST_CASE("libusb finds the reader by VID:PID, enumerates its endpoints and reads a card") {
  MockUsbReader mock;
  mock.emu().place(0);
  auto t = make_usb_transport(usb_config());
  REQUIRE(t->open().ok());
  bool found = false;
  auto id = read_identity(*t, 1000ms, &found);
  REQUIRE_MESSAGE(id.ok(), id.error().message_en);
  CHECK(found);
  CHECK(id->name.chinese == "张伟");
  CHECK(id->id_number == "370303200405121237");
  CHECK(mock.frames_seen() == 3);  // find, select, read
  CHECK(mock.wrong_urb_types() == 0);
  // A second find: the card was read and has not left, so no card is found (SW3 80).
  auto again = read_identity(*t, 1000ms, &found);
  CHECK_FALSE(found);
  CHECK(again.error().code == "card.sw3.80");
  t->close();
}

TEST_CASE("a unit with interrupt endpoints instead of bulk reads the same") {
  MockUsbReader mock(MockUsbReader::LIBUSB_TRANSFER_TYPE_INTERRUPT_);
  mock.emu().place(1);
  auto t = make_usb_transport(usb_config());
  REQUIRE(t->open().ok());
  auto id = read_identity(*t, 1000ms);
  REQUIRE_MESSAGE(id.ok(), id.error().message_en);
  CHECK(id->name.chinese == "王芳");
  CHECK(id->gender == Gender::Female);
  CHECK(mock.wrong_urb_types() == 0);
}

TEST_CASE("a wrong VID:PID is a clear recovering error") {
  MockUsbReader mock;
  TransportConfig c = usb_config();
  c.usb_vid_pid = "0425:8159";
  auto t = make_usb_transport(c);
  auto st = t->open();
  REQUIRE_FALSE(st.ok());
  CHECK(st.error().code == "card.transport.gone");
  CHECK(st.error().message_en.find("0425:8159") != std::string::npos);
}

TEST_CASE("CardReader over USB: one CardPlaced per placement, CardRemoved when it leaves") {
  MockUsbReader mock;
  mock.emu().place(0);
  ReaderUnderTest r(usb_config());
  REQUIRE(r.log.wait_count<CardPlaced>(1));
  std::this_thread::sleep_for(300ms);
  mock.emu().remove();
  REQUIRE(r.log.wait_count<CardRemoved>(1));
  mock.emu().place(1);
  REQUIRE(r.log.wait_count<CardPlaced>(2));
  r.reader.stop();
  CHECK(story(r.log.snapshot()) == "placed 张伟, removed, placed 王芳");
}

int main(int argc, char **argv) {
  const char *preload = std::getenv("LD_PRELOAD");
  if (!preload || !std::strstr(preload, "umockdev")) {
    // LD_PRELOAD the umockdev library: re-run ourselves under its wrapper (once).
    if (std::getenv("GRADBOOTH_UMOCKDEV_REEXEC") || ::access("/usr/bin/umockdev-wrapper", X_OK) != 0) {
      std::fprintf(stderr, "umockdev-wrapper is not installed: skipped\n");
      return 77;
    }
    std::vector<char *> args = {const_cast<char *>("umockdev-wrapper")};
    for (int i = 0; i < argc; ++i) args.push_back(argv[i]);
    args.push_back(nullptr);
    ::setenv("GRADBOOTH_UMOCKDEV_REEXEC", "1", 1);
    ::execv("/usr/bin/umockdev-wrapper", args.data());
    std::perror("umockdev-wrapper");
    return 1;
  }
  doctest::Context ctx(argc, argv);
  return ctx.run();
}
