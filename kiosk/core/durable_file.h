// Files that survive a crash: temp → fsync → rename → directory fsync. 0600 files, 0700 dirs.
#pragma once

#include <gradbooth/result.h>

#include <cstdint>
#include <filesystem>
#include <span>
#include <string>
#include <string_view>

namespace gradbooth::core {

// mkdir -p with mode 0700 for every directory it creates.
Status make_private_dirs(const std::filesystem::path &dir);
Status fsync_dir(const std::filesystem::path &dir);
// Writes `bytes` to dir/name through dir/.name.tmp; fsyncs file and directory.
Status write_file_durable(const std::filesystem::path &dir, const std::string &name, std::span<const std::uint8_t> bytes,
                          bool sync_dir = true);
// Places `from`'s content at dir/name atomically (hard link when possible, else a durable copy).
Status place_file_durable(const std::filesystem::path &from, const std::filesystem::path &dir, const std::string &name,
                          bool sync_dir = true);
// Copies a file (0600) with fsync, for exports.
Status copy_file_durable(const std::filesystem::path &from, const std::filesystem::path &to);
// Copies a file (0600) without fsync and returns the SHA-256 of the bytes copied (one pass).
// The caller makes the whole tree durable at once with sync_filesystem().
Result<std::string> copy_file_hashed(const std::filesystem::path &from, const std::filesystem::path &to);
// syncfs(2) on the file system holding `dir`: one flush for thousands of files.
Status sync_filesystem(const std::filesystem::path &dir);
Result<std::string> read_file_bytes(const std::filesystem::path &file);

// SHA-256 (OpenSSL libcrypto) in lower-case hex.
std::string sha256_hex(std::span<const std::uint8_t> bytes);
Result<std::string> sha256_file(const std::filesystem::path &file);

inline std::span<const std::uint8_t> as_bytes(std::string_view s) { return {reinterpret_cast<const std::uint8_t *>(s.data()), s.size()}; }

}  // namespace gradbooth::core
