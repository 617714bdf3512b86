// The libgphoto2 camera: a DSLR on USB or PTP/IP through the stock ptp2 driver.
// Every call happens on the thread that drives this object (CameraWorker's).
#include "camera/camera.h"
#include "camera/camera_bodies.h"
#include "camera/errors.h"
#include "camera/gphoto2_errors.h"
#include "camera/gphoto2_handles.h"
#include "camera/usb_hotplug.h"

#include <csignal>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>
#include <set>
#include <string_view>
#include <thread>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

namespace gradbooth::camera {

namespace {

// How long a failing call must have waited before we blame sleep rather than a lost link.
constexpr std::chrono::milliseconds kSilentPeer{1500};

bool is_ptpip(const std::string &port) { return port.rfind("ptpip:", 0) == 0; }

// libgphoto2's debug log, only when asked for: it is very chatty.
void log_to_stderr(GPLogLevel, const char *domain, const char *str, void *) {
  std::fprintf(stderr, "gphoto2 %s: %s\n", domain, str);
}
void enable_debug_log_once() {
  static const bool done = [] {
    if (std::getenv("GRADBOOTH_CAMERA_DEBUG")) gp_log_add_func(GP_LOG_DEBUG, log_to_stderr, nullptr);
    return true;
  }();
  (void)done;
}

// libgphoto2's PTP/IP code write()s to its sockets; when the camera has gone, the kernel
// answers with SIGPIPE, whose default action kills the whole booth. Block it on the calling
// thread for the duration of each call (write then fails with EPIPE, which libgphoto2
// reports as an I/O error) and swallow the pending signal before unblocking.
class SigpipeGuard {
public:
  SigpipeGuard() {
    sigemptyset(&pipe_);
    sigaddset(&pipe_, SIGPIPE);
    pthread_sigmask(SIG_BLOCK, &pipe_, &old_);
  }
  ~SigpipeGuard() {
    const timespec zero{0, 0};
    while (sigtimedwait(&pipe_, nullptr, &zero) > 0) {
    }
    pthread_sigmask(SIG_SETMASK, &old_, nullptr);
  }

private:
  sigset_t pipe_, old_;
};

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

void free_event_data(CameraEventType type, void *data) {
  // FILE_ADDED / FOLDER_ADDED / FILE_CHANGED carry a malloc'ed CameraFilePath, UNKNOWN a string.
  (void)type;
  std::free(data);
}

class Gphoto2Camera final : public Camera {
public:
  Gphoto2Camera(std::string port, std::string model, Gphoto2Options opts)
      : port_(std::move(port)), model_(std::move(model)), opts_(opts) {
    enable_debug_log_once();
  }
  ~Gphoto2Camera() override { close(); }

  void set_wakeup(std::function<void()> wake) override {
    hotplug_.reset();
    // Only a USB camera (named or autodetected) can come back through a plug event.
    if (wake && (port_.empty() || port_.rfind("usb:", 0) == 0)) hotplug_ = std::make_unique<UsbHotplug>(std::move(wake));
  }

  Status open() override {
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

  void close() override {
    SigpipeGuard no_sigpipe;
    if (cam_) {
      gp_camera_exit(cam_.get(), ctx_.get());  // also ends live view and lowers the mirror
      cam_.reset();
    }
    in_liveview_ = false;
    status_.connected = false;
  }

  Result<CameraStatus> status() override {
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

  Result<LiveFrame> preview() override {
    SigpipeGuard no_sigpipe;
    if (!cam_) {
      if (Status s = open(); !s) return s.error();
    }
    last_error_.clear();  // only this call's messages explain its failure
    gp::FilePtr file = gp::new_file();
    call_started_ = std::chrono::steady_clock::now();
    if (int r = gp_camera_capture_preview(cam_.get(), file.get(), ctx_.get()); r < GP_OK)
      return fail(r, "live view");
    in_liveview_ = true;
    LiveFrame f;
    f.at = std::chrono::steady_clock::now();
    const char *data = nullptr;
    unsigned long size = 0;
    gp_file_get_data_and_size(file.get(), &data, &size);
    // When the body stays busy past libgphoto2's own ~20 retries, it returns GP_OK with an
    // empty file; that is a busy camera, not a frame.
    if (size < 4 || static_cast<unsigned char>(data[0]) != 0xFF || static_cast<unsigned char>(data[1]) != 0xD8)
      return camera_error(errc::busy, "live view returned no frame");
    f.jpeg.assign(reinterpret_cast<const std::uint8_t *>(data), reinterpret_cast<const std::uint8_t *>(data) + size);
    return f;
  }

  Result<CapturedFile> capture() override {
    SigpipeGuard no_sigpipe;
    if (!cam_) {
      if (Status s = open(); !s) return s.error();
    }
    last_error_.clear();
    read_battery();
    if (status_.battery_percent >= 0 && status_.battery_percent < opts_.low_battery_percent)
      return camera_error(errc::battery_low, std::to_string(status_.battery_percent) + "%");
    if (Status s = check_storage(); !s) return s.error();
    ensure_capture_target();  // some bodies revert it silently (power cycle, menu use)
    if (in_liveview_ && body_->end_liveview_widget) {
      // Some bodies keep the mirror up after live view and the shot fails or goes black.
      set_toggle(body_->end_liveview_widget, 0);
      in_liveview_ = false;
    }
    if (Status s = drain_events(); !s) return s.error();

    int r = GP_OK;
    for (int attempt = 0; attempt <= opts_.busy_retries; ++attempt) {
      call_started_ = std::chrono::steady_clock::now();
      last_error_.clear();
      r = gp_camera_trigger_capture(cam_.get(), ctx_.get());
      if (r != GP_ERROR_CAMERA_BUSY) break;
      std::this_thread::sleep_for(std::chrono::milliseconds(50 * (attempt + 1)));
    }
    if (r < GP_OK && is_focus_failure(*body_, last_error_)) {
      // Nothing was shot and the link is fine: the student simply retakes.
      const std::string detail = std::move(last_error_);
      last_error_.clear();
      return camera_error(errc::focus_failed, detail);
    }
    if (r < GP_OK) return fail(r, "trigger");

    Result<CameraFilePath> path = wait_for_new_file();
    if (!path) return path.error();
    const std::string key = std::string(path->folder) + "/" + path->name;

    gp::FilePtr file = gp::new_file();
    call_started_ = std::chrono::steady_clock::now();
    r = gp_camera_file_get(cam_.get(), path->folder, path->name, GP_FILE_TYPE_NORMAL, file.get(), ctx_.get());
    if (r < GP_OK) return fail(r, "download " + key);
    CapturedFile out;
    out.name = path->name;
    const char *data = nullptr;
    unsigned long size = 0;
    gp_file_get_data_and_size(file.get(), &data, &size);
    out.bytes.assign(reinterpret_cast<const std::uint8_t *>(data), reinterpret_cast<const std::uint8_t *>(data) + size);
    delivered_.insert(key);
    if (body_->names_made_up_by_host) {
      // The name is libgphoto2's, new every time; an old shot announced again shows only in
      // its bytes. Two real shots are never byte-identical (time stamps, sensor noise).
      const std::size_t fingerprint = std::hash<std::string_view>{}(
          std::string_view(reinterpret_cast<const char *>(out.bytes.data()), out.bytes.size()));
      if (fingerprint == last_fingerprint_)
        return camera_error(errc::file_mismatch, key + " has the bytes of the previous shot");
      last_fingerprint_ = fingerprint;
    }
    // The file is in hand; a failed delete only leaves it on the card, so it is not an error.
    if (int d = gp_camera_file_delete(cam_.get(), path->folder, path->name, ctx_.get()); d < GP_OK) {
      if (gp_error_loses_camera(d)) close();
    }
    return out;
  }

private:
  // libgphoto2 may report several messages for one failing call; keep them all, so the
  // one that names the cause (e.g. "Perhaps no focus?") is not overwritten by a later one.
  static void on_context_error(GPContext *, const char *text, void *self) {
    std::string &all = static_cast<Gphoto2Camera *>(self)->last_error_;
    if (!text || !*text) return;
    if (!all.empty()) all += "; ";
    all += text;
  }

  Error fail(int r, const std::string &during) {
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

  Status autodetect(std::string &port, std::string &model) {
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

  Status set_abilities(::Camera *cam, const std::string &model) {
    CameraAbilitiesList *raw = nullptr;
    gp_abilities_list_new(&raw);
    gp::AbilitiesPtr list(raw);
    gp_abilities_list_load(list.get(), ctx_.get());
    const int i = gp_abilities_list_lookup_model(list.get(), model.c_str());
    if (i < GP_OK) return camera_error(errc::not_found, "unknown camera model '" + model + "'");
    CameraAbilities a;
    gp_abilities_list_get_abilities(list.get(), i, &a);
    gp_camera_set_abilities(cam, a);
    return {};
  }

  Status set_port(::Camera *cam, const std::string &port) {
    GPPortInfoList *raw = nullptr;
    gp_port_info_list_new(&raw);
    gp::PortInfoPtr list(raw);
    gp_port_info_list_load(list.get());
    const int i = gp_port_info_list_lookup_path(list.get(), port.c_str());
    if (i < GP_OK) return camera_error(errc::not_found, "unknown port '" + port + "'");
    GPPortInfo info;
    gp_port_info_list_get_info(list.get(), i, &info);
    gp_camera_set_port_info(cam, info);
    return {};
  }

  gp::WidgetPtr widget(const char *name) {
    CameraWidget *w = nullptr;
    if (gp_camera_get_single_config(cam_.get(), name, &w, ctx_.get()) < GP_OK) return nullptr;
    return gp::WidgetPtr(w);
  }

  std::optional<std::string> text_config(const char *name) {
    gp::WidgetPtr w = widget(name);
    if (!w) return std::nullopt;
    CameraWidgetType type;
    gp_widget_get_type(w.get(), &type);
    if (type != GP_WIDGET_TEXT && type != GP_WIDGET_RADIO && type != GP_WIDGET_MENU) return std::nullopt;
    const char *v = nullptr;
    if (gp_widget_get_value(w.get(), &v) < GP_OK || !v) return std::nullopt;
    return std::string(v);
  }

  void read_battery() {
    // ptp2 shows the level as text ("80%"); other drivers as a range.
    gp::WidgetPtr w = widget("batterylevel");
    if (!w) return;
    CameraWidgetType type;
    gp_widget_get_type(w.get(), &type);
    if (type == GP_WIDGET_RANGE) {
      float v = -1;
      if (gp_widget_get_value(w.get(), &v) >= GP_OK) status_.battery_percent = static_cast<int>(v);
    } else if (type == GP_WIDGET_TEXT) {
      const char *v = nullptr;
      if (gp_widget_get_value(w.get(), &v) >= GP_OK && v && std::strchr(v, '%'))
        status_.battery_percent = std::atoi(v);
      // Canon EOS reports five steps; its lowest, "Low", is the blinking-battery state, below
      // the booth's refusal threshold by design.
      else if (v && (std::strcmp(v, "Low") == 0 || gphoto_text("Low") == v))
        status_.battery_percent = 5;
    }
  }

  template <typename Pred> void set_radio(const char *name, Pred pred) {
    gp::WidgetPtr w = widget(name);
    if (!w) return;
    for (int i = 0; i < gp_widget_count_choices(w.get()); ++i) {
      const char *c = nullptr;
      if (gp_widget_get_choice(w.get(), i, &c) >= GP_OK && c && pred(c)) {
        gp_widget_set_value(w.get(), c);
        gp_camera_set_single_config(cam_.get(), name, w.get(), ctx_.get());
        return;
      }
    }
  }

  // Shots land in the camera's RAM where the body allows it: no card wear, no stale files.
  // Bodies without the setting keep shooting to the card, which capture() then empties.
  void ensure_capture_target() {
    const std::string ram = body_->capture_target_ram, ram_here = gphoto_text(body_->capture_target_ram);
    auto is_ram = [&](const std::string &c) { return c == ram || c == ram_here; };
    const std::optional<std::string> now = text_config(body_->capture_target_widget);
    if (now && !is_ram(*now)) set_radio(body_->capture_target_widget, is_ram);
  }

  void set_toggle(const char *name, int value) {
    gp::WidgetPtr w = widget(name);
    if (!w) return;
    gp_widget_set_value(w.get(), &value);
    gp_camera_set_single_config(cam_.get(), name, w.get(), ctx_.get());
  }

  Status check_storage() {
    CameraStorageInformation *info = nullptr;
    int n = 0;
    const int r = gp_camera_get_storageinfo(cam_.get(), &info, &n, ctx_.get());
    std::free(info);
    if (r == GP_ERROR_NOT_SUPPORTED) return {};  // the driver cannot tell; let the shot decide
    if (r < GP_OK) return fail(r, "storage");
    if (n == 0) return camera_error(errc::no_card);
    return {};
  }

  // Events queued before our trigger belong to earlier shots (or a photographer pressing the
  // shutter by hand); swallow them so the file we download is this trigger's own.
  Status drain_events() {
    for (int i = 0; i < 50; ++i) {
      CameraEventType type;
      void *data = nullptr;
      call_started_ = std::chrono::steady_clock::now();
      const int r = gp_camera_wait_for_event(cam_.get(), 0, &type, &data, ctx_.get());
      if (r < GP_OK) return fail(r, "events");
      if (type == GP_EVENT_FILE_ADDED && data) {
        const auto *p = static_cast<CameraFilePath *>(data);
        delivered_.insert(std::string(p->folder) + "/" + p->name);
      }
      free_event_data(type, data);
      if (type == GP_EVENT_TIMEOUT) break;
    }
    return {};
  }

  Result<CameraFilePath> wait_for_new_file() {
    const auto deadline = std::chrono::steady_clock::now() + opts_.capture_timeout;
    for (;;) {
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0) return camera_error(errc::timeout);
      CameraEventType type;
      void *data = nullptr;
      call_started_ = std::chrono::steady_clock::now();
      const int r = gp_camera_wait_for_event(cam_.get(), static_cast<int>(std::min<long long>(left.count(), 500)),
                                             &type, &data, ctx_.get());
      if (r < GP_OK) return fail(r, "wait for the picture");
      if (type == GP_EVENT_FILE_ADDED && data) {
        CameraFilePath p = *static_cast<CameraFilePath *>(data);
        free_event_data(type, data);
        if (delivered_.count(std::string(p.folder) + "/" + p.name))
          return camera_error(errc::file_mismatch, std::string(p.folder) + "/" + p.name);
        return p;
      }
      free_event_data(type, data);
    }
  }

  std::string port_, model_;
  Gphoto2Options opts_;
  gp::ContextPtr ctx_;
  gp::CameraPtr cam_;
  std::string last_error_;
  CameraStatus status_;
  std::string remembered_model_;
  bool in_liveview_ = false;
  std::chrono::steady_clock::time_point call_started_;  // start of the libgphoto2 call now failing
  std::unique_ptr<UsbHotplug> hotplug_;
  std::set<std::string> delivered_;  // folder/name of every file already handed out or stale
  const CameraBody *body_ = &camera_body("", "");  // what differs for this family (camera_bodies.h)
  std::size_t last_fingerprint_ = 0;               // of the last shot handed out (bodies whose names say nothing)
};

}  // namespace

std::unique_ptr<Camera> make_gphoto2_camera(std::string port, std::string model, Gphoto2Options options) {
  return std::make_unique<Gphoto2Camera>(std::move(port), std::move(model), options);
}

Result<std::vector<DetectedCamera>> detect_gphoto2_cameras() {
  enable_debug_log_once();
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
