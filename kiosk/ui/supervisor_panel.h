// The photographer's panel: PIN keypad, then the current student and why the booth waits,
// the last attempts with thumbnails and verdicts, override (reason required) / force retake /
// void / skip / pause / resume / export, and device health. Shown as an overlay on the booth
// screen, or in its own window on a second monitor.
#pragma once

#include "booth/booth.h"
#include "booth/catalogue.h"
#include "booth/health.h"
#include "core/panel_views.h"

#include <gdkmm/texture.h>
#include <gtkmm/box.h>
#include <gtkmm/button.h>
#include <gtkmm/dropdown.h>
#include <gtkmm/entry.h>
#include <gtkmm/flowbox.h>
#include <gtkmm/label.h>
#include <gtkmm/stack.h>

#include <functional>
#include <map>
#include <optional>
#include <string>

namespace gradbooth::ui {

// What the open panel shows from the store, read through core's views (the panel never reads
// the store itself).
struct PanelData {
  std::vector<core::AttemptView> attempts;  // newest first
  std::optional<core::SequenceNumber> last_number;
  core::PanelCounts counts;
  std::optional<core::QueueView> queue;  // the roster's progress
};

class SupervisorPanel : public Gtk::Box {
public:
  SupervisorPanel();

  // pin_digits: how many digits typed so far; message: the last action's outcome as it is.
  void refresh(const Booth &booth, Lang lang, const Health &health, bool unlocked, std::size_t pin_digits, const std::string &message,
               const PanelData &data);
  // Typing a reason or choosing a preset is a touch: it keeps the open panel from locking itself.
  void on_touch(std::function<void()> f) { touched_ = std::move(f); }
  // The override/void/skip reason: typed text, else the chosen preset; empty when neither.
  std::string reason(Lang lang) const;
  void clear_reason();

private:
  void refresh_attempts(const PanelData &data, Lang lang);

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
  // Thumbnails of the attempts on show only, decoded at thumbnail size (a full 960×1280 decode is
  // 4.9 MB of texture; kept for every attempt of the day it was the booth's per-student growth).
  std::map<long long, Glib::RefPtr<Gdk::Texture>> thumbs_;
  std::function<void()> touched_;
  std::string attempts_key_;
  std::optional<Lang> presets_lang_;
};

}  // namespace gradbooth::ui
