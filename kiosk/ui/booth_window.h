// The student's fullscreen window: one page per screen of the flow in a Gtk::Stack, rebuilt
// texts on every refresh (language switch is one tap). Buttons only name GActions
// ("app.shoot", …): a tap and a D-Bus Activate take the same path.
#pragma once

#include "booth/booth.h"
#include "booth/catalogue.h"
#include "booth/health.h"
#include "live_view.h"

#include <gtkmm/applicationwindow.h>
#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/label.h>
#include <gtkmm/overlay.h>
#include <gtkmm/picture.h>
#include <gtkmm/stack.h>

namespace gradbooth::ui {

class BoothWindow : public Gtk::ApplicationWindow {
public:
  BoothWindow();

  void refresh(const Booth &booth, Lang lang, const Health &health);
  LiveView &live() { return live_; }
  Gtk::Overlay &overlay() { return overlay_; }

private:
  Gtk::Box &page(Screen screen);
  void add_label(Gtk::Box &box, Gtk::Label &label, const char *css);
  Gtk::Button &button(Gtk::Box &box, const char *action, const char *css);

  Gtk::Overlay overlay_;
  Gtk::Box root_{Gtk::Orientation::VERTICAL};
  Gtk::Box topbar_{Gtk::Orientation::HORIZONTAL};
  Gtk::Label title_;
  Gtk::Button lang_btn_, sv_btn_;
  Gtk::Stack stack_;
  // welcome
  Gtk::Label w_title_, w_sub_, w_status_;
  // identity
  Gtk::Label i_title_, i_name_, i_id_, i_number_, i_level_, i_note_, i_card_;
  Gtk::Button *i_confirm_ = nullptr, *i_reject_ = nullptr;
  // wait (supervisor checking)
  Gtk::Label wait_title_, wait_sub_;
  // live view (also countdown and capturing)
  Gtk::Label l_title_;
  LiveView live_;
  Gtk::Button *l_shoot_ = nullptr;
  // review
  Gtk::Label r_title_, r_verdict_, r_checks_;
  Gtk::Picture r_photo_;
  Gtk::Button *r_accept_ = nullptr, *r_retake_ = nullptr;
  const std::vector<std::uint8_t> *r_shown_ = nullptr;
  std::size_t r_shown_size_ = 0;
  // done
  Gtk::Label d_title_, d_label_, d_number_, d_card_;
  // fault / paused
  Gtk::Label f_title_, f_sub_, p_title_, p_sub_;
};

}  // namespace gradbooth::ui
