#include "booth/panel_message.h"

namespace gradbooth::ui {

void PanelMessage::say(std::string text_zh, std::string text_en, std::string code) {
  zh = std::move(text_zh);
  en = std::move(text_en);
  status = std::move(code);
}

void PanelMessage::say(const core::DecisionOutcome &o) { say(o.text_zh, o.text_en, core::decision_status_name(o.status)); }

void PanelMessage::say(const core::LockAnswer &a) { say(a.text_zh, a.text_en, a.code); }

void PanelMessage::say_key(std::string_view key, std::string code, std::string_view arg) {
  say(fill(tr(Lang::Zh, key), arg), fill(tr(Lang::En, key), arg), std::move(code));
}

}  // namespace gradbooth::ui
