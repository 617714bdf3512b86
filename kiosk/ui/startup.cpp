#include "app_context.h"

#include "core/cli_support.h"
#include "core/roster.h"

#include <cstdio>

namespace gradbooth::ui {

Status open_booth(AppContext &ctx) {
  const AppOptions &o = ctx.opts;
  auto cfg = core::load_config_auto(o.config);
  if (!cfg) return cfg.error();
  ctx.cfg = std::move(*cfg);
  core::Config &c = ctx.cfg;
  if (o.data_dir) c.booth.data_dir = *o.data_dir;
  if (!o.batch.empty()) c.booth.batch = o.batch;
  if (!o.camera_port.empty()) c.camera.port = o.camera_port;
  if (!o.card_transport.empty()) c.card.kind = o.card_transport;
  ctx.lang = parse_lang(o.lang.empty() ? c.ui.language : o.lang);

  // Opening the same batch after a crash is the recovery: the store repairs half-written
  // files and every accepted number is still there.
  auto store = core::Store::open(core::cli::store_options(c));
  if (!store) return store.error();
  ctx.store.emplace(std::move(*store));
  for (const auto &line : ctx.store->recovery_log()) std::fprintf(stderr, "gradbooth: recovered: %s\n", line.c_str());

  // The panel's lock; its lockout lives beside the batches so a restart does not lift it.
  core::LockOptions lo;
  lo.pin = c.booth.supervisor_pin;
  lo.pin_hash = c.booth.supervisor_pin_hash;
  lo.state_file = c.booth.data_dir / ".supervisor-lock";
  lo.backoff = std::chrono::seconds(o.pin_backoff_s);
  lo.idle_lock = std::chrono::seconds(o.panel_lock_s);
  ctx.lock = std::make_unique<core::SupervisorLock>(lo);

  if (!o.roster.empty()) {
    auto parsed = core::parse_roster_file(o.roster, c.roster);
    if (!parsed) return parsed.error();
    auto summary = ctx.store->import_roster(parsed->entries);
    if (!summary) return summary.error();
    std::fprintf(stderr, "gradbooth: roster %s: %d new, %d updated, %d unchanged\n", o.roster.c_str(), summary->inserted, summary->updated,
                 summary->unchanged);
  }
  return {};
}

}  // namespace gradbooth::ui
