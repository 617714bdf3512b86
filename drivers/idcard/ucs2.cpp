#include "idcard/ucs2.h"

namespace gradbooth::idcard {

namespace {

void append_utf8(std::string &out, char32_t c) {
  if (c < 0x80) {
    out += static_cast<char>(c);
  } else if (c < 0x800) {
    out += static_cast<char>(0xC0 | (c >> 6));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else if (c < 0x10000) {
    out += static_cast<char>(0xE0 | (c >> 12));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (c >> 18));
    out += static_cast<char>(0x80 | ((c >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (c & 0x3F));
  }
}

void append_ucs2(Bytes &out, char16_t u) {
  out.push_back(static_cast<std::uint8_t>(u & 0xFF));
  out.push_back(static_cast<std::uint8_t>(u >> 8));
}

}  // namespace

std::string utf8_from_ucs2le(std::span<const std::uint8_t> bytes) {
  std::string out;
  const std::size_t n = bytes.size() / 2;
  for (std::size_t i = 0; i < n; ++i) {
    char32_t u = bytes[2 * i] | (char32_t{bytes[2 * i + 1]} << 8);
    if (u == 0) break;
    if (u >= 0xD800 && u <= 0xDBFF && i + 1 < n) {
      const char32_t lo = bytes[2 * i + 2] | (char32_t{bytes[2 * i + 3]} << 8);
      if (lo >= 0xDC00 && lo <= 0xDFFF) {
        append_utf8(out, 0x10000 + ((u - 0xD800) << 10) + (lo - 0xDC00));
        ++i;
        continue;
      }
    }
    if (u >= 0xD800 && u <= 0xDFFF) u = 0xFFFD;
    append_utf8(out, u);
  }
  return out;
}

Bytes ucs2le_from_utf8(std::string_view s) {
  Bytes out;
  std::size_t i = 0;
  while (i < s.size()) {
    const auto b = static_cast<unsigned char>(s[i]);
    char32_t c = 0xFFFD;
    std::size_t len = 1;
    if (b < 0x80) {
      c = b;
    } else if ((b & 0xE0) == 0xC0) {
      len = 2;
    } else if ((b & 0xF0) == 0xE0) {
      len = 3;
    } else if ((b & 0xF8) == 0xF0) {
      len = 4;
    }
    if (len > 1) {
      if (i + len > s.size()) {
        len = 1;
      } else {
        c = b & (0x7F >> len);
        for (std::size_t k = 1; k < len; ++k) {
          const auto cb = static_cast<unsigned char>(s[i + k]);
          if ((cb & 0xC0) != 0x80) {
            c = 0xFFFD;
            len = k;
            break;
          }
          c = (c << 6) | (cb & 0x3F);
        }
      }
    }
    i += len;
    if (c >= 0x10000 && c <= 0x10FFFF) {
      c -= 0x10000;
      append_ucs2(out, static_cast<char16_t>(0xD800 + (c >> 10)));
      append_ucs2(out, static_cast<char16_t>(0xDC00 + (c & 0x3FF)));
    } else {
      append_ucs2(out, static_cast<char16_t>(c > 0xFFFF ? 0xFFFD : c));
    }
  }
  return out;
}

std::string trim_padding(std::string_view s) {
  // Card fields are padded with ASCII spaces, NULs and ideographic spaces (U+3000), in any mix.
  static constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
  auto pad_at_front = [](std::string_view v) -> std::size_t {
    if (!v.empty() && (v.front() == ' ' || v.front() == '\0')) return 1;
    return v.starts_with(kIdeographicSpace) ? kIdeographicSpace.size() : 0;
  };
  auto pad_at_back = [](std::string_view v) -> std::size_t {
    if (!v.empty() && (v.back() == ' ' || v.back() == '\0')) return 1;
    return v.ends_with(kIdeographicSpace) ? kIdeographicSpace.size() : 0;
  };
  while (const std::size_t n = pad_at_front(s)) s.remove_prefix(n);
  while (const std::size_t n = pad_at_back(s)) s.remove_suffix(n);
  return std::string(s);
}

}  // namespace gradbooth::idcard
