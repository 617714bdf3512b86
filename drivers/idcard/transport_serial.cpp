// Serial / USB-serial transport (/dev/ttyUSB*, /dev/ttyACM*): raw termios, 8N1, baud from config.
// An unplugged USB-serial adapter reads as EIO/HUP: we report "gone" and CardReader reopens the
// path when it comes back.
#include "idcard/transport.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <termios.h>
#include <unistd.h>

#include <atomic>

namespace gradbooth::idcard {

namespace {

speed_t to_speed(int baud) {
  switch (baud) {
  case 9600: return B9600;
  case 19200: return B19200;
  case 38400: return B38400;
  case 57600: return B57600;
  case 230400: return B230400;
  case 460800: return B460800;
  case 921600: return B921600;
  default: return B115200;
  }
}

class SerialTransport final : public ByteStreamTransport {
public:
  explicit SerialTransport(TransportConfig cfg) : ByteStreamTransport(std::move(cfg)) {
    if (::pipe2(wake_, O_CLOEXEC | O_NONBLOCK) != 0) wake_[0] = wake_[1] = -1;
  }
  ~SerialTransport() override {
    close();
    for (int fd : wake_)
      if (fd >= 0) ::close(fd);
  }

  Status open() override {
    close();
    fd_ = ::open(cfg_.device.c_str(), O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
    if (fd_ < 0)
      return make_error("card.transport.gone", "cannot open " + cfg_.device + ": " + std::strerror(errno),
                        "无法打开读卡器串口 " + cfg_.device + "：" + std::strerror(errno));
    termios tio{};
    if (::tcgetattr(fd_, &tio) == 0) {  // a pty or a real tty; anything else is just a byte pipe
      ::cfmakeraw(&tio);
      tio.c_cflag |= CLOCAL | CREAD;
      tio.c_cflag &= ~(CSTOPB | PARENB | CRTSCTS);
      ::cfsetispeed(&tio, to_speed(cfg_.baud));
      ::cfsetospeed(&tio, to_speed(cfg_.baud));
      tio.c_cc[VMIN] = 0;
      tio.c_cc[VTIME] = 0;
      ::tcsetattr(fd_, TCSANOW, &tio);
      ::tcflush(fd_, TCIOFLUSH);
    }
    asm_.clear();
    return {};
  }

  void close() override {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  bool is_open() const override { return fd_ >= 0; }

  Status send(const Bytes &frame) override {
    if (fd_ < 0) return gone("not open");
    // Stale bytes (an answer we gave up on) must not be taken for this command's answer.
    drain();
    asm_.clear();
    std::size_t off = 0;
    while (off < frame.size()) {
      const ssize_t n = ::write(fd_, frame.data() + off, frame.size() - off);
      if (n > 0) {
        off += static_cast<std::size_t>(n);
        continue;
      }
      if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
        pollfd p{fd_, POLLOUT, 0};
        ::poll(&p, 1, 100);
        continue;
      }
      return gone(std::string("write failed: ") + std::strerror(errno));
    }
    return {};
  }

  Result<Bytes> receive(std::chrono::milliseconds timeout) override {
    if (fd_ < 0) return gone("not open");
    interrupted_ = false;
    const auto deadline = std::chrono::steady_clock::now() + timeout;
    while (true) {
      if (auto f = asm_.next()) return std::move(*f);
      const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now());
      if (left.count() <= 0 || interrupted_)
        return make_error("card.transport.timeout", "no answer from the reader on " + cfg_.device, "读卡器（" + cfg_.device + "）无应答");
      pollfd p[2] = {{fd_, POLLIN, 0}, {wake_[0], POLLIN, 0}};
      const int r = ::poll(p, wake_[0] >= 0 ? 2 : 1, static_cast<int>(left.count()));
      if (r < 0 && errno != EINTR) return gone(std::string("poll failed: ") + std::strerror(errno));
      if (r > 0 && (p[1].revents & POLLIN)) {
        std::uint8_t b[16];
        while (::read(wake_[0], b, sizeof b) > 0) {}
        interrupted_ = true;
        continue;
      }
      if (r > 0 && (p[0].revents & (POLLIN | POLLHUP | POLLERR))) {
        std::uint8_t buf[2048];
        const ssize_t n = ::read(fd_, buf, sizeof buf);
        if (n > 0) asm_.feed(std::span(buf, static_cast<std::size_t>(n)));
        else if (n == 0 || (errno != EAGAIN && errno != EINTR)) return gone("the device went away");
      }
    }
  }

  void interrupt() override {
    if (wake_[1] >= 0) (void)!::write(wake_[1], "x", 1);
  }

  std::string describe() const override { return "serial:" + cfg_.device; }

private:
  Error gone(const std::string &what) {
    close();
    return make_error("card.transport.gone", "serial reader " + cfg_.device + ": " + what,
                      "串口读卡器 " + cfg_.device + " 已断开：" + what);
  }

  void drain() {
    std::uint8_t buf[512];
    while (::read(fd_, buf, sizeof buf) > 0) {}
  }

  int fd_ = -1;
  int wake_[2] = {-1, -1};
};

}  // namespace

std::unique_ptr<Transport> make_serial_transport(const TransportConfig &cfg) { return std::make_unique<SerialTransport>(cfg); }

}  // namespace gradbooth::idcard
