// libFuzzer: the read answer → text block → CardIdentity path, and UCS-2 decoding, on arbitrary bytes.
#include "idcard/text_block.h"
#include "idcard/ucs2.h"

#include <algorithm>
#include <cstdlib>

using namespace gradbooth::idcard;

namespace {

bool valid_utf8(const std::string &s) {
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    std::size_t n = b < 0x80 ? 1 : (b & 0xE0) == 0xC0 ? 2 : (b & 0xF0) == 0xE0 ? 3 : (b & 0xF8) == 0xF0 ? 4 : 0;
    if (n == 0 || i + n > s.size()) return false;
    for (std::size_t k = 1; k < n; ++k)
      if ((static_cast<unsigned char>(s[i + k]) & 0xC0) != 0x80) return false;
    i += n;
  }
  return true;
}

std::size_t characters(const std::string &s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (static_cast<unsigned char>(c) & 0xC0) != 0x80; }));
}

void check_identity(const CardIdentity &id) {
  for (const std::string *f :
       {&id.name.chinese, &id.name.english, &id.address, &id.id_number, &id.authority, &id.valid_to, &id.nation_code})
    if (!valid_utf8(*f)) std::abort();
  for (const auto &w : id.warnings)
    if (!valid_utf8(w.zh) || !valid_utf8(w.en)) std::abort();
  // The masker hides characters, not bytes: as many characters as the number, and valid UTF-8.
  const std::string masked = mask_id_number(id.id_number);
  if (!valid_utf8(masked) || characters(masked) != characters(id.id_number)) std::abort();
  (void)gender_zh(id.gender);
  (void)nation_name(id.nation_code);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size) {
  const std::span<const std::uint8_t> in(data, size);
  if (size >= kTextBlockSize) {
    if (auto id = parse_text_block(in.first(kTextBlockSize), "20260601"); id.ok()) check_identity(*id);
  }
  for (bool fp : {false, true}) {
    if (auto text = text_from_read_data(in, fp); text.ok()) {
      if (text->size() != kTextBlockSize) std::abort();
      if (auto id = parse_text_block(*text, "20260601"); id.ok()) check_identity(*id);
    }
  }
  const std::string utf8 = utf8_from_ucs2le(in);
  if (!valid_utf8(utf8)) std::abort();
  // UTF-8 → UCS-2 → UTF-8 is the identity on what the decoder produced.
  if (utf8_from_ucs2le(ucs2le_from_utf8(utf8)) != utf8) std::abort();
  (void)trim_padding(utf8);
  return 0;
}
