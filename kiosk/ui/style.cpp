#include "style.h"

#include <gdkmm/display.h>
#include <gtkmm/cssprovider.h>
#include <gtkmm/stylecontext.h>

namespace gradbooth::ui {

namespace {
// Dark background, white text, saturated action colours: readable from a step back, in a
// bright hall, by someone without their glasses. Touch targets at least 96 px high.
constexpr const char *kCss = R"css(
window.booth, window.booth .page { background-color: #101418; color: #ffffff; }
window.booth * { font-family: "Noto Sans CJK SC", "Noto Sans", sans-serif; }
.topbar { padding: 12px 20px; background-color: #1c242c; }
.apptitle { font-size: 28px; font-weight: bold; color: #9fd3ff; }
.huge { font-size: 56px; font-weight: bold; }
.large { font-size: 44px; font-weight: bold; }
.medium { font-size: 34px; }
.status { font-size: 28px; color: #b8c4cc; }
.note { font-size: 30px; color: #ffd166; }
.number { font-size: 200px; font-weight: bold; color: #7CFC9A; }
.checks { font-size: 28px; color: #ffb4a8; }
.good { color: #7CFC9A; }
.bad { color: #ff8a7a; }
button.primary, button.secondary { min-height: 120px; font-size: 44px; font-weight: bold; border-radius: 18px; }
button.primary { background: #1e88e5; color: #ffffff; }
button.primary:disabled { background: #3a4148; color: #7d868d; }
button.secondary { background: #3a4148; color: #ffffff; }
button.small { min-height: 64px; min-width: 96px; font-size: 26px; background: #2c353e; color: #ffffff; }
.supervisor { background-color: #101418; color: #ffffff; border: 4px solid #ffd166; padding: 20px; }
.supervisor .panel-text { font-size: 24px; }
.supervisor button.panel-button { min-height: 80px; font-size: 24px; background: #2c353e; color: #ffffff; }
.supervisor button.key { min-height: 96px; min-width: 120px; font-size: 40px; background: #2c353e; color: #ffffff; }
.supervisor entry, .supervisor dropdown { font-size: 24px; min-height: 56px; }
)css";
}  // namespace

void apply_style() {
  auto css = Gtk::CssProvider::create();
  css->load_from_data(kCss);
  Gtk::StyleContext::add_provider_for_display(Gdk::Display::get_default(), css, GTK_STYLE_PROVIDER_PRIORITY_APPLICATION);
}

}  // namespace gradbooth::ui
