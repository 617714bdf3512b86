// SAM frame codec: the worked example of IDCARD.md, round trips, every SW3, broken frames.
#include "idcard/sam_frame.h"

#include <doctest/doctest.h>

using namespace gradbooth::idcard;
using namespace gradbooth::idcard::sam;

TEST_CASE("find card encodes to the documented bytes and its answer decodes") {
  CHECK(encode_command(Command::FindCard) == Bytes{0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x03, 0x20, 0x01, 0x22});
  const Bytes ok = {0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x08, 0x00, 0x00, 0x9F, 0x00, 0x00, 0x00, 0x00, 0x97};
  const Bytes four(4, 0);
  CHECK(encode_response(sw3::kFindOk, four) == ok);
  auto r = decode_response(ok);
  REQUIRE(r.ok());
  CHECK(r->sw3 == 0x9F);
  CHECK(r->data == four);
  CHECK(check_sw3(Command::FindCard, r->sw3).ok());
  CHECK_FALSE(check_sw3(Command::SelectCard, r->sw3).ok());
}

TEST_CASE("every command round-trips with data of many sizes") {
  for (auto c : {Command::ResetSam, Command::SamStatus, Command::ReadSamId, Command::FindCard, Command::SelectCard, Command::ReadText,
                 Command::ReadTextFingerprint, Command::ReadNewAddress}) {
    for (std::size_t n : {0u, 1u, 255u, 256u, 1290u}) {
      Bytes data(n);
      for (std::size_t i = 0; i < n; ++i) data[i] = static_cast<std::uint8_t>(i * 7 + 3);
      auto f = decode_command(encode_command(c, data));
      REQUIRE(f.ok());
      CHECK(f->command() == c);
      CHECK(f->data == data);
      auto r = decode_response(encode_response(0x90, data));
      REQUIRE(r.ok());
      CHECK(r->data == data);
    }
  }
}

TEST_CASE("a read answer is 1295 bytes with the text at byte 14") {
  Bytes data(4 + 256 + 1024, 0);
  data[0] = 0x01;
  data[2] = 0x04;
  data[4] = 0x5F;
  const Bytes f = encode_response(0x90, data);
  CHECK(f.size() == 1295);
  CHECK(f[14] == 0x5F);
}

TEST_CASE("every SW3 maps to a typed error with both languages") {
  for (int v = 0; v < 256; ++v) {
    const auto e = sw3_error(static_cast<std::uint8_t>(v));
    char code[16];
    std::snprintf(code, sizeof code, "card.sw3.%02X", v);
    CHECK(e.code == code);
    CHECK_FALSE(e.message_en.empty());
    CHECK_FALSE(e.message_zh.empty());
  }
  CHECK(sw3_error(0x41).message_zh.find("读卡操作失败") != std::string::npos);
  CHECK(sw3_error(0x80).message_en.find("no card") != std::string::npos);
  CHECK(sw3_error(0x10).message_en.find("checksum") != std::string::npos);
  for (int v : {0x10, 0x11, 0x21, 0x23, 0x24, 0x31, 0x32, 0x33, 0x40, 0x41, 0x47, 0x60, 0x66, 0x80, 0x81, 0x91})
    CHECK(sw3_error(static_cast<std::uint8_t>(v)).message_en.find("unknown status") == std::string::npos);
  CHECK(check_sw3(Command::ReadText, 0x90).ok());
  CHECK(check_sw3(Command::ReadText, 0x41).error().code == "card.sw3.41");
  CHECK(check_sw3(Command::FindCard, 0x80).error().code == "card.sw3.80");
}

TEST_CASE("checksum, length and SW1/SW2 errors are caught") {
  Bytes f = encode_response(0x90, Bytes{1, 2, 3});
  Bytes bad = f;
  bad.back() ^= 1;
  CHECK(decode_response(bad).error().code == "card.frame.checksum");
  bad = f;
  bad[9] ^= 0x40;  // a flipped data bit
  CHECK(decode_response(bad).error().code == "card.frame.checksum");
  bad = f;
  bad.pop_back();
  CHECK(decode_response(bad).error().code == "card.frame.length");
  CHECK(decode_response(Bytes{0xAA, 0xAA, 0xAA, 0x96}).error().code == "card.frame.short");
  CHECK(decode_response(Bytes{}).error().code == "card.frame.short");
  Bytes sw = f;
  sw[7] = 0x01;
  sw.back() = checksum(std::span(sw).subspan(5, sw.size() - 6));
  CHECK(decode_response(sw).error().code == "card.frame.sw");
  const Bytes huge = {0xAA, 0xAA, 0xAA, 0x96, 0x69, 0xFF, 0xFF, 0x00};
  CHECK(decode_response(huge).error().code == "card.frame.oversize");
  const Bytes tiny = {0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x01, 0x01};
  CHECK(decode_response(tiny).error().code == "card.frame.short");
  // Leading garbage before the preamble is skipped.
  Bytes lead = {0x00, 0x13, 0xAA};
  lead.insert(lead.end(), f.begin(), f.end());
  CHECK(decode_response(lead).ok());
}

TEST_CASE("the assembler resynchronises on garbage and splits merged frames") {
  FrameAssembler a;
  const Bytes f1 = encode_response(0x9F, Bytes(4, 0));
  const Bytes f2 = encode_response(0x90, Bytes(300, 0x55));
  Bytes stream = {0x00, 0xAA, 0xAA, 0x96, 0x69, 0x12, 0xAA};  // noise with a false partial preamble
  stream.insert(stream.end(), f1.begin(), f1.end());
  stream.insert(stream.end(), f2.begin(), f2.end());
  // Fed one byte at a time: what a serial line delivers.
  std::vector<Bytes> got;
  for (auto b : stream) {
    a.feed(std::span(&b, 1));
    while (auto r = a.next()) {
      REQUIRE(r->ok());
      got.push_back(r->value());
    }
  }
  REQUIRE(got.size() == 2);
  CHECK(got[0] == f1);
  CHECK(got[1] == f2);
  CHECK(a.garbage_skipped() == 7);
  CHECK(a.buffered() == 0);
}

TEST_CASE("the assembler rejects a corrupted frame and still finds the next one") {
  FrameAssembler a;
  Bytes bad = encode_response(0x90, Bytes(20, 1));
  bad[10] ^= 0xFF;
  const Bytes good = encode_response(0x91);
  a.feed(bad);
  a.feed(good);
  auto r1 = a.next();
  REQUIRE(r1);
  CHECK(r1->error().code == "card.frame.checksum");
  std::optional<gradbooth::Result<Bytes>> r2;
  while ((r2 = a.next()) && !r2->ok()) {}
  REQUIRE(r2);
  CHECK(r2->value() == good);
}

TEST_CASE("the assembler rejects oversize and short lengths without waiting for them") {
  FrameAssembler a;
  const Bytes over = {0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x40, 0x00};
  a.feed(over);
  auto r = a.next();
  REQUIRE(r);
  CHECK(r->error().code == "card.frame.oversize");
  const Bytes tiny = {0xAA, 0xAA, 0xAA, 0x96, 0x69, 0x00, 0x01};
  a.feed(tiny);
  r = a.next();
  REQUIRE(r);
  CHECK(r->error().code == "card.frame.short");
  const Bytes good = encode_command(Command::SelectCard);
  a.feed(good);
  r = a.next();
  REQUIRE(r);
  CHECK(r->value() == good);
}

TEST_CASE("wanted() asks for the header, then exactly LEN") {
  FrameAssembler a;
  CHECK(a.wanted() == 7);
  const Bytes f = encode_response(0x90, Bytes(10, 2));
  a.feed(std::span(f).first(7));
  CHECK(a.wanted() == f.size() - 7);
  a.feed(std::span(f).subspan(7));
  CHECK(a.wanted() == 0);
}
