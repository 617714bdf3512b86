// Where the emulated camera's pictures come from: live-view frames from a video or a folder
// of JPEGs, and the files a capture produces.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace gradbooth::emu {

using Bytes = std::vector<std::uint8_t>;

class LiveViewSource {
public:
  // path: a video file, or a folder whose JPEGs are served byte for byte, in name order.
  static std::unique_ptr<LiveViewSource> open(const std::string &path, std::string *error);
  virtual ~LiveViewSource() = default;
  virtual Bytes next_jpeg() = 0;
  // The last frame served, as a large JPEG (for --captures-from-liveview).
  virtual Bytes current_as_capture() = 0;
};

class CaptureSource {
public:
  explicit CaptureSource(std::vector<std::filesystem::path> files) : files_(std::move(files)) {}
  static std::unique_ptr<CaptureSource> open(const std::string &dir, std::string *error);
  // The next file's bytes and name, in turn, wrapping around.
  Bytes next(std::string *name);

private:
  std::vector<std::filesystem::path> files_;
  std::size_t next_ = 0;
};

Bytes read_file(const std::filesystem::path &p);

}  // namespace gradbooth::emu
