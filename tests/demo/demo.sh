#!/usr/bin/env bash
# The booth demo: `./gradbooth.sh demo` (→ tests/demo/demo.sh BUILD_DIR).
# The real gradbooth daemon against the emulators: pcscd + vpcd + the card emulator offering
# the example roster's students one after another, and the PTP/IP camera emulator through
# libgphoto2, showing and shooting booth subjects (FGNet frames prepared as a student who sits the
# way the booth asks: tests/data/make_subjects), so each student passes on their own.
#   With a display ($DISPLAY set): opens the booth and lets you use it (Ctrl+C to stop).
#   Without one (or GRADBOOTH_DEMO_HEADLESS=1): runs under Xvfb, drives a few students through
#   the whole flow over D-Bus, and leaves screenshots and an export package, printing where.
# Options (environment): GRADBOOTH_DEMO_DIR (default BUILD_DIR/demo), GRADBOOTH_DEMO_STUDENTS (3).
set -uo pipefail
[ $# -ge 1 ] || { echo "usage: $0 BUILD_DIR" >&2; exit 2; }
if [ -z "${RIG_IN_DBUS:-}" ]; then
  RIG_IN_DBUS=1 exec dbus-run-session -- bash "$0" "$@"
fi
build="$(cd "$1" && pwd)"
src="$(cd "$(dirname "$0")/../.." && pwd)"
export GRADBOOTH_SOURCE_ROOT="$src"
. "$src/tests/support/booth_rig.sh"
. "$src/tests/support/subjects_rig.sh"
work="${GRADBOOTH_DEMO_DIR:-$build/demo}"
rm -rf "$work"
[ -z "${DISPLAY:-}" ] || [ -n "${GRADBOOTH_DEMO_HEADLESS:-}" ] && export RIG_HEADLESS=1
RIG_BATCH="demo-$(date +%Y%m%d-%H%M%S)"
export RIG_BATCH
rig_init "$build" "$work"
# The EXIT trap (rig_init) stops everything the rig started, on failure too.
die() {
  echo "demo: $*" >&2
  echo "booth log: $RIG_WORK/booth.log" >&2
  echo "screenshots so far: $RIG_SHOTS" >&2
  exit 1
}

rig_display || die "no display and no Xvfb"
rig_subjects booth_01829 booth_04035 || die "booth subjects (run ./gradbooth.sh build)"
rig_camera --captures "$RIG_SUBJECT_CAPTURES" ${GRADBOOTH_DEMO_CAMERA:+--vendor "$GRADBOOTH_DEMO_CAMERA"} || die "camera emulator"
rig_pcsc || die "pcscd with vpcd"

if [ -z "${RIG_HEADLESS:-}" ]; then
  # Interactive: each student's card stays on the reader for a minute, then the next one comes.
  rig_card_cycle --present-ms 60000 --absent-ms 3000
  rig_booth --windowed || die "the booth did not start"
  echo "gradbooth demo: the booth is open on $DISPLAY (supervisor PIN 2468). Ctrl+C stops it."
  wait "$RIG_BOOTH_PID"
  exit 0
fi

rig_booth || die "the booth did not start"
students="${GRADBOOTH_DEMO_STUDENTS:-3}"
t_all=$(date +%s.%N)
for i in $(seq 0 $((students - 1))); do
  t0=$(date +%s.%N)
  rig_card "$i"
  wait_screen identity 20 || die "student $i: no identity screen"
  shot "s$i-1-identity"
  act identity-confirm
  wait_screen live 10 || die "student $i: no live view"
  sleep 1.5   # the student follows the hint for a moment
  shot "s$i-2-live"
  act shoot
  wait_screen countdown 5 || die "student $i: no countdown"
  shot "s$i-3-countdown"
  wait_screen review 30 || die "student $i: no review"
  shot "s$i-4-review"
  # A student who sits as asked passes every check and takes the number themself: no override.
  [ "$(field pass)" = 1 ] || die "student $i: the photo failed the checks (see the review screenshot s$i-4-review)"
  act accept
  wait_screen done 10 || die "student $i: no number"
  shot "s$i-6-done"
  rig_log "student $i: number $(field number) in $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
  rig_card_remove
  wait_screen welcome 10 || die "student $i: no welcome after the card left"
done
rig_log "$students students in $(awk -v a="$t_all" -v b="$(date +%s.%N)" 'BEGIN{printf "%.1f", b-a}') s"
shot "welcome-end"

rig_unlock 2468 || die "the PIN did not open the panel"
act sv-export
for _ in $(seq 600); do m="$(field message)"; [ -n "$m" ] && [ "$m" != "正在导出…" ] && break; sleep 0.1; done
rig_log "export: $(field message)"
shot "supervisor-export"
act supervisor-close
rig_booth_stop || true
export_dir="$(ls -d "$RIG_DATA/$RIG_BATCH/exports/"*/ 2>/dev/null | tail -1)"
export_dir="${export_dir%/}"
export_zip="$(ls "$RIG_DATA/$RIG_BATCH/exports/"*.zip 2>/dev/null | tail -1)"
rig_cleanup
# The batch as one HTML page: charts, contact sheet, who is still missing.
report="$RIG_WORK/report.html"
"$build/kiosk/admin/gradbooth-admin" report --batch "$RIG_BATCH" --data-dir "$RIG_DATA" \
  --config "$src/config/gradbooth.toml" --out "$report" >/dev/null 2>>"$RIG_WORK/report.log" || report=""
# The report as an office PC shows it: headless Chromium's screenshot beside it.
report_png=""
if [ -n "$report" ] && command -v chromium >/dev/null; then
  report_png="${report%.html}.png"
  timeout 60 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$(mktemp -d)" \
    --window-size=1280,1800 --screenshot="$report_png" "file://$report" >/dev/null 2>&1 || report_png=""
fi
echo
echo "gradbooth demo done."
echo "  screenshots:    $RIG_SHOTS"
echo "  export package: ${export_dir:-(export failed: see $RIG_WORK/booth.log)}"
[ -n "$export_zip" ] && echo "                  $export_zip"
echo "  batch data:     $RIG_DATA/$RIG_BATCH"
echo "  batch report:   ${report:-(report failed: see $RIG_WORK/report.log)}"
[ -n "$report_png" ] && echo "                  $report_png (headless Chromium)"
echo "  timings:        $RIG_WORK/perf.log"
cat "$RIG_WORK/perf.log" 2>/dev/null | sed 's/^/    /'
[ -n "$export_dir" ]
