// What the supervisor panel says about the last thing done on it, exactly as the booth or the
// lock answered: the sentence in both languages and a status code (the test port's outcome=).
#pragma once

#include "booth/catalogue.h"
#include "core/supervisor_lock.h"
#include "core/workflow.h"

#include <string>
#include <string_view>

namespace gradbooth::ui {

struct PanelMessage {
  std::string zh, en, status;

  void say(std::string text_zh, std::string text_en, std::string code);
  void say(const core::DecisionOutcome &o);
  void say(const core::LockAnswer &a);
  // The catalogue's sentence for `key`, with "{}" filled by `arg` when given.
  void say_key(std::string_view key, std::string code, std::string_view arg = {});
  void clear() { say("", "", ""); }
  const std::string &text(Lang lang) const { return pick(lang, zh, en); }
};

}  // namespace gradbooth::ui
