#include "ptpip_camera.h"
#include "eos_body.h"
#include "ptp_codes.h"
#include "ptp_packet.h"
#include "session_link.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <cstring>
#include <thread>

namespace gradbooth::emu {

namespace {

// Nikon live-view data starts with a binary header before the JPEG; libgphoto2 looks for
// the JPEG start marker, so the header's content does not matter, only that it is there.
constexpr std::size_t kLiveViewHeader = 384;

bool write_all(int fd, const std::uint8_t *p, std::size_t n) {
  while (n > 0) {
    ssize_t w = ::send(fd, p, n, MSG_NOSIGNAL);
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

bool read_all(int fd, std::uint8_t *p, std::size_t n) {
  while (n > 0) {
    ssize_t r = ::recv(fd, p, n, 0);
    if (r <= 0) return false;
    p += r;
    n -= static_cast<std::size_t>(r);
  }
  return true;
}

struct Packet {
  std::uint32_t type = 0;
  Bytes payload;
};

bool read_packet(int fd, Packet *pkt) {
  std::uint8_t hdr[8];
  if (!read_all(fd, hdr, 8)) return false;
  const std::uint32_t len = get32(hdr);
  if (len < 8 || len > (64u << 20)) return false;
  pkt->type = get32(hdr + 4);
  pkt->payload.resize(len - 8);
  return read_all(fd, pkt->payload.data(), pkt->payload.size());
}


bool send_packet(int fd, std::uint32_t type, const Bytes &payload) {
  Writer w;
  w.u32(static_cast<std::uint32_t>(8 + payload.size())).u32(type);
  w.bytes(payload);
  return write_all(fd, w.data().data(), w.data().size());
}

int try_listen(int port) {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  int one = 1;
  ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (::bind(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0 || ::listen(fd, 4) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Port 0 picks a free port below the kernel's ephemeral range (32768+): a client that keeps
// reconnecting to a stopped emulator could otherwise be handed the very same port as its own
// source port, connect to itself, and keep the emulator from coming back there.
// 25740/25741 are the demo's. An explicit port is retried for a while (a restart after a kill).
int listen_on(int port) {
  if (port == 0) {
    std::srand(static_cast<unsigned>(::getpid() ^ std::time(nullptr)));
    for (int tries = 0; tries < 200; ++tries) {
      const int p = 20000 + std::rand() % 12000;
      if (p == 25740 || p == 25741) continue;
      if (int fd = try_listen(p); fd >= 0) return fd;
    }
  } else {
    for (int tries = 0; tries < 50; ++tries) {
      if (int fd = try_listen(port); fd >= 0) return fd;
      if (tries == 0) std::fprintf(stderr, "gradbooth-camera-emulator: port %d busy (%s), retrying\n", port, std::strerror(errno));
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  }
  std::perror("gradbooth-camera-emulator: bind/listen");
  return -1;
}

int bound_port(int fd) {
  sockaddr_in a{};
  socklen_t n = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr *>(&a), &n);
  return ntohs(a.sin_port);
}

int accept_nodelay(int listen_fd, int timeout_ms) {
  pollfd p{listen_fd, POLLIN, 0};
  if (::poll(&p, 1, timeout_ms) != 1) return -1;
  int fd = ::accept(listen_fd, nullptr, nullptr);
  if (fd < 0) return -1;
  int one = 1;
  ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  return fd;
}

class Session final : public SessionLink {
public:
  Session(EmulatorConfig &cfg, ObjectStore &objects, std::uint32_t &next_handle, int cmd, int evt)
      : cfg_(cfg), objects_(objects), next_handle_(next_handle), cmd_(cmd), evt_(evt) {
    if (cfg.vendor == "canon") eos_ = std::make_unique<EosBody>(*this);
  }

  void run() {
    for (;;) {
      pollfd p[2] = {{cmd_, POLLIN, 0}, {evt_, POLLIN, 0}};
      if (::poll(p, 2, -1) < 0) return;
      if (p[1].revents) {
        Packet pkt;
        if (!read_packet(evt_, &pkt)) return;
        if (pkt.type == kProbeRequest) send_packet(evt_, kProbeResponse, {});
      }
      if (p[0].revents) {
        Packet pkt;
        if (!read_packet(cmd_, &pkt)) return;
        if (!on_command_packet(pkt)) return;
      }
    }
  }

private:
  // false = the link is gone (or we dropped it on purpose)
  bool on_command_packet(const Packet &pkt) {
    const Bytes &b = pkt.payload;
    switch (pkt.type) {
    case kOperationRequest: {
      if (b.size() < 10) return false;
      op_ = PtpOp{};
      op_.dataphase = get32(&b[0]);
      op_.code = get16(&b[4]);
      op_.tid = get32(&b[6]);
      for (std::size_t i = 10; i + 4 <= b.size() && op_.nparams < 5; i += 4) op_.params[op_.nparams++] = get32(&b[i]);
      if (cfg_.verbose) std::fprintf(stderr, "emu: op 0x%04x tid %u p1 0x%x\n", op_.code, op_.tid, op_.params[0]);
      const bool data_out = op_.dataphase == 2 || op_.code == OC_SetDevicePropValue ||
                            op_.code == OC_SendObjectInfo || op_.code == OC_SendObject;
      if (data_out) {
        waiting_for_data_ = true;
        return true;
      }
      return handle();
    }
    case kStartData:
      op_data_.clear();
      return true;
    case kData:
    case kEndData:
      if (b.size() >= 4) op_data_.insert(op_data_.end(), b.begin() + 4, b.end());
      if (pkt.type == kEndData && waiting_for_data_) {
        waiting_for_data_ = false;
        return handle();
      }
      return true;
    case kCancel:
      return true;
    default:
      return true;
    }
  }

  EmulatorConfig &config() override { return cfg_; }
  const PtpOp &op() const override { return op_; }
  const Bytes &op_data() const override { return op_data_; }
  ObjectStore &card() override { return objects_; }

  bool respond(std::uint16_t code, std::initializer_list<std::uint32_t> params = {}) override {
    Writer w;
    w.u16(code).u32(op_.tid);
    for (auto p : params) w.u32(p);
    return send_packet(cmd_, kOperationResponse, w.data());
  }

  // Like real bodies, large objects go out as several Data packets and a final EndData.
  bool send_data(const Bytes &data) override {
    constexpr std::size_t kChunk = 1 << 20;
    Writer start;
    start.u32(op_.tid).u64(data.size());
    if (!send_packet(cmd_, kStartData, start.data())) return false;
    std::size_t at = 0;
    do {
      const std::size_t n = std::min(kChunk, data.size() - at);
      const bool last = at + n == data.size();
      Writer hdr;
      hdr.u32(static_cast<std::uint32_t>(8 + 4 + n)).u32(last ? kEndData : kData).u32(op_.tid);
      if (!write_all(cmd_, hdr.data().data(), hdr.data().size()) || !write_all(cmd_, data.data() + at, n)) return false;
      at += n;
    } while (at < data.size());
    return true;
  }

  bool data_and_ok(const Bytes &data) override { return send_data(data) && respond(RC_OK); }

  void send_half(const std::uint8_t *data, std::size_t n) override {
    Writer start;
    start.u32(op_.tid).u64(n);
    send_packet(cmd_, kStartData, start.data());
    Writer hdr;
    hdr.u32(static_cast<std::uint32_t>(8 + 4 + n)).u32(kEndData).u32(op_.tid);
    write_all(cmd_, hdr.data().data(), hdr.data().size());
    write_all(cmd_, data, n / 2);
  }

  bool send_event(std::uint16_t code, std::initializer_list<std::uint32_t> params) {
    Writer w;
    w.u16(code).u32(0xFFFFFFFF);
    for (auto p : params) w.u32(p);
    return send_packet(evt_, kEvent, w.data());
  }

  Bytes device_info() {
    if (eos_) return EosBody::device_info(cfg_);
    Writer w;
    w.u16(100).u32(kVendorNikon).u16(100).str("microsoft.com: 1.0").u16(0);
    w.u16_array({OC_GetDeviceInfo, OC_OpenSession, OC_CloseSession, OC_GetStorageIDs, OC_GetStorageInfo,
                 OC_GetObjectHandles, OC_GetObjectInfo, OC_GetObject, OC_DeleteObject, OC_InitiateCapture,
                 OC_GetDevicePropDesc, OC_GetDevicePropValue, OC_SetDevicePropValue, OC_NikonDeviceReady,
                 OC_NikonStartLiveView, OC_NikonEndLiveView, OC_NikonGetLiveViewImg});
    w.u16_array({EC_ObjectAdded, EC_CaptureComplete});
    w.u16_array({DPC_BatteryLevel});
    w.u16_array({OFC_EXIF_JPEG});
    w.u16_array({OFC_EXIF_JPEG, OFC_Association});
    w.str("Nikon Corporation").str(cfg_.model).str("V1.00").str(cfg_.serial);
    return std::move(w.data());
  }

  Bytes storage_info() {
    Writer w;
    w.u16(4 /*removable RAM*/).u16(2 /*hierarchical*/).u16(0 /*read-write*/);
    w.u64(32ull << 30).u64(16ull << 30).u32(1000).str("SD card").str("GRADBOOTH");
    return std::move(w.data());
  }

  Bytes object_info(std::uint32_t handle, const StoredObject &o) {
    (void)handle;
    Writer w;
    w.u32(kStorageId).u16(OFC_EXIF_JPEG).u16(0).u32(static_cast<std::uint32_t>(o.bytes().size()));
    w.u16(0).u32(0).u32(0).u32(0);  // no thumbnail
    w.u32(0).u32(0).u32(24);        // pixel size unknown to the emulator
    w.u32(0 /*root*/).u16(0).u32(0).u32(0);
    w.str(o.name).str("20260701T093000").str("20260701T093000").str("");
    return std::move(w.data());
  }

  bool busy() override {
    --cfg_.faults.busy;
    journal("BUSY", op_.code);
    return respond(RC_DeviceBusy);
  }

  // The shutter fires: a new file in `store` (the card, or an EOS body's RAM). Returns the
  // handle the body announces for it: 0 = none (no-object-added fault); the stale-object fault
  // announces the previous shot's file again, put back in `store` if it had gone.
  std::uint32_t shoot(ObjectStore &store, const char *prefix) override {
    Faults &f = cfg_.faults;
    StoredObject o;
    std::string source_name;
    o.data = std::make_shared<const Bytes>(cfg_.captures ? cfg_.captures->next(&source_name)
                                                         : cfg_.liveview->current_as_capture());
    char name[32];
    std::snprintf(name, sizeof name, "%s_%04u.JPG", prefix, next_handle_ % 10000);
    o.name = name;
    const std::uint32_t handle = next_handle_++;
    journal("CAPTURED %u %s %zu\n", handle, o.name, o.bytes().size());
    const std::uint32_t previous = last_capture_;
    last_capture_ = handle;
    last_capture_object_ = o;
    store[handle] = std::move(o);
    if (f.stale_object > 0 && previous != 0) {
      --f.stale_object;
      // Seen on some bodies: the event names an earlier shot's file, which is still there.
      store[previous] = previous_object_;
      previous_object_ = last_capture_object_;
      return previous;
    }
    previous_object_ = last_capture_object_;
    if (f.no_object_added > 0) {
      --f.no_object_added;
      return 0;
    }
    return handle;
  }

  bool handle() {
    Faults &f = cfg_.faults;
    if (eos_) {
      if (const std::uint16_t twin = EosBody::standard_twin(op_.code)) op_.code = twin;
      bool done = false;
      const bool alive = eos_->handle(&done);
      if (done) return alive;
    }
    switch (op_.code) {
    case OC_GetDeviceInfo:
      return data_and_ok(device_info());
    case OC_OpenSession:
    case OC_CloseSession:
      return respond(RC_OK);
    case OC_GetStorageIDs: {
      Writer w;
      w.u32_array(f.no_card ? std::vector<std::uint32_t>{} : std::vector<std::uint32_t>{kStorageId});
      return data_and_ok(w.data());
    }
    case OC_GetStorageInfo:
      if (f.no_card || op_.params[0] != kStorageId) return respond(RC_StoreNotAvailable);
      return data_and_ok(storage_info());
    case OC_GetObjectHandles: {
      std::vector<std::uint32_t> handles;
      if (!f.no_card)
        for (const auto &[h, o] : objects_) handles.push_back(h);
      Writer w;
      w.u32_array(handles);
      return data_and_ok(w.data());
    }
    case OC_GetObjectInfo: {
      auto it = objects_.find(op_.params[0]);
      if (it == objects_.end()) return respond(RC_InvalidObjectHandle);
      return data_and_ok(object_info(it->first, it->second));
    }
    case OC_GetObject: {
      auto it = objects_.find(op_.params[0]);
      if (it == objects_.end()) return respond(RC_InvalidObjectHandle);
      if (f.drop_mid_object > 0) {
        --f.drop_mid_object;
        // Announce the whole file, send half of it, and vanish: a cable pulled mid-download.
        send_half(it->second.bytes().data(), it->second.bytes().size());
        return false;
      }
      if (!data_and_ok(it->second.bytes())) return false;
      journal("DOWNLOADED %u %s %zu\n", it->first, it->second.name, it->second.bytes().size());
      return true;
    }
    case OC_DeleteObject: {
      auto it = objects_.find(op_.params[0]);
      if (it == objects_.end()) return respond(RC_InvalidObjectHandle);
      journal("DELETED %u %s %zu\n", it->first, it->second.name, it->second.bytes().size());
      objects_.erase(it);
      return respond(RC_OK);
    }
    case OC_InitiateCapture: {
      if (f.asleep > 0) {
        --f.asleep;  // swallow the request: the host times out on its own
        return true;
      }
      if (f.busy > 0) return busy();
      if (f.no_card) return respond(RC_StoreNotAvailable);
      if (f.af_fail > 0) {
        // A Nikon body answers the trigger itself with "out of focus"; nothing is shot.
        --f.af_fail;
        journal("AF-FAILED", op_.code);
        return respond(RC_NikonOutOfFocus);
      }
      const std::uint32_t announce = shoot(objects_, "DSC");
      if (!respond(RC_OK)) return false;
      if (announce == 0) return true;  // the shutter fired but the camera never says where the file is
      return send_event(EC_ObjectAdded, {announce}) && send_event(EC_CaptureComplete, {op_.tid});
    }
    case OC_GetDevicePropDesc: {
      Writer w;
      if (op_.params[0] == DPC_BatteryLevel) {
        w.u16(DPC_BatteryLevel).u16(0x0002 /*UINT8*/).u8(0).u8(100).u8(static_cast<std::uint8_t>(cfg_.battery));
        w.u8(1 /*range*/).u8(0).u8(100).u8(1);
        return data_and_ok(w.data());
      }
      return respond(RC_DevicePropNotSupported);
    }
    case OC_GetDevicePropValue: {
      Writer w;
      if (op_.params[0] == DPC_BatteryLevel) {
        w.u8(static_cast<std::uint8_t>(cfg_.battery));
        return data_and_ok(w.data());
      }
      if (op_.params[0] == DPC_NikonLiveViewStatus) {
        w.u8(liveview_ ? 1 : 0);
        return data_and_ok(w.data());
      }
      return respond(RC_DevicePropNotSupported);
    }
    case OC_SetDevicePropValue:
      return respond(RC_DevicePropNotSupported);
    case OC_NikonDeviceReady:
      return respond(RC_OK);
    case OC_NikonStartLiveView:
      liveview_ = true;
      return respond(RC_OK);
    case OC_NikonEndLiveView:
      liveview_ = false;
      return respond(RC_OK);
    case OC_NikonGetLiveViewImg: {
      if (!liveview_) return respond(RC_NikonNotLiveView);
      if (f.asleep > 0) {
        --f.asleep;
        return true;
      }
      if (f.busy > 0) return busy();
      if (f.slow_frames_ms > 0) std::this_thread::sleep_for(std::chrono::milliseconds(f.slow_frames_ms));
      Bytes data(kLiveViewHeader, 0);
      Bytes jpeg = cfg_.liveview->next_jpeg();
      data.insert(data.end(), jpeg.begin(), jpeg.end());
      return data_and_ok(data);
    }
    default:
      return respond(RC_OperationNotSupported);
    }
  }

  EmulatorConfig &cfg_;
  ObjectStore &objects_;
  std::uint32_t &next_handle_;
  int cmd_, evt_;
  PtpOp op_;
  bool waiting_for_data_ = false;
  Bytes op_data_;
  bool liveview_ = false;
  std::unique_ptr<EosBody> eos_;  // a Canon EOS body's own operations (null for Nikon)
  std::uint32_t last_capture_ = 0;
  StoredObject last_capture_object_, previous_object_;
};

// Init handshake on both channels; returns false if the host gave up or spoke nonsense.
bool handshake(const EmulatorConfig &cfg, int cmd, int evt_listen, int *evt) {
  Packet pkt;
  if (!read_packet(cmd, &pkt) || pkt.type != kInitCommandRequest) return false;
  Writer ack;
  ack.u32(1 /*connection number*/);
  for (int i = 0; i < 16; ++i) ack.u8(static_cast<std::uint8_t>(0xA0 + i));  // camera GUID
  ack.wstr(cfg.model).u32(0x00010000);
  if (!send_packet(cmd, kInitCommandAck, ack.data())) return false;
  *evt = accept_nodelay(evt_listen, 5000);
  if (*evt < 0) return false;
  if (!read_packet(*evt, &pkt) || pkt.type != kInitEventRequest) return false;
  return send_packet(*evt, kInitEventAck, {});
}

}  // namespace

int run_emulator(EmulatorConfig cfg) {
  const int cmd_listen = listen_on(cfg.port);
  const int evt_listen = listen_on(cfg.event_port);
  if (cmd_listen < 0 || evt_listen < 0) return 1;
  std::printf("READY %d %d\n", bound_port(cmd_listen), bound_port(evt_listen));
  std::fflush(stdout);
  // The card's contents outlive a connection, like a real camera's.
  ObjectStore objects;
  std::uint32_t next_handle = 1;
  unsigned sessions = 0;
  for (;;) {
    const int cmd = accept_nodelay(cmd_listen, -1);
    if (cmd < 0) continue;
    int evt = -1;
    if (handshake(cfg, cmd, evt_listen, &evt)) {
      if (cfg.verbose) std::fprintf(stderr, "emu: session open\n");
      journal("SESSION", ++sessions);
      Session(cfg, objects, next_handle, cmd, evt).run();
      if (cfg.verbose) std::fprintf(stderr, "emu: session closed\n");
    }
    ::close(cmd);
    if (evt >= 0) ::close(evt);
    if (cfg.once) return 0;
  }
}

}  // namespace gradbooth::emu
