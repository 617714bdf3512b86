// A private folder for one test (mkdtemp under the system temp folder), removed with everything in
// it when the test ends.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <stdexcept>
#include <string>

namespace gradbooth::test {

struct TempFolder {
  std::filesystem::path path;
  explicit TempFolder(const std::string &what = "test") {
    std::string tmpl = (std::filesystem::temp_directory_path() / ("gradbooth-" + what + "-XXXXXX")).string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("cannot create a temp folder " + tmpl);
    path = tmpl;
  }
  ~TempFolder() {
    std::error_code ec;
    std::filesystem::remove_all(path, ec);
  }
  TempFolder(const TempFolder &) = delete;
  TempFolder &operator=(const TempFolder &) = delete;
};

}  // namespace gradbooth::test
