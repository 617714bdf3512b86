#include "camera/gphoto2_camera.h"

#include "camera/errors.h"
#include "camera/gphoto2_errors.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string_view>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

namespace gradbooth::camera::gp {

namespace {

bool is_ptpip(const std::string &port) { return port.rfind("ptpip:", 0) == 0; }

// libgphoto2's debug log, only when asked for: it is very chatty.
void log_to_stderr(GPLogLevel, const char *domain, const char *str, void *) { std::fprintf(stderr, "gphoto2 %s: %s\n", domain, str); }

// A PTP/IP camera that is off or gone is answered here, in microseconds and in plain words,
// instead of through libgphoto2's whole init (camlib loading, "connect cmd: Connection
// refused" on stderr). It also keeps reconnect attempts off libgphoto2's socket set-up and
// tear-down, which in 2.5.30 closes the command socket twice (strace: close(N), close(M),
// close(N) → EBADF): a file another thread opens in between can lose its descriptor.
Status knock_ptpip(const std::string &port) {
  // ptpip:HOST[:PORT[:EVENTPORT]], HOST an IPv4 address (libgphoto2 wants one too).
  const std::string rest = port.substr(6);
  const std::size_t colon = rest.find(':');
  const std::string host = rest.substr(0, colon);
  const int tcp_port = colon == std::string::npos ? 15740 : std::atoi(rest.c_str() + colon + 1);
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(tcp_port));
  if (::inet_pton(AF_INET, host.c_str(), &a.sin_addr) != 1 || tcp_port <= 0) return {};  // libgphoto2 will say
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) return {};
  int err = 0;
  if (::connect(fd, reinterpret_cast<sockaddr *>(&a), sizeof a) != 0) {
    err = errno;
    if (err == EINPROGRESS) {
      pollfd p{fd, POLLOUT, 0};
      if (::poll(&p, 1, 2000) != 1) {
        ::close(fd);
        return camera_error(errc::asleep, port + ": no answer");
      }
      socklen_t n = sizeof err;
      ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &n);
    }
  }
  ::close(fd);
  if (err != 0) return camera_error(errc::disconnected, port + ": " + std::strerror(err));
  return {};
}

// The entry named `key` in one of libgphoto2's lists (camera models, ports), handed to the camera.
template <typename Info, typename List, typename Lookup, typename Get, typename Set>
Status choose(::Camera *cam, List *list, const std::string &key, const char *what, Lookup lookup, Get get, Set set) {
  const int i = lookup(list, key.c_str());
  if (i < GP_OK) return camera_error(errc::not_found, std::string("unknown ") + what + " '" + key + "'");
  Info info;
  get(list, i, &info);
  set(cam, info);
  return {};
}

}  // namespace

void enable_debug_log_once() {
  static const bool done = [] {
    if (std::getenv("GRADBOOTH_CAMERA_DEBUG")) gp_log_add_func(GP_LOG_DEBUG, log_to_stderr, nullptr);
    return true;
  }();
  (void)done;
}

Gphoto2Camera::Gphoto2Camera(std::string port, std::string model, Gphoto2Options opts)
    : port_(std::move(port)), model_(std::move(model)), opts_(opts) {
  enable_debug_log_once();
}

void Gphoto2Camera::set_wakeup(std::function<void()> wake) {
  hotplug_.reset();
  // Only a USB camera (named or autodetected) can come back through a plug event.
  if (wake && (port_.empty() || port_.rfind("usb:", 0) == 0)) hotplug_ = std::make_unique<UsbHotplug>(std::move(wake));
}

Status Gphoto2Camera::open() {
  SigpipeGuard no_sigpipe;
  close();
  ctx_.reset(gp_context_new());
  gp_context_set_error_func(ctx_.get(), &Gphoto2Camera::on_context_error, this);
  last_error_.clear();

  std::string port = port_, model = model_;
  if (port.empty() || (model.empty() && !is_ptpip(port))) {
    if (Status s = autodetect(port, model); !s) return s;
  }
  // libgphoto2 cannot probe a network port; its generic PTP/IP entry drives any PTP/IP body.
  if (model.empty()) model = "PTP/IP Camera";
  if (is_ptpip(port)) {
    if (Status s = knock_ptpip(port); !s) return s;
  }

  ::Camera *raw = nullptr;
  gp_camera_new(&raw);
  gp::CameraPtr cam(raw);
  if (Status s = set_abilities(cam.get(), model); !s) return s;
  if (Status s = set_port(cam.get(), port); !s) return s;
  call_started_ = std::chrono::steady_clock::now();
  if (int r = gp_camera_init(cam.get(), ctx_.get()); r < GP_OK) {
    Error e = translate_gp_error(r, "open " + port, last_error_);
    if (e.code == errc::disconnected && std::chrono::steady_clock::now() - call_started_ >= kSilentPeer)
      e = camera_error(errc::asleep, "open " + port);
    return e;
  }
  cam_ = std::move(cam);

  delivered_.clear();  // names are per connection; bodies reuse them after a card swap
  status_ = CameraStatus{};
  status_.port = port;
  status_.model = text_config("cameramodel").value_or(model);
  status_.serial = text_config("serialnumber").value_or("");
  status_.connected = true;
  body_ = &camera_body(text_config("manufacturer").value_or(""), status_.model);
  read_battery();
  ensure_capture_target();
  return {};
}

void Gphoto2Camera::close() {
  SigpipeGuard no_sigpipe;
  if (cam_) {
    gp_camera_exit(cam_.get(), ctx_.get());  // also ends live view and lowers the mirror
    cam_.reset();
  }
  in_liveview_ = false;
  status_.connected = false;
}

Result<CameraStatus> Gphoto2Camera::status() {
  SigpipeGuard no_sigpipe;
  if (!cam_) {
    CameraStatus s = status_;
    s.connected = false;
    if (s.port.empty()) s.port = port_;
    return s;
  }
  read_battery();
  return status_;
}

// libgphoto2 may report several messages for one failing call; keep them all, so the
// one that names the cause (e.g. "Perhaps no focus?") is not overwritten by a later one.
void Gphoto2Camera::on_context_error(GPContext *, const char *text, void *self) {
  std::string &all = static_cast<Gphoto2Camera *>(self)->last_error_;
  if (!text || !*text) return;
  if (!all.empty()) all += "; ";
  all += text;
}

Error Gphoto2Camera::fail(int r, const std::string &during) {
  const std::string detail = std::move(last_error_);
  last_error_.clear();
  Error e = translate_gp_error(r, during, detail);
  // After a broken link the libgphoto2 Camera is dead; the next call opens a fresh one.
  // PTP/IP reports a vanished peer only as a generic error, so that one closes it too.
  if (gp_error_loses_camera(r) || r == GP_ERROR) {
    close();
    if (r == GP_ERROR) e = camera_error(errc::disconnected, during + (detail.empty() ? "" : ": " + detail));
    // A pulled cable fails at once; a camera that dozed off lets the read run into
    // libgphoto2's own time-out (about 2 s on PTP/IP) and then reports the same I/O error.
    if (e.code == errc::disconnected && std::chrono::steady_clock::now() - call_started_ >= kSilentPeer)
      e = camera_error(errc::asleep, during + (detail.empty() ? "" : ": " + detail));
  }
  return e;
}

Status Gphoto2Camera::autodetect(std::string &port, std::string &model) {
  gp::ListPtr list = gp::new_list();
  if (int r = gp_camera_autodetect(list.get(), ctx_.get()); r < GP_OK) return translate_gp_error(r, "autodetect", last_error_);
  // A replugged camera comes back on a new USB address: find it by model, not by port.
  std::optional<std::pair<std::string, std::string>> pick;
  for (int i = 0; i < gp_list_count(list.get()); ++i) {
    const char *name = nullptr, *value = nullptr;
    gp_list_get_name(list.get(), i, &name);
    gp_list_get_value(list.get(), i, &value);
    if (!port.empty() && port != value) continue;
    if (!model.empty() && model != name) continue;
    if (!pick || (!remembered_model_.empty() && remembered_model_ == name)) pick.emplace(name, value);
  }
  if (!pick) return camera_error(errc::not_found, port.empty() ? std::string("autodetect") : port);
  model = pick->first;
  port = pick->second;
  remembered_model_ = model;
  return {};
}

Status Gphoto2Camera::set_abilities(::Camera *cam, const std::string &model) {
  CameraAbilitiesList *raw = nullptr;
  gp_abilities_list_new(&raw);
  gp::AbilitiesPtr list(raw);
  gp_abilities_list_load(list.get(), ctx_.get());
  return choose<CameraAbilities>(cam, list.get(), model, "camera model", gp_abilities_list_lookup_model, gp_abilities_list_get_abilities,
                                 gp_camera_set_abilities);
}

Status Gphoto2Camera::set_port(::Camera *cam, const std::string &port) {
  GPPortInfoList *raw = nullptr;
  gp_port_info_list_new(&raw);
  gp::PortInfoPtr list(raw);
  gp_port_info_list_load(list.get());
  return choose<GPPortInfo>(cam, list.get(), port, "port", gp_port_info_list_lookup_path, gp_port_info_list_get_info,
                            gp_camera_set_port_info);
}

}  // namespace gradbooth::camera::gp

namespace gradbooth::camera {

std::unique_ptr<Camera> make_gphoto2_camera(std::string port, std::string model, Gphoto2Options options) {
  return std::make_unique<gp::Gphoto2Camera>(std::move(port), std::move(model), options);
}

Result<std::vector<DetectedCamera>> detect_gphoto2_cameras() {
  gp::enable_debug_log_once();
  gp::ContextPtr ctx(gp_context_new());
  gp::ListPtr list = gp::new_list();
  if (int r = gp_camera_autodetect(list.get(), ctx.get()); r < GP_OK) return translate_gp_error(r, "autodetect");
  std::vector<DetectedCamera> out;
  for (int i = 0; i < gp_list_count(list.get()); ++i) {
    const char *name = nullptr, *value = nullptr;
    gp_list_get_name(list.get(), i, &name);
    gp_list_get_value(list.get(), i, &value);
    out.push_back(DetectedCamera{name ? name : "", value ? value : ""});
  }
  return out;
}

std::unique_ptr<Camera> make_gphoto2_camera(std::string port, std::string model) {
  return make_gphoto2_camera(std::move(port), std::move(model), Gphoto2Options{});
}

}  // namespace gradbooth::camera
