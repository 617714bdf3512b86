// UTF-8 validation and GB18030 ⇄ UTF-8 through glibc's iconv (GB18030 covers all of Unicode, so
// names outside GBK such as 䶮 survive both ways).
#include "roster.h"

#include <cerrno>
#include <iconv.h>

namespace gradbooth::core {

bool is_valid_utf8(std::string_view s) {
  size_t i = 0;
  const size_t n = s.size();
  while (i < n) {
    const auto c = static_cast<unsigned char>(s[i]);
    int len = 0;
    std::uint32_t cp = 0;
    if (c < 0x80) {
      ++i;
      continue;
    }
    if ((c & 0xE0) == 0xC0) {
      len = 2;
      cp = c & 0x1F;
    } else if ((c & 0xF0) == 0xE0) {
      len = 3;
      cp = c & 0x0F;
    } else if ((c & 0xF8) == 0xF0) {
      len = 4;
      cp = c & 0x07;
    } else return false;
    if (i + static_cast<size_t>(len) > n) return false;
    for (int k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(s[i + static_cast<size_t>(k)]);
      if ((cc & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and out-of-range code points are not UTF-8.
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += static_cast<size_t>(len);
  }
  return true;
}

namespace {

Result<std::string> convert(std::string_view s, const char *to, const char *from) {
  iconv_t cd = iconv_open(to, from);
  if (cd == reinterpret_cast<iconv_t>(-1))
    return make_error("encoding.unsupported", std::string("iconv cannot convert ") + from + " to " + to,
                      std::string("系统不支持编码转换 ") + from + " → " + to);
  std::string out;
  out.resize(s.size() * 2 + 16);
  char *in = const_cast<char *>(s.data());
  size_t in_left = s.size();
  size_t done = 0;
  while (true) {
    char *op = out.data() + done;
    size_t out_left = out.size() - done;
    const size_t r = iconv(cd, in_left ? &in : nullptr, &in_left, &op, &out_left);
    done = out.size() - out_left;
    if (r != static_cast<size_t>(-1)) {
      if (in_left == 0) break;
      continue;
    }
    if (errno == E2BIG) {
      out.resize(out.size() * 2);
      continue;
    }
    iconv_close(cd);
    const size_t at = s.size() - in_left;
    return make_error("encoding.invalid", std::string("text is not valid ") + from + " (byte offset " + std::to_string(at) + ")",
                      std::string("文本不是有效的 ") + from + " 编码（字节位置 " + std::to_string(at) + "）");
  }
  iconv_close(cd);
  out.resize(done);
  return out;
}

}  // namespace

Result<std::string> gb18030_to_utf8(std::string_view s) { return convert(s, "UTF-8", "GB18030"); }
Result<std::string> utf8_to_gb18030(std::string_view s) { return convert(s, "GB18030", "UTF-8"); }
Result<std::string> utf16_to_utf8(std::string_view s, bool little_endian) {
  return convert(s, "UTF-8", little_endian ? "UTF-16LE" : "UTF-16BE");
}

}  // namespace gradbooth::core
