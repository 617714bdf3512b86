// The card's 256-byte text block (UCS-2 LE, space padded) ⇄ CardIdentity (IDCARD.md §Text block).
#pragma once

#include "gradbooth/result.h"
#include "idcard/card_identity.h"
#include "idcard/sam_frame.h"

#include <span>
#include <string>

namespace gradbooth::idcard {

inline constexpr std::size_t kTextBlockSize = 256;

// Decodes and checks a text block. `today` (YYYYMMDD) decides whether the card has expired;
// empty = the local date now. Inconsistent fields become warnings, not errors: the photographer
// decides. Errors only for a block that is not a card at all (wrong size, nothing readable).
Result<CardIdentity> parse_text_block(std::span<const std::uint8_t> block, const std::string &today = {});

// The data of a successful "read text + photo" (30 01) or "… + fingerprint" (30 10) answer →
// the text block, using the length fields (never fixed offsets).
Result<Bytes> text_from_read_data(std::span<const std::uint8_t> data, bool with_fingerprint);

// The other way round, for the emulator and tests: lays out the identity's fields, pads with
// spaces, truncates over-long fields at the field size.
Bytes encode_text_block(const CardIdentity &id);
// 30 01 answer data: text length, photo length, text, photo (zeros: WLT is not decodable anyway).
Bytes encode_read_data(const Bytes &text_block, std::size_t photo_size = 1024);

// Today's local date as YYYYMMDD.
std::string today_yyyymmdd();

}  // namespace gradbooth::idcard
