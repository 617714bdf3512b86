#include "supervisor_panel.h"

#include <gdkmm/pixbuf.h>
#include <gtkmm/grid.h>
#include <gtkmm/image.h>
#include <gtkmm/scrolledwindow.h>
#include <gtkmm/stringlist.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>

namespace gradbooth::ui {

using core::SupervisorReason;

namespace {

const char *reason_key(SupervisorReason r) {
  switch (r) {
  case SupervisorReason::NotOnRoster: return "reason.not_on_roster";
  case SupervisorReason::NameMismatch: return "reason.name_mismatch";
  case SupervisorReason::GenderMismatch: return "reason.gender_mismatch";
  case SupervisorReason::AlreadyPhotographed: return "reason.already";
  case SupervisorReason::RetakeLimit: return "reason.retake_limit";
  case SupervisorReason::FailedChecks: return "reason.failed_checks";
  case SupervisorReason::RangeFull: return "reason.range_full";
  case SupervisorReason::CaptureFailed: return "reason.capture_failed";
  case SupervisorReason::None: break;
  }
  return "sv.none";
}

// Preset reasons: the photographer has no keyboard at the booth.
struct Preset {
  const char *zh, *en;
};
constexpr Preset kPresets[] = {
    {"— 选择原因 —", "— choose a reason —"},
    {"已人工核对身份证件", "Checked the ID card in person"},
    {"名单信息有误，已登记更正", "Roster error, correction noted"},
    {"照片经人工检查合格", "Photo checked by the photographer"},
    {"学生本人要求", "At the student's request"},
};

std::string human_bytes(std::uint64_t b) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.1f GB", static_cast<double>(b) / 1e9);
  return buf;
}

}  // namespace

SupervisorPanel::SupervisorPanel() : Gtk::Box(Gtk::Orientation::VERTICAL) {
  add_css_class("supervisor");
  set_spacing(12);
  // No widget margin: a margin is a transparent ring through which the booth screen shows. The
  // inset is CSS padding, painted with the panel's opaque background.
  Gtk::Box head(Gtk::Orientation::HORIZONTAL);
  title_.add_css_class("large");
  title_.set_hexpand(true);
  title_.set_xalign(0);
  head.append(title_);
  close_.set_action_name("app.supervisor-close");
  close_.add_css_class("small");
  head.append(close_);
  append(head);
  stack_.set_vexpand(true);
  append(stack_);

  // Locked: PIN keypad. Each key activates app.pin-digit with its digit.
  auto *locked = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::VERTICAL);
  locked->set_spacing(16);
  locked->set_valign(Gtk::Align::CENTER);
  locked->append(pin_label_);
  pin_label_.add_css_class("medium");
  locked->append(pin_dots_);
  pin_dots_.add_css_class("large");
  auto *pad = Gtk::make_managed<Gtk::Grid>();
  pad->set_row_spacing(12);
  pad->set_column_spacing(12);
  pad->set_halign(Gtk::Align::CENTER);
  const char *keys[] = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "C", "0", "OK"};
  for (int i = 0; i < 12; ++i) {
    auto *k = Gtk::make_managed<Gtk::Button>(keys[i]);
    k->add_css_class("key");
    if (std::string(keys[i]) == "C") k->set_action_name("app.pin-clear");
    else if (std::string(keys[i]) == "OK") k->set_action_name("app.pin-enter");
    else {
      k->set_action_name("app.pin-digit");
      k->set_action_target_value(Glib::Variant<Glib::ustring>::create(keys[i]));
    }
    pad->attach(*k, i % 3, i / 3);
  }
  locked->append(*pad);
  stack_.add(*locked, "locked");

  // Unlocked.
  auto *open = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::VERTICAL);
  open->set_spacing(12);
  for (auto *l : {&queue_, &health_, &message_}) {
    l->set_xalign(0);
    l->set_wrap(true);
    l->add_css_class("panel-text");
  }
  message_.add_css_class("note");
  open->append(queue_);
  open->append(reason_title_);
  reason_title_.set_xalign(0);
  open->append(presets_);
  open->append(reason_entry_);
  reason_entry_.signal_changed().connect([this] {
    if (touched_) touched_();
  });
  presets_.property_selected().signal_changed().connect([this] {
    if (touched_) touched_();
  });
  auto *row1 = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::HORIZONTAL);
  auto *row15 = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::HORIZONTAL);
  auto *row2 = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::HORIZONTAL);
  for (auto *r : {row1, row15, row2}) {
    r->set_spacing(12);
    r->set_homogeneous(true);
    open->append(*r);
  }
  struct B {
    Gtk::Button *b;
    const char *action;
    Gtk::Box *row;
  };
  for (auto [b, action, row] : {B{&override_, "app.sv-override", row1}, B{&retake_, "app.sv-force-retake", row1},
                                B{&skip_, "app.sv-skip", row15}, B{&void_, "app.sv-void-last", row15}, B{&pause_, "app.sv-pause", row2},
                                B{&resume_, "app.sv-resume", row2}, B{&export_, "app.sv-export", row2}}) {
    b->set_action_name(action);
    const std::string name(action);
    if (name == "app.sv-override" || name == "app.sv-skip" || name == "app.sv-force-retake" || name == "app.sv-void-last")
      b->set_action_target_value(Glib::Variant<Glib::ustring>::create(""));
    b->add_css_class("panel-button");
    row->append(*b);
  }
  open->append(message_);
  open->append(attempts_title_);
  attempts_title_.set_xalign(0);
  attempts_title_.add_css_class("medium");
  attempts_.set_max_children_per_line(4);
  attempts_.set_selection_mode(Gtk::SelectionMode::NONE);
  open->append(attempts_);
  open->append(health_);
  // The panel must fit a portrait screen: scroll vertically, never widen the window.
  auto *scroll = Gtk::make_managed<Gtk::ScrolledWindow>();
  scroll->set_policy(Gtk::PolicyType::NEVER, Gtk::PolicyType::AUTOMATIC);
  scroll->set_child(*open);
  stack_.add(*scroll, "open");
}

std::string SupervisorPanel::reason(Lang lang) const {
  std::string typed = reason_entry_.get_text();
  if (!typed.empty()) return typed;
  const auto i = presets_.get_selected();
  if (i == 0 || i >= std::size(kPresets)) return {};
  return lang == Lang::En ? kPresets[i].en : kPresets[i].zh;
}

void SupervisorPanel::clear_reason() {
  reason_entry_.set_text("");
  presets_.set_selected(0);
}

void SupervisorPanel::refresh(const Booth &booth, Lang lang, const Health &health, bool unlocked, std::size_t pin_digits,
                              const std::string &message, const PanelData &data) {
  auto t = [lang](const char *key) { return std::string(tr(lang, key)); };
  title_.set_text(t("sv.title"));
  if (!presets_lang_ || *presets_lang_ != lang) {
    presets_lang_ = lang;
    auto strings = Gtk::StringList::create({});
    for (const auto &p : kPresets) strings->append(lang == Lang::En ? p.en : p.zh);
    presets_.set_model(strings);
  }
  close_.set_label(t("sv.close"));
  std::string dots;
  for (std::size_t i = 0; i < pin_digits; ++i) dots += "●";
  pin_dots_.set_text(dots.empty() ? "····" : dots);
  stack_.set_visible_child(unlocked ? "open" : "locked");
  // Locked: the keypad page has its own line for what the lock said (wrong PIN, lockout).
  pin_label_.set_text(message.empty() ? t("sv.pin") : t("sv.pin") + "\n" + message);
  if (!unlocked) return;
  const auto &v = booth.view();
  std::string q;
  // The roster's progress first: what the photographer tells the students waiting outside.
  if (const auto &qv = data.queue)
    q = t("sv.q_done") + " " + std::to_string(qv->done) + "/" + std::to_string(qv->roster) + " · " + t("sv.q_hour") + " " +
        std::to_string(qv->last_hour) + " · " + t("sv.q_eta") + " " +
        (qv->eta_min ? fill(t("sv.q_minutes"), std::to_string(*qv->eta_min)) : t("sv.q_no_rate")) + " · " + t("sv.q_left") + " " +
        std::to_string(qv->left_without_number) + "\n";
  q += t("sv.queue") + ": ";
  if (v.student_name.empty()) q += t("sv.none");
  else q += v.student_name + "  " + v.masked_id + "  " + v.student_number + "  " + v.level;
  // The screen the student sees, in the panel's language (the workflow's state names are
  // English identifiers for logs and D-Bus, not words for the photographer).
  q += "\n" + std::string(screen_label(lang, booth.screen()));
  if (v.supervisor != SupervisorReason::None) q += "\n" + t("sv.waiting") + t(reason_key(v.supervisor));
  if (v.number) q += "\n№ " + v.number->text();
  if (const auto *card = booth.card(); card && !card->card_type.empty() && card->card_type != "resident")
    q += "\n" + std::string(tr(lang, "card." + card->card_type));
  if (const auto *card = booth.card(); card && !card->warnings.empty()) {
    q += "\n" + t("sv.card_warnings");
    for (const auto &w : card->warnings) q += "\n  ⚠ " + warning_text(lang, w);
  }
  queue_.set_text(q);
  reason_title_.set_text(t("sv.reason"));
  override_.set_label(t("sv.override"));
  retake_.set_label(t("sv.force_retake"));
  skip_.set_label(t("sv.skip"));
  void_.set_label(t("sv.void"));
  pause_.set_label(t("sv.pause"));
  resume_.set_label(t("sv.resume"));
  export_.set_label(t("sv.export"));
  message_.set_text(message);
  attempts_title_.set_text(t("sv.attempts"));

  std::string h = t("sv.health") + "\n";
  h += t("sv.camera") + ": " + (health.camera_ok ? health.camera_model : ui::pick(lang, health.camera_error));
  if (health.camera_battery >= 0) h += "  " + t("sv.battery") + " " + std::to_string(health.camera_battery) + "%";
  h += "\n" + t("sv.reader") + ": " + (health.reader_ok ? health.reader_name : ui::pick(lang, health.reader_error));
  h += "\n" + t("sv.disk") + ": " + human_bytes(health.free_disk_bytes);
  h += "\n" + t("sv.numbers") + ": " + std::to_string(data.counts.numbers_left);
  const auto &c = data.counts;
  h += "\n" + t("sv.count_numbered") + " " + std::to_string(c.accepted) + "   " + t("sv.count_attempts") + " " +
      std::to_string(c.attempts) + "   " + t("sv.count_voided") + " " + std::to_string(c.voided) + "   " + t("sv.count_skipped") + " " +
      std::to_string(c.skips);
  if (data.last_number) h += "\n" + t("sv.last_number") + ": " + data.last_number->text();
  health_.set_text(h);
  refresh_attempts(data, lang);
}

void SupervisorPanel::refresh_attempts(const PanelData &data, Lang lang) {
  std::string key;
  for (const auto &v : data.attempts) key += std::to_string(v.attempt.id) + ":" + std::to_string(static_cast<int>(v.attempt.status)) + ",";
  key += std::string(lang_code(lang));
  if (key == attempts_key_) return;  // nothing new: keep the decoded thumbnails
  attempts_key_ = key;
  while (auto *child = attempts_.get_child_at_index(0)) attempts_.remove(*child);
  std::map<long long, Glib::RefPtr<Gdk::Texture>> shown;
  for (const auto &v : data.attempts) {
    const auto &a = v.attempt;
    auto *cell = Gtk::make_managed<Gtk::Box>(Gtk::Orientation::VERTICAL);
    Glib::RefPtr<Gdk::Texture> tex;
    if (auto it = thumbs_.find(a.id); it != thumbs_.end()) tex = it->second;
    if (!tex && !v.photo.empty()) {
      try {
        // Decoded straight to 150 px (libjpeg scales while decoding): ~90 KB, not 4.9 MB.
        tex = Gdk::Texture::create_for_pixbuf(Gdk::Pixbuf::create_from_file(v.photo.string(), 150, 150, true));
      } catch (const Glib::Error &) {}
    }
    shown[a.id] = tex;
    auto *pic = Gtk::make_managed<Gtk::Image>();
    pic->set_pixel_size(150);  // thumbnails: the photo fits a 150 px square
    if (tex) pic->set(tex);
    cell->append(*pic);
    std::string verdict(a.pass ? tr(lang, "sv.pass") : tr(lang, "sv.fail"));
    if (a.number) verdict += " №" + a.number->text();
    auto *label = Gtk::make_managed<Gtk::Label>(a.name + "\n" + verdict + (a.reason_zh.empty() ? "" : "\n" + a.reason_zh));
    label->set_wrap(true);
    label->set_max_width_chars(14);
    label->add_css_class(a.pass ? "good" : "bad");
    cell->append(*label);
    attempts_.append(*cell);
  }
  thumbs_ = std::move(shown);  // attempts no longer on show let their thumbnails go
}

}  // namespace gradbooth::ui
