#include "durable_file.h"
#include "try.h"

#include <openssl/evp.h>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <memory>
#include <type_traits>
#include <vector>
#include <sys/stat.h>
#include <unistd.h>

namespace gradbooth::core {
namespace fs = std::filesystem;

namespace {

Error io_error(const std::string &what, const fs::path &p, int err) {
  const std::string why = std::strerror(err);
  std::string zh = "文件操作失败：" + p.string() + "（" + why + "）";
  if (err == ENOSPC) zh = "磁盘已满：" + p.string();
  else if (err == EACCES || err == EPERM || err == EROFS) zh = "没有写入权限：" + p.string();
  return make_error(err == ENOSPC                                         ? "io.disk_full"
                        : (err == EACCES || err == EPERM || err == EROFS) ? "io.permission"
                                                                          : "io.error",
                    what + " " + p.string() + ": " + why, zh);
}

struct Fd {
  int fd = -1;
  explicit Fd(int f) : fd(f) {}
  ~Fd() {
    if (fd >= 0) ::close(fd);
  }
  Fd(const Fd &) = delete;
  Fd &operator=(const Fd &) = delete;
};

Status write_all(int fd, std::span<const std::uint8_t> bytes, const fs::path &p) {
  size_t off = 0;
  while (off < bytes.size()) {
    const ssize_t n = ::write(fd, bytes.data() + off, bytes.size() - off);
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("write", p, errno);
    }
    off += static_cast<size_t>(n);
  }
  return {};
}

// Feeds what is left of `fd` to `take(data, size)` through `buf`, retrying reads cut short by a
// signal. `take` returns void or a Status that stops the reading.
template <class Take> Status read_fd_chunks(int fd, const fs::path &file, std::span<std::uint8_t> buf, Take &&take) {
  while (true) {
    const ssize_t n = ::read(fd, buf.data(), buf.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return io_error("read", file, errno);
    }
    if (n == 0) return {};
    if constexpr (std::is_void_v<decltype(take(buf.data(), size_t{}))>) {
      take(buf.data(), static_cast<size_t>(n));
    } else if (auto s = take(buf.data(), static_cast<size_t>(n)); !s) {
      return s;
    }
  }
}

}  // namespace

Status make_private_dirs(const fs::path &dir) {
  if (dir.empty()) return {};
  std::error_code ec;
  if (fs::is_directory(dir, ec)) return {};
  TRY(make_private_dirs(dir.parent_path()));
  if (::mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) return io_error("mkdir", dir, errno);
  return {};
}

Status fsync_dir(const fs::path &dir) {
  Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d.fd < 0) return io_error("open dir", dir, errno);
  if (::fsync(d.fd) != 0) return io_error("fsync dir", dir, errno);
  return {};
}

Status write_file_durable(const fs::path &dir, const std::string &name, std::span<const std::uint8_t> bytes, bool sync_dir) {
  const fs::path tmp = dir / ("." + name + ".tmp");
  const fs::path dst = dir / name;
  {
    Fd f(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
    if (f.fd < 0) return io_error("create", tmp, errno);
    if (auto s = write_all(f.fd, bytes, tmp); !s) {
      ::unlink(tmp.c_str());
      return s;
    }
    if (::fsync(f.fd) != 0) {
      const int e = errno;
      ::unlink(tmp.c_str());
      return io_error("fsync", tmp, e);
    }
  }
  if (::rename(tmp.c_str(), dst.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return io_error("rename", dst, e);
  }
  return sync_dir ? fsync_dir(dir) : Status{};
}

Status copy_file_durable(const fs::path &from, const fs::path &to) {
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) return io_error("open", from, errno);
  Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (out.fd < 0) return io_error("create", to, errno);
  std::unique_ptr<std::uint8_t[]> buf(new std::uint8_t[1 << 20]);
  if (auto s = read_fd_chunks(in.fd, from, {buf.get(), 1 << 20},
                              [&](const std::uint8_t *p, size_t n) {
                                return write_all(out.fd, {p, n}, to);
                              });
      !s)
    return s;
  if (::fsync(out.fd) != 0) return io_error("fsync", to, errno);
  return {};
}

Result<std::string> copy_file_hashed(const fs::path &from, const fs::path &to) {
  Fd in(::open(from.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) return io_error("open", from, errno);
  Fd out(::open(to.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600));
  if (out.fd < 0) return io_error("create", to, errno);
  std::unique_ptr<EVP_MD_CTX, void (*)(EVP_MD_CTX *)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  // One buffer per thread: a fresh 1 MB allocation per file costs an mmap and 256 page faults.
  static thread_local std::vector<std::uint8_t> buffer(1 << 20);
  if (auto s = read_fd_chunks(in.fd, from, buffer, [&](const std::uint8_t *p, size_t n) { EVP_DigestUpdate(ctx.get(), p, n); }); !s)
    return s.error();
  // The data moves inside the kernel (as cp does); store files are never modified in place, so
  // the bytes hashed above are the bytes copied. Falls back to read/write across file systems.
  off_t off_in = 0;
  bool kernel_copy = true;
  while (kernel_copy) {
    const ssize_t n = ::copy_file_range(in.fd, &off_in, out.fd, nullptr, 1 << 30, 0);
    if (n > 0) continue;
    if (n == 0) break;
    if (errno == EINTR) continue;
    if (errno != EXDEV && errno != ENOSYS && errno != EINVAL && errno != EOPNOTSUPP) return io_error("write", to, errno);
    kernel_copy = false;
  }
  if (!kernel_copy) {
    if (::lseek(in.fd, off_in, SEEK_SET) < 0) return io_error("seek", from, errno);
    if (auto s = read_fd_chunks(in.fd, from, buffer, [&](const std::uint8_t *p, size_t n) { return write_all(out.fd, {p, n}, to); }); !s)
      return s.error();
  }
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  static const char *k = "0123456789abcdef";
  std::string hex;
  for (unsigned i = 0; i < len; ++i) {
    hex.push_back(k[md[i] >> 4]);
    hex.push_back(k[md[i] & 15]);
  }
  // close() reports delayed write errors (ENOSPC on some file systems) — check it.
  const int fd = out.fd;
  out.fd = -1;
  if (::close(fd) != 0) return io_error("close", to, errno);
  return hex;
}

Status sync_filesystem(const fs::path &dir) {
  Fd d(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (d.fd < 0) return io_error("open dir", dir, errno);
  if (::syncfs(d.fd) != 0) return io_error("syncfs", dir, errno);
  return {};
}

Status place_file_durable(const fs::path &from, const fs::path &dir, const std::string &name, bool sync_dir) {
  const fs::path tmp = dir / ("." + name + ".tmp");
  const fs::path dst = dir / name;
  ::unlink(tmp.c_str());
  // A hard link shares the already-fsynced data: no copy, no second fsync of 600 KB.
  if (::link(from.c_str(), tmp.c_str()) != 0) {
    if (auto s = copy_file_durable(from, tmp); !s) {
      ::unlink(tmp.c_str());
      return s;
    }
  }
  if (::rename(tmp.c_str(), dst.c_str()) != 0) {
    const int e = errno;
    ::unlink(tmp.c_str());
    return io_error("rename", dst, e);
  }
  return sync_dir ? fsync_dir(dir) : Status{};
}

namespace {
// Feeds `file` to `take` in 64 KiB chunks, retrying reads cut short by a signal.
template <class Take> Status read_chunks(const fs::path &file, Take &&take) {
  Fd in(::open(file.c_str(), O_RDONLY | O_CLOEXEC));
  if (in.fd < 0) return io_error("open", file, errno);
  std::uint8_t buf[1 << 16];
  return read_fd_chunks(in.fd, file, buf, [&](const std::uint8_t *p, size_t n) { take(reinterpret_cast<const char *>(p), n); });
}
}  // namespace

Result<std::string> read_file_bytes(const fs::path &file) {
  std::string out;
  std::error_code ec;
  if (const auto size = fs::file_size(file, ec); !ec) out.reserve(static_cast<size_t>(size));
  TRY(read_chunks(file, [&](const char *d, size_t n) { out.append(d, n); }));
  return out;
}

namespace {
struct MdCtxFree {
  void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};
std::string hex(const unsigned char *d, unsigned n) {
  static const char *k = "0123456789abcdef";
  std::string s;
  s.reserve(n * 2);
  for (unsigned i = 0; i < n; ++i) {
    s.push_back(k[d[i] >> 4]);
    s.push_back(k[d[i] & 15]);
  }
  return s;
}
}  // namespace

std::string sha256_hex(std::span<const std::uint8_t> bytes) {
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_Digest(bytes.data(), bytes.size(), md, &len, EVP_sha256(), nullptr);
  return hex(md, len);
}

Result<std::string> sha256_file(const fs::path &file) {
  std::unique_ptr<EVP_MD_CTX, MdCtxFree> ctx(EVP_MD_CTX_new());
  EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr);
  if (auto st = read_chunks(file, [&](const char *d, size_t n) { EVP_DigestUpdate(ctx.get(), d, n); }); !st.ok()) return st.error();
  unsigned char md[EVP_MAX_MD_SIZE];
  unsigned len = 0;
  EVP_DigestFinal_ex(ctx.get(), md, &len);
  return hex(md, len);
}

}  // namespace gradbooth::core
