// The [card] table of gradbooth.toml, read by the one config parser (kiosk/core) straight into the
// driver's TransportConfig: the shipped file, overrides, defaults and a bad transport.
#include <core/config.h>

#include <doctest/doctest.h>

#include <cstdlib>
#include <string>

using namespace gradbooth;

TEST_CASE("the shipped configuration's [card] table") {
  const char *root = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(root != nullptr);
  auto c = core::load_config(std::string(root) + "/config/gradbooth.toml");
  REQUIRE(c.ok());
  const idcard::TransportConfig &card = c->card;
  CHECK(card.kind == "pcsc");
  CHECK(card.apdu_header == "FF 96 00 00");
  CHECK(card.usb_vid_pid == "0400:C35A");
  CHECK(card.baud == 115200);
  CHECK(card.timeout_ms > 0);
}

TEST_CASE("overrides, defaults and a bad transport") {
  auto c = core::parse_config("[card]\ntransport = \"serial\"\nserial_device = \"/dev/ttyACM0\"\nserial_baud = 57600\n"
                              "pcsc_apdu_header = \"FF 97 00 00\"\npcsc_control_code = 1234\n");
  REQUIRE(c.ok());
  CHECK(c->card.kind == "serial");
  CHECK(c->card.device == "/dev/ttyACM0");
  CHECK(c->card.baud == 57600);
  CHECK(c->card.apdu_header == "FF 97 00 00");
  CHECK(c->card.control_code == 1234u);
  CHECK(c->card.poll_interval_ms == 200);
  // No [card] table: the driver's defaults, the only ones there are.
  auto none = core::parse_config("[station]\nschool_code = \"10433\"\n");
  REQUIRE(none.ok());
  const idcard::TransportConfig defaults;
  CHECK(none->card.kind == defaults.kind);
  CHECK(none->card.device == "/dev/ttyUSB0");
  CHECK(none->card.control_code == defaults.control_code);
  CHECK(none->card.timeout_ms == defaults.timeout_ms);
  CHECK(core::parse_config("[card]\ntransport = \"none\"\n")->card.kind == "none");
  CHECK(core::parse_config("[card]\ntransport = \"bluetooth\"\n").error().code == "config.value");
  CHECK(core::parse_config("[card]\nserial_baud = 12\n").error().code == "config.value");
  CHECK(core::parse_config("[card\n").error().code == "config.syntax");
}
