// What verify and merge share (private to kiosk/core/package_*.cpp): a package zip unpacked into a
// temp folder, and the verification of an unpacked package folder.
#pragma once

#include "package.h"

#include <gradbooth/result.h>

#include <filesystem>
#include <memory>

namespace gradbooth::core {

// Owns a private temp folder. Not copyable: a copy's destructor would delete the folder while
// the original still uses it (merge kept these in a vector that reallocated).
struct TempDir {
  std::filesystem::path path;
  TempDir() = default;
  TempDir(const TempDir &) = delete;
  TempDir &operator=(const TempDir &) = delete;
  ~TempDir();
};

// gradbooth-<what>-XXXXXX under the system temp folder.
Result<std::unique_ptr<TempDir>> make_temp_dir(const char *what);
// Extracts `zip_path` into `to`; entries may not leave it, nor add up to more than the zip can hold.
Status extract_zip(const std::filesystem::path &zip_path, const std::filesystem::path &to);
// verify_package on a folder (package_verify.cpp).
Result<PackageReport> verify_dir(const std::filesystem::path &dir, const ProgressFn &progress = {});

}  // namespace gradbooth::core
