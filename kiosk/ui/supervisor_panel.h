// The photographer's panel: PIN keypad, then the current student and why the booth waits,
// the last attempts with thumbnails and verdicts, override (reason required) / force retake /
// void / skip / pause / resume / export, and device health. Shown as an overlay on the booth
// screen, or in its own window on a second monitor.
#pragma once

#include "booth/booth.h"
#include "booth/catalogue.h"
#include "booth/health.h"

#include <gdkmm/texture.h>
#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/dropdown.h>
#include <gtkmm/entry.h>
#include <gtkmm/flowbox.h>
#include <gtkmm/label.h>
#include <gtkmm/stack.h>

#include <map>
#include <optional>
#include <string>

namespace gradbooth::ui {

class SupervisorPanel : public Gtk::Box {
public:
  SupervisorPanel();

  // pin_digits: how many digits typed so far; message: the last action's outcome.
  void refresh(Booth &booth, Lang lang, const Health &health, bool unlocked, std::size_t pin_digits,
               const std::string &message);
  // The override/void/skip reason: typed text, else the chosen preset; empty when neither.
  std::string reason(Lang lang) const;
  void clear_reason();

private:
  void refresh_attempts(Booth &booth, Lang lang);

  Gtk::Label title_;
  Gtk::Button close_;
  Gtk::Stack stack_;
  // locked
  Gtk::Label pin_label_, pin_dots_;
  // unlocked
  Gtk::Label queue_, health_, message_, attempts_title_, reason_title_;
  Gtk::FlowBox attempts_;
  Gtk::DropDown presets_;
  Gtk::Entry reason_entry_;
  Gtk::Button override_, retake_, void_, skip_, pause_, resume_, export_;
  std::map<long long, Glib::RefPtr<Gdk::Texture>> thumbs_;
  std::string attempts_key_;
  std::optional<Lang> presets_lang_;
};

} // namespace gradbooth::ui
