// The [card] table of the shipped config/gradbooth.toml reads into TransportConfig.
#include "idcard/card_config.h"

#include <doctest/doctest.h>

#include <cstdlib>

using namespace gradbooth::idcard;

TEST_CASE("the shipped configuration's [card] table") {
  const char *root = std::getenv("GRADBOOTH_SOURCE_ROOT");
  REQUIRE(root != nullptr);
  auto c = load_card_config(std::string(root) + "/config/gradbooth.toml");
  REQUIRE(c.ok());
  CHECK(c->kind == "pcsc");
  CHECK(c->apdu_header == "FF 96 00 00");
  CHECK(c->usb_vid_pid == "0400:C35A");
  CHECK(c->baud == 115200);
  CHECK(c->timeout_ms > 0);
}

TEST_CASE("overrides, defaults and a bad transport") {
  auto c = parse_card_config("[card]\ntransport = \"serial\"\nserial_device = \"/dev/ttyACM0\"\nserial_baud = 57600\n");
  REQUIRE(c.ok());
  CHECK(c->kind == "serial");
  CHECK(c->device == "/dev/ttyACM0");
  CHECK(c->baud == 57600);
  CHECK(c->poll_interval_ms == 200);
  auto none = parse_card_config("[station]\nid = 1\n");
  REQUIRE(none.ok());
  CHECK(none->kind == "pcsc");
  CHECK(parse_card_config("[card]\ntransport = \"bluetooth\"\n").error().code == "card.config");
  CHECK(parse_card_config("[card\n").error().code == "config.parse");
}
