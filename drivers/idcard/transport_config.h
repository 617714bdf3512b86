// How the booth reaches its ID card reader: the [card] table of gradbooth.toml as the driver
// takes it. kiosk/core's config parser fills it (the one reader of the file); the defaults here
// are the only ones, for the booth and every admin command alike.
#pragma once

#include <string>

namespace gradbooth::idcard {

struct TransportConfig {
  std::string kind = "pcsc";            // [card] transport: pcsc | usb | serial | none (no reader)
  std::string reader;                   // PC/SC reader name (substring match); empty = first reader
  std::string device = "/dev/ttyUSB0";  // [card] serial_device
  std::string usb_vid_pid = "0400:C35A";
  std::string apdu_header = "FF 96 00 00";  // [card] pcsc_apdu_header: CLA INS P1 P2 of our SAM-frame APDU
  unsigned control_code = 0x42000C00;       // [card] pcsc_control_code: SCardControl code of pcsc_mode control
  int baud = 115200;                        // [card] serial_baud
  std::string pcsc_mode = "frame";          // frame | chunked | control
  int poll_interval_ms = 200;
  int timeout_ms = 3000;  // one SAM command's answer
};

}  // namespace gradbooth::idcard
