#include "supervisor_actions.h"

#include "supervisor_panel.h"

#include "core/id_number.h"
#include "core/journal.h"

#include <chrono>
#include <cstdio>
#include <sstream>

namespace gradbooth::ui {

namespace {

using Steady = std::chrono::steady_clock;
using Wall = std::chrono::system_clock;

// On its own monitor the panel never hides: closing it only locks it.
void show_panel(AppContext &ctx, bool on) {
  if (ctx.panel_window) {
    if (!on) {
      ctx.lock->show(false);
      ctx.said.clear();
      ctx.panel->clear_reason();
    }
    on = true;
  }
  ctx.panel_visible = on;
  ctx.lock->show(on);
  if (!on) {
    ctx.said.clear();
    ctx.panel->clear_reason();
  }
}

void pin_digit(AppContext &ctx, const std::string &d) {
  const auto a = ctx.lock->digit(d, Wall::now(), Steady::now());
  if (!a.ok) ctx.said.say(a);
  else if (ctx.said.status.starts_with("lock.")) ctx.said.clear();
}

void pin_enter(AppContext &ctx) {
  const auto a = ctx.lock->enter(Wall::now(), Steady::now());
  ctx.said.say(a);
  namespace jl = core::journal;
  const bool out = a.code == "lock.locked_out";
  jl::send({.event = a.ok                ? "panel_unlocked"
                : out                    ? "pin_lockout"
                : a.code == "lock.wrong" ? "pin_wrong"
                                         : "pin_refused",
            .priority = a.ok ? jl::Priority::Notice : jl::Priority::Warning,
            .message = a.ok ? "supervisor panel unlocked" : a.text_en,
            .batch = ctx.cfg.booth.batch,
            .masked_id = {},
            .number = {},
            .reason = a.code,
            .fields = {{"failures", std::to_string(ctx.lock->failures())},
                       {"lockout_s", std::to_string(ctx.lock->lockout_left_s(Wall::now()))}}});
  if (!ctx.lock->state_error().empty())
    std::fprintf(stderr, "gradbooth: cannot keep the PIN lockout: %s\n", ctx.lock->state_error().c_str());
}

// The reason comes with the call, or (the panel's buttons send "") from the panel's field.
std::string reason(const ActionHost &h, const std::string &given) { return given.empty() ? h.ctx.panel->reason(h.ctx.lang) : given; }

void decided(ActionHost &h, const core::DecisionOutcome &o) {
  h.ctx.said.say(o);
  if (o.applied()) h.ctx.panel->clear_reason();
}

// "name|gender|id[|warning zh|warning en]" from the test port: a card without a reader.
idcard::CardIdentity fake_card(const std::string &s) {
  std::string name, gender, id;
  Bilingual warning;
  std::stringstream in(s);
  std::getline(in, name, '|');
  std::getline(in, gender, '|');
  std::getline(in, id, '|');
  std::getline(in, warning.zh, '|');
  std::getline(in, warning.en, '|');
  idcard::CardIdentity card;
  card.name.chinese = name;
  card.id_number = id;
  card.gender = core::parse_gender(gender) == core::Gender::Female ? idcard::Gender::Female : idcard::Gender::Male;
  if (!warning.empty()) card.warnings.push_back(warning);
  return card;
}

using H = ActionHost;
using Arg = const std::string &;

constexpr ActionEntry kActions[] = {
    // Student.
    {"identity-confirm", false, Access::Anyone, [](H &h, Arg) { h.ctx.booth->confirm_identity(); }},
    {"identity-reject", false, Access::Anyone, [](H &h, Arg) { h.ctx.booth->reject_identity(); }},
    {"shoot", false, Access::Anyone, [](H &h, Arg) { h.ctx.booth->shoot(); }},
    {"accept", false, Access::Anyone, [](H &h, Arg) { h.ctx.booth->accept(); }},
    {"retake", false, Access::Anyone, [](H &h, Arg) { h.ctx.booth->retake(); }},
    {"lang-toggle", false, Access::Anyone, [](H &h, Arg) { h.ctx.lang = h.ctx.lang == Lang::Zh ? Lang::En : Lang::Zh; }},
    {"set-lang", true, Access::Anyone, [](H &h, Arg l) { h.ctx.lang = parse_lang(l); }},
    // Supervisor: the panel opens on a PIN typed on its keypad, one digit per press, while the
    // panel is open. Nothing takes a whole PIN in one call.
    {"supervisor-open", false, Access::Anyone, [](H &h, Arg) { show_panel(h.ctx, true); }},
    {"supervisor-close", false, Access::Anyone, [](H &h, Arg) { show_panel(h.ctx, false); }},
    {"pin-digit", true, Access::Anyone, [](H &h, Arg d) { pin_digit(h.ctx, d); }},
    {"pin-clear", false, Access::Anyone, [](H &h, Arg) { h.ctx.lock->clear(); }},
    {"pin-enter", false, Access::Anyone, [](H &h, Arg) { pin_enter(h.ctx); }},
    {"sv-override", true, Access::Supervisor, [](H &h, Arg r) { decided(h, h.ctx.booth->override_accept("supervisor", reason(h, r))); }},
    {"sv-skip", true, Access::Supervisor, [](H &h, Arg r) { decided(h, h.ctx.booth->skip_student("supervisor", reason(h, r))); }},
    {"sv-force-retake", true, Access::Supervisor, [](H &h, Arg r) { decided(h, h.ctx.booth->force_retake("supervisor", reason(h, r))); }},
    {"sv-void-last", true, Access::Supervisor, [](H &h, Arg r) { decided(h, h.ctx.booth->void_last("supervisor", reason(h, r))); }},
    {"sv-pause", false, Access::Supervisor, [](H &h, Arg) { h.ctx.said.say(h.ctx.booth->pause()); }},
    {"sv-resume", false, Access::Supervisor, [](H &h, Arg) { h.ctx.said.say(h.ctx.booth->resume()); }},
    {"sv-export", false, Access::Supervisor, [](H &h, Arg) { h.exports.start(); }},
    // Test port: a card without a reader (tests of the UI alone, and the demo's fallback).
    {"test-card", true, Access::TestPort, [](H &h, Arg s) { h.devices.card_placed(fake_card(s)); }},
    {"test-card-removed", false, Access::TestPort, [](H &h, Arg) { h.devices.card_removed(); }},
};

// Runs one action as its row says, then redraws.
void activate(ActionHost &host, const ActionEntry &a, const std::string &arg) {
  AppContext &ctx = host.ctx;
  if (a.access == Access::Supervisor) {
    if (!ctx.panel_open()) {
      ctx.said.say_key("sv.pin", "lock.locked");
      ctx.refresh();
      return;
    }
    ctx.lock->touch(Steady::now());
  }
  a.run(host, arg);
  ctx.refresh();
}

}  // namespace

void install_actions(Gtk::Application &app, ActionHost &host) {
  for (const ActionEntry &a : kActions) {
    if (a.access == Access::TestPort && !host.ctx.opts.test_port) continue;
    if (a.takes_text)
      app.add_action_with_parameter(a.name, Glib::VARIANT_TYPE_STRING, [&host, &a](const Glib::VariantBase &v) {
        activate(host, a, Glib::VariantBase::cast_dynamic<Glib::Variant<Glib::ustring>>(v).get());
      });
    else app.add_action(a.name, [&host, &a] { activate(host, a, {}); });
  }
}

bool lock_when_idle(AppContext &ctx) {
  if (!ctx.lock->tick(Steady::now())) return false;
  ctx.said.say_key("sv.locked_itself", "lock.idle");
  core::journal::send({.event = "panel_locked",
                       .priority = core::journal::Priority::Info,
                       .message = "the supervisor panel locked itself after a minute untouched",
                       .batch = ctx.cfg.booth.batch,
                       .masked_id = {},
                       .number = {},
                       .reason = "idle",
                       .fields = {}});
  return true;
}

}  // namespace gradbooth::ui
