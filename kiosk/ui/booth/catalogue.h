// The booth's own words in its two languages (zh_CN default, en). A small compiled-in
// catalogue rather than gettext: the kiosk has exactly two languages, switches at runtime
// with one tap, and must not depend on the system's locales being generated.
#pragma once

#include "booth/screen.h"

#include <gradbooth/bilingual.h>

#include <string>
#include <string_view>

namespace gradbooth::ui {

enum class Lang { Zh, En };

Lang parse_lang(std::string_view s);  // "en…" → En, anything else → Zh
std::string_view lang_code(Lang l);   // "zh_CN" | "en"

// The text for `key` in `lang`; the key itself when unknown (visible, so a typo shows up).
std::string_view tr(Lang lang, std::string_view key);

// The booth's screen in words for the photographer's panel (catalogue key "screen." + its name).
std::string_view screen_label(Lang lang, Screen screen);

// Two-language pair picked by lang (for texts that come from other layers).
inline const std::string &pick(Lang lang, const std::string &zh, const std::string &en) {
  return (lang == Lang::En && !en.empty()) ? en : zh;
}

inline const std::string &pick(Lang lang, const Bilingual &text) { return pick(lang, text.zh, text.en); }

// "{}" in `pattern` replaced by `arg` (one placeholder; enough for our sentences).
std::string fill(std::string_view pattern, std::string_view arg);

}  // namespace gradbooth::ui
