#include "idcard/sam_frame.h"

#include <algorithm>
#include <cstdio>

namespace gradbooth::idcard::sam {

namespace {

std::size_t find_preamble(const Bytes &buf) {
  auto it = std::search(buf.begin(), buf.end(), std::begin(kPreamble), std::end(kPreamble));
  return static_cast<std::size_t>(it - buf.begin());
}

Bytes encode(std::uint8_t a, std::uint8_t b, std::span<const std::uint8_t> head_extra, std::span<const std::uint8_t> data) {
  const std::size_t len = 2 + head_extra.size() + data.size() + 1;
  Bytes f(std::begin(kPreamble), std::end(kPreamble));
  f.push_back(static_cast<std::uint8_t>(len >> 8));
  f.push_back(static_cast<std::uint8_t>(len & 0xFF));
  f.push_back(a);
  f.push_back(b);
  f.insert(f.end(), head_extra.begin(), head_extra.end());
  f.insert(f.end(), data.begin(), data.end());
  f.push_back(checksum(std::span(f).subspan(5)));
  return f;
}

// Validates one frame (preamble at 0, exactly 7 + LEN bytes) and returns LEN..last data.
Result<std::span<const std::uint8_t>> body_of(std::span<const std::uint8_t> frame, std::size_t min_len) {
  std::size_t start = 0;
  while (start + 5 <= frame.size() && !std::equal(std::begin(kPreamble), std::end(kPreamble), frame.begin() + static_cast<long>(start)))
    ++start;
  frame = frame.subspan(std::min(start, frame.size()));
  if (frame.size() < kHeaderSize)
    return make_error("card.frame.short", "SAM frame too short or without preamble", "读卡器应答帧过短或缺少帧头");
  const std::size_t len = (std::size_t{frame[5]} << 8) | frame[6];
  if (len > kMaxLen)
    return make_error("card.frame.oversize", "SAM frame length " + std::to_string(len) + " is too large",
                      "读卡器应答帧长度 " + std::to_string(len) + " 超出范围");
  if (len < min_len)
    return make_error("card.frame.short", "SAM frame length " + std::to_string(len) + " is too small",
                      "读卡器应答帧长度 " + std::to_string(len) + " 过小");
  if (frame.size() != kHeaderSize + len)
    return make_error("card.frame.length",
                      "SAM frame has " + std::to_string(frame.size()) + " bytes, its length field says " +
                          std::to_string(kHeaderSize + len),
                      "读卡器应答帧长度与长度字段不符");
  const auto covered = frame.subspan(5, len + 1);  // LEN … last data byte
  if (checksum(covered) != frame.back()) return make_error("card.frame.checksum", "SAM frame checksum mismatch", "读卡器应答帧校验和错误");
  return frame.subspan(kHeaderSize, len - 1);
}

}  // namespace

std::uint8_t checksum(std::span<const std::uint8_t> bytes) {
  std::uint8_t x = 0;
  for (auto b : bytes) x ^= b;
  return x;
}

Bytes encode_command(Command c, std::span<const std::uint8_t> data) {
  const auto v = static_cast<std::uint16_t>(c);
  return encode(static_cast<std::uint8_t>(v >> 8), static_cast<std::uint8_t>(v & 0xFF), {}, data);
}

Bytes encode_response(std::uint8_t sw3, std::span<const std::uint8_t> data) {
  const std::uint8_t extra[1] = {sw3};
  return encode(0x00, 0x00, extra, data);
}

Result<CommandFrame> decode_command(std::span<const std::uint8_t> frame) {
  auto body = body_of(frame, kMinCommandLen);
  if (!body) return body.error();
  CommandFrame c;
  c.cmd = (*body)[0];
  c.para = (*body)[1];
  c.data.assign(body->begin() + 2, body->end());
  return c;
}

Result<ResponseFrame> decode_response(std::span<const std::uint8_t> frame) {
  auto body = body_of(frame, kMinResponseLen);
  if (!body) return body.error();
  if ((*body)[0] != 0 || (*body)[1] != 0)
    return make_error("card.frame.sw", "SAM answer has SW1 SW2 other than 00 00", "读卡器应答状态字异常");
  ResponseFrame r;
  r.sw3 = (*body)[2];
  r.data.assign(body->begin() + 3, body->end());
  return r;
}

std::uint8_t success_sw3(Command c) { return c == Command::FindCard ? sw3::kFindOk : sw3::kOk; }

Error sw3_error(std::uint8_t sw3) {
  struct Known {
    std::uint8_t sw3;
    const char *en, *zh;
  };
  static constexpr Known kKnown[] = {
      {0x10, "the reader got a command with a bad checksum", "命令校验和错误"},
      {0x11, "the reader got a command with a bad length", "命令长度错误"},
      {0x21, "the reader does not know this command", "越权操作或未知命令"},
      {0x23, "the operation is not authorised", "越权操作"},
      {0x24, "the reader reported an unrecognised error", "无法识别的错误"},
      {0x31, "the card failed to authenticate the security module", "卡认证机具失败"},
      {0x32, "the security module failed to authenticate the card", "机具认证卡失败"},
      {0x33, "verification error", "信息验证错误"},
      {0x40, "unknown card type", "无法识别的卡类型"},
      {0x41, "reading the card failed; keep the card still on the reader", "读卡操作失败，请将证件放稳"},
      {0x47, "random-number failure in the security module", "取随机数失败"},
      {0x60, "the security module failed its self-test", "安全模块自检失败"},
      {0x66, "the security module is not authorised", "安全模块未经授权"},
      {0x80, "no card found on the reader", "寻找证件失败，请放置证件"},
      {0x81, "selecting the card failed", "选取证件失败"},
      {0x91, "no content", "无此项内容"},
  };
  char hex[3];
  std::snprintf(hex, sizeof hex, "%02X", sw3);
  for (const auto &k : kKnown)
    if (k.sw3 == sw3)
      return make_error(std::string("card.sw3.") + hex, std::string(k.en) + " (SW3 " + hex + ")",
                        std::string(k.zh) + "（状态码 " + hex + "）");
  return make_error(std::string("card.sw3.") + hex, std::string("the reader answered with unknown status ") + hex,
                    std::string("读卡器返回未知状态码 ") + hex);
}

Status check_sw3(Command c, std::uint8_t sw3) {
  if (sw3 == success_sw3(c)) return {};
  return sw3_error(sw3);
}

void FrameAssembler::feed(std::span<const std::uint8_t> bytes) { buf_.insert(buf_.end(), bytes.begin(), bytes.end()); }

std::size_t FrameAssembler::wanted() const {
  if (buf_.size() < kHeaderSize) return kHeaderSize - buf_.size();
  const std::size_t start = find_preamble(buf_);
  if (start != 0) return kHeaderSize;
  const std::size_t len = (std::size_t{buf_[5]} << 8) | buf_[6];
  if (len > kMaxLen || kHeaderSize + len <= buf_.size()) return 0;
  return kHeaderSize + len - buf_.size();
}

std::optional<Result<Bytes>> FrameAssembler::next() {
  // Drop garbage up to the first preamble, keeping a tail that may be a preamble's beginning.
  const std::size_t start = find_preamble(buf_);
  if (start == buf_.size()) {
    const std::size_t keep = std::min<std::size_t>(buf_.size(), 4);
    garbage_ += buf_.size() - keep;
    buf_.erase(buf_.begin(), buf_.end() - static_cast<long>(keep));
    return std::nullopt;
  }
  if (start > 0) {
    garbage_ += start;
    buf_.erase(buf_.begin(), buf_.begin() + static_cast<long>(start));
  }
  if (buf_.size() < kHeaderSize) return std::nullopt;
  const std::size_t len = (std::size_t{buf_[5]} << 8) | buf_[6];
  if (len > kMaxLen || len < kMinCommandLen) {
    // Skip this preamble only: the real frame may start inside what we took for its body.
    buf_.erase(buf_.begin(), buf_.begin() + 5);
    garbage_ += 5;
    if (len > kMaxLen)
      return Result<Bytes>(make_error("card.frame.oversize", "SAM frame length " + std::to_string(len) + " is too large",
                                      "读卡器应答帧长度 " + std::to_string(len) + " 超出范围"));
    return Result<Bytes>(make_error("card.frame.short", "SAM frame length " + std::to_string(len) + " is too small",
                                    "读卡器应答帧长度 " + std::to_string(len) + " 过小"));
  }
  if (buf_.size() < kHeaderSize + len) return std::nullopt;
  Bytes frame(buf_.begin(), buf_.begin() + static_cast<long>(kHeaderSize + len));
  const auto covered = std::span<const std::uint8_t>(frame).subspan(5, len + 1);
  if (checksum(covered) != frame.back()) {
    // A corrupted frame: drop its preamble and search again rather than trusting its LEN.
    buf_.erase(buf_.begin(), buf_.begin() + 5);
    garbage_ += 5;
    return Result<Bytes>(make_error("card.frame.checksum", "SAM frame checksum mismatch", "读卡器应答帧校验和错误"));
  }
  buf_.erase(buf_.begin(), buf_.begin() + static_cast<long>(frame.size()));
  return Result<Bytes>(std::move(frame));
}

}  // namespace gradbooth::idcard::sam
