// libjpeg reports errors by calling error_exit, which must not return. Our manager longjmps back
// to the one setjmp in the calling function (C++ exceptions cannot unwind through libjpeg's C
// frames). Corrupt-data warnings are fatal too: a truncated camera file is bad input, not a
// grey-filled photo.
#pragma once

#include <cstdio>  // jpeglib.h needs FILE and size_t first
#include <csetjmp>
#include <string>

#include <jpeglib.h>

namespace gradbooth::models::detail {

struct JpegErrorManager {
  jpeg_error_mgr pub;
  std::jmp_buf jump;
  char message[JMSG_LENGTH_MAX] = {};
  int message_code = 0;
};

// Installs the manager on a decompress or compress object (call before jpeg_create_*).
jpeg_error_mgr *install_error_manager(JpegErrorManager &m);

}  // namespace gradbooth::models::detail
