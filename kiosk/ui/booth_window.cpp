#include "booth_window.h"

#include <algorithm>

#include <gdkmm/pixbufloader.h>
#include <gdkmm/texture.h>
#include <glibmm/bytes.h>
#include <glibmm/markup.h>
#include <gtkmm/scrolledwindow.h>

namespace gradbooth::ui {

using FlowState = core::State;

namespace {

std::string markup_escape(const std::string &s) { return Glib::Markup::escape_text(s); }

} // namespace

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
  for (auto *l : {&w_title_, &w_sub_, &w_status_, &i_title_, &i_name_, &i_id_, &i_number_, &i_level_, &i_note_,
                  &wait_title_, &wait_sub_, &l_title_, &r_title_, &r_verdict_, &r_checks_, &d_title_, &d_label_,
                  &d_number_, &d_card_, &f_title_, &f_sub_, &p_title_, &p_sub_}) {
    l->set_wrap(true);
    l->set_wrap_mode(Pango::WrapMode::WORD_CHAR);
    l->set_justify(Gtk::Justification::CENTER);
  }

  {
    auto &p = page("welcome");
    p.append(w_title_);
    w_title_.add_css_class("huge");
    w_title_.set_wrap(true);
    w_title_.set_justify(Gtk::Justification::CENTER);
    p.append(w_sub_);
    w_sub_.add_css_class("medium");
    w_sub_.set_wrap(true);
    p.append(w_status_);
    w_status_.add_css_class("status");
    w_status_.set_wrap(true);
    w_status_.set_justify(Gtk::Justification::CENTER);
  }
  {
    auto &p = page("identity");
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
    auto &p = page("wait");
    p.append(wait_title_);
    wait_title_.add_css_class("large");
    wait_title_.set_wrap(true);
    wait_title_.set_justify(Gtk::Justification::CENTER);
    p.append(wait_sub_);
    wait_sub_.add_css_class("medium");
    wait_sub_.set_wrap(true);
  }
  {
    auto &p = page("live");
    p.set_valign(Gtk::Align::FILL);
    p.append(l_title_);
    l_title_.add_css_class("medium");
    p.append(live_);
    l_shoot_ = &button(p, "app.shoot", "primary");
  }
  {
    auto &p = page("review");
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
    auto &p = page("done");
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
    auto &p = page("fault");
    p.append(f_title_);
    f_title_.add_css_class("huge");
    p.append(f_sub_);
    f_sub_.add_css_class("medium");
    f_sub_.set_wrap(true);
    f_sub_.set_justify(Gtk::Justification::CENTER);
  }
  {
    auto &p = page("paused");
    p.append(p_title_);
    p_title_.add_css_class("huge");
    p.append(p_sub_);
    p_sub_.add_css_class("medium");
  }
}

Gtk::Box &BoothWindow::page(const char *name) {
  auto *box = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::VERTICAL);
  box->set_spacing(28);
  box->set_valign(Gtk::Align::CENTER);
  box->set_margin(32);
  box->add_css_class("page");
  stack_.add(*box, name);
  return *box;
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

  const std::string screen = booth.screen_name();
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
  if (booth.identity() == IdentityGate::Rejected) i_note_.set_text(t("identity.rejected"));
  else if (v.already_photographed) i_note_.set_text(t("identity.already"));
  else i_note_.set_text("");
  std::string card_line;
  if (const auto *card = booth.card(); card && !card->warnings.empty()) {
    card_line = t("identity.card_check");
    for (const auto &w : card->warnings) card_line += "\n⚠ " + warning_text(lang, w);
  }
  i_card_.set_text(card_line);
  // wait
  wait_title_.set_text(booth.identity() == IdentityGate::Rejected ? t("identity.rejected") : t("identity.wait"));
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
      try {
        // Decoded at most at the standard's 960×1280: a photo the crop could not fit is the
        // camera's 24 MP original, a 72 MB texture for the whole review at full size (the JPEG
        // loader scales while decoding, so the full decode never exists).
        auto loader = Gdk::PixbufLoader::create();
        Gdk::PixbufLoader *l = loader.get();
        loader->signal_size_prepared().connect([l](int w, int h) {
          const double s = std::min({1.0, 960.0 / w, 1280.0 / h});
          if (s < 1.0) l->set_size(std::max(1, static_cast<int>(w * s)), std::max(1, static_cast<int>(h * s)));
        });
        loader->write(r.photo_jpeg.data(), r.photo_jpeg.size());
        loader->close();
        r_photo_.set_paintable(Gdk::Texture::create_for_pixbuf(loader->get_pixbuf()));
      } catch (const Glib::Error &) {
        r_photo_.set_paintable({});
      }
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
  f_sub_.set_text(ui::pick(lang, v.fault_zh, v.fault_en) + "\n" + t("fault.sub"));
  p_title_.set_text(t("paused.title"));
  p_sub_.set_text(t("paused.sub"));

  const char *page = screen.c_str();
  if (screen == "countdown" || screen == "capturing") page = "live";
  if (stack_.get_visible_child_name() != page) stack_.set_visible_child(page);
}

} // namespace gradbooth::ui
