#include "booth_window.h"

#include <gdk-pixbuf/gdk-pixbuf.h>
#include <gdkmm/texture.h>
#include <glibmm/bytes.h>
#include <glibmm/markup.h>
#include <gtkmm/scrolledwindow.h>

#include <algorithm>

namespace gradbooth::ui {

using FlowState = core::State;

namespace {

std::string markup_escape(const std::string &s) { return Glib::Markup::escape_text(s); }

// The review photo decoded at most at screen size (gdk-pixbuf's JPEG loader scales while it
// decodes): the spec photo is 960×1280 already, but an uncropped 24 MP original decoded whole
// would be a 96 MB texture for as long as the review is on screen.
Glib::RefPtr<Gdk::Texture> review_texture(const std::vector<std::uint8_t> &jpeg) {
  GdkPixbufLoader *loader = gdk_pixbuf_loader_new();
  auto fit = +[](GdkPixbufLoader *l, int w, int h, gpointer) {
    const double scale = std::min({1.0, 960.0 / w, 1280.0 / h});
    if (scale < 1.0) gdk_pixbuf_loader_set_size(l, std::max(1, static_cast<int>(w * scale)), std::max(1, static_cast<int>(h * scale)));
  };
  g_signal_connect(loader, "size-prepared", G_CALLBACK(fit), nullptr);
  const bool wrote = gdk_pixbuf_loader_write(loader, jpeg.data(), jpeg.size(), nullptr);
  const bool closed = gdk_pixbuf_loader_close(loader, nullptr);
  Glib::RefPtr<Gdk::Texture> tex;
  if (wrote && closed)
    if (GdkPixbuf *pb = gdk_pixbuf_loader_get_pixbuf(loader)) tex = Glib::wrap(gdk_texture_new_for_pixbuf(pb));
  g_object_unref(loader);
  return tex;
}

}  // namespace

BoothWindow::BoothWindow() {
  set_default_size(720, 1280);
  add_css_class("booth");
  set_child(overlay_);
  overlay_.set_child(root_);
  root_.append(topbar_);
  topbar_.add_css_class("topbar");
  title_.add_css_class("apptitle");
  title_.set_hexpand(true);
  title_.set_xalign(0);
  title_.set_ellipsize(Pango::EllipsizeMode::END);
  topbar_.append(title_);
  lang_btn_.set_action_name("app.lang-toggle");
  lang_btn_.add_css_class("small");
  topbar_.append(lang_btn_);
  sv_btn_.set_action_name("app.supervisor-open");
  sv_btn_.set_label("⚙");
  sv_btn_.add_css_class("small");
  topbar_.append(sv_btn_);
  stack_.set_vexpand(true);
  stack_.set_transition_type(Gtk::StackTransitionType::NONE);
  root_.append(stack_);
  // Every sentence wraps: English is longer than the portrait screen is wide, and a label
  // that does not wrap would widen the window past the screen.
  for (auto *l : {&w_title_, &w_sub_,      &w_status_, &i_title_, &i_name_,  &i_id_,      &i_number_, &i_level_,
                  &i_note_,  &wait_title_, &wait_sub_, &l_title_, &r_title_, &r_verdict_, &r_checks_, &d_title_,
                  &d_label_, &d_number_,   &d_card_,   &f_title_, &f_sub_,   &p_title_,   &p_sub_}) {
    l->set_wrap(true);
    l->set_wrap_mode(Pango::WrapMode::WORD_CHAR);
    l->set_justify(Gtk::Justification::CENTER);
  }

  {
    auto &p = page(Screen::Welcome);
    add_label(p, w_title_, "huge");
    add_label(p, w_sub_, "medium");
    add_label(p, w_status_, "status");
  }
  {
    auto &p = page(Screen::Identity);
    for (auto *l : {&i_title_, &i_name_, &i_id_, &i_number_, &i_level_, &i_note_, &i_card_}) {
      p.append(*l);
      l->set_wrap(true);
      l->set_justify(Gtk::Justification::CENTER);
    }
    i_title_.add_css_class("large");
    i_name_.add_css_class("huge");
    for (auto *l : {&i_id_, &i_number_, &i_level_}) l->add_css_class("medium");
    i_note_.add_css_class("note");
    i_card_.add_css_class("checks");  // the photographer's line: the reader's card warnings
    i_confirm_ = &button(p, "app.identity-confirm", "primary");
    i_reject_ = &button(p, "app.identity-reject", "secondary");
  }
  {
    auto &p = page(Screen::Wait);
    add_label(p, wait_title_, "large");
    add_label(p, wait_sub_, "medium");
  }
  {
    auto &p = page(Screen::Live);
    p.set_valign(Gtk::Align::FILL);
    p.append(l_title_);
    l_title_.add_css_class("medium");
    p.append(live_);
    l_shoot_ = &button(p, "app.shoot", "primary");
  }
  {
    auto &p = page(Screen::Review);
    p.set_valign(Gtk::Align::FILL);
    p.append(r_title_);
    r_title_.add_css_class("medium");
    r_photo_.set_can_shrink(true);
    r_photo_.set_content_fit(Gtk::ContentFit::CONTAIN);
    // The photo keeps its size however many checks fail; the reasons scroll instead.
    r_photo_.set_size_request(300, 400);
    r_photo_.set_vexpand(true);
    p.append(r_photo_);
    p.append(r_verdict_);
    r_verdict_.add_css_class("large");
    auto *scroll = Gtk::make_managed<Gtk::ScrolledWindow>();
    scroll->set_policy(Gtk::PolicyType::NEVER, Gtk::PolicyType::AUTOMATIC);
    scroll->set_min_content_height(260);  // about six reasons before it scrolls
    scroll->set_child(r_checks_);
    p.append(*scroll);
    r_checks_.add_css_class("checks");
    r_checks_.set_wrap(true);
    r_checks_.set_xalign(0);
    r_checks_.set_justify(Gtk::Justification::LEFT);
    Gtk::Box row(Gtk::Orientation::HORIZONTAL);
    row.set_homogeneous(true);
    row.set_spacing(24);
    r_retake_ = &button(row, "app.retake", "secondary");
    r_accept_ = &button(row, "app.accept", "primary");
    p.append(row);
  }
  {
    auto &p = page(Screen::Done);
    for (auto *l : {&d_title_, &d_label_, &d_number_, &d_card_}) {
      p.append(*l);
      l->set_wrap(true);
    }
    d_title_.add_css_class("large");
    d_label_.add_css_class("medium");
    d_number_.add_css_class("number");
    d_card_.add_css_class("medium");
  }
  {
    auto &p = page(Screen::Fault);
    add_label(p, f_title_, "huge");
    add_label(p, f_sub_, "medium");
  }
  {
    auto &p = page(Screen::Paused);
    add_label(p, p_title_, "huge");
    add_label(p, p_sub_, "medium");
  }
}

Gtk::Box &BoothWindow::page(Screen screen) {
  auto *box = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::VERTICAL);
  box->set_spacing(28);
  box->set_valign(Gtk::Align::CENTER);
  box->set_margin(32);
  box->add_css_class("page");
  stack_.add(*box, std::string(screen_name(screen)));
  return *box;
}

// Wrapping and centring are set for every label above; a page only places it and styles it.
void BoothWindow::add_label(Gtk::Box &box, Gtk::Label &label, const char *css) {
  box.append(label);
  label.add_css_class(css);
}

Gtk::Button &BoothWindow::button(Gtk::Box &box, const char *action, const char *css) {
  auto *b = Gtk::make_managed<Gtk::Button>();
  b->set_action_name(action);
  b->add_css_class(css);
  b->set_hexpand(true);
  box.append(*b);
  return *b;
}

void BoothWindow::refresh(const Booth &booth, Lang lang, const Health &health) {
  const auto &v = booth.view();
  auto t = [lang](const char *key) { return std::string(tr(lang, key)); };
  title_.set_text(t("app.title"));
  lang_btn_.set_label(t("lang.switch"));

  // welcome
  w_title_.set_text(t("welcome.title"));
  w_sub_.set_text(booth.rejected_notice() ? t("identity.rejected") : t("welcome.sub"));
  std::string status = t(health.camera_ok ? "status.camera_ok" : "status.camera_bad") + "   " +
      t(health.reader_ok ? "status.reader_ok" : "status.reader_bad") + "\n" +
      fill(tr(lang, "status.numbers_left"), std::to_string(health.numbers_left));
  w_status_.set_text(status);
  // identity
  i_title_.set_text(t("identity.title"));
  i_name_.set_text(v.student_name);
  i_id_.set_text(t("identity.id") + "  " + v.masked_id);
  i_number_.set_text(t("identity.student_number") + "  " + v.student_number);
  i_level_.set_text(t("identity.level") + "  " + v.level);
  i_confirm_->set_label(t("identity.confirm"));
  i_reject_->set_label(t("identity.reject"));
  if (v.already_photographed) i_note_.set_text(t("identity.already"));
  else i_note_.set_text("");
  std::string card_line;
  if (const auto *card = booth.card(); card && !card->warnings.empty()) {
    card_line = t("identity.card_check");
    for (const auto &w : card->warnings) card_line += "\n⚠ " + warning_text(lang, w);
  }
  i_card_.set_text(card_line);
  // wait
  wait_title_.set_text(t("identity.wait"));
  wait_sub_.set_text(v.student_name);
  // live
  l_title_.set_text(t("live.title"));
  l_shoot_->set_label(t("live.shoot"));
  live_.set_countdown(v.state == FlowState::Countdown ? v.countdown_left_s : 0);
  if (v.state == FlowState::Capturing) live_.set_banner(t(booth.analyzing() ? "live.analyzing" : "live.capturing"));
  else live_.set_banner("");
  l_shoot_->set_visible(v.state == FlowState::LiveView);
  // review
  const auto &r = booth.review();
  r_title_.set_text(t("review.title") + "  ·  " + fill(tr(lang, "review.attempt"), std::to_string(v.attempts)));
  if (&r.photo_jpeg != r_shown_ || r.photo_jpeg.size() != r_shown_size_) {
    r_shown_ = &r.photo_jpeg;
    r_shown_size_ = r.photo_jpeg.size();
    if (!r.photo_jpeg.empty()) {
      r_photo_.set_paintable(review_texture(r.photo_jpeg));
    } else {
      r_photo_.set_paintable({});
    }
  }
  const bool pass = v.last_pass.value_or(false);
  r_verdict_.set_text(t(pass ? "review.pass" : "review.fail"));
  r_verdict_.remove_css_class(pass ? "bad" : "good");
  r_verdict_.add_css_class(pass ? "good" : "bad");
  std::string lines;
  for (const auto &c : r.checks) {
    if (c.pass) continue;
    const std::string &why = ui::pick(lang, c.reason_zh, c.reason_en);
    lines += std::string(c.hard ? "✗ " : "! ") + markup_escape(why.empty() ? c.id : why) + "\n";
  }
  if (r.checks.empty()) {
    const auto &reasons = lang == Lang::En ? v.last_reasons_en : v.last_reasons_zh;
    for (const auto &why : reasons) lines += "✗ " + markup_escape(why) + "\n";
  }
  if (!lines.empty()) lines.pop_back();
  r_checks_.set_markup(lines);
  r_accept_->set_label(t("review.accept"));
  r_retake_->set_label(t("review.retake"));
  // done
  d_title_.set_text(t("done.title"));
  d_label_.set_text(t("done.number"));
  d_number_.set_text(v.number ? v.number->text() : "");
  d_card_.set_text(t("done.take_card"));
  // fault / paused
  f_title_.set_text(t("fault.title"));
  f_sub_.set_text(ui::pick(lang, v.fault) + "\n" + t("fault.sub"));
  p_title_.set_text(t("paused.title"));
  p_sub_.set_text(t("paused.sub"));

  // The countdown and the capture run on the live page.
  Screen page = booth.screen();
  if (page == Screen::Countdown || page == Screen::Capturing) page = Screen::Live;
  const std::string name(screen_name(page));
  if (stack_.get_visible_child_name() != name.c_str()) stack_.set_visible_child(name);
}

}  // namespace gradbooth::ui
