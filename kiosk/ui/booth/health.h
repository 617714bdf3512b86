// Device health as the welcome screen and the supervisor panel show it.
#pragma once

#include <gradbooth/bilingual.h>

#include <cstdint>
#include <string>

namespace gradbooth::ui {

struct Health {
  bool camera_ok = false;
  std::string camera_model;
  int camera_battery = -1;  // percent, -1 unknown
  Bilingual camera_error;
  bool reader_ok = false;
  std::string reader_name;
  Bilingual reader_error;
  std::uint64_t free_disk_bytes = 0;
  int numbers_left = 0;
};

}  // namespace gradbooth::ui
