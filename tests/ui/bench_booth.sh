#!/usr/bin/env bash
# Timing of the real booth (not a test): start → ready, live view frame rate with the guidance
# overlay and the main loop's frame times, countdown end → review, card → number.
#   tests/ui/bench_booth.sh BUILD_DIR [SECONDS_OF_LIVE_VIEW]
# Runs under Xvfb with real libgphoto2 and the PTP/IP camera emulator (live view at the camera's
# 25 fps cap; captures are the booth subjects, students who sit as asked) and a test-port card,
# drives three students, and prints the daemon's timing log.
set -uo pipefail
if [ -z "${RIG_IN_DBUS:-}" ]; then RIG_IN_DBUS=1 exec dbus-run-session -- bash "$0" "$@"; fi
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../support/booth_rig.sh"
. "$here/../support/subjects_rig.sh"
export RIG_HEADLESS=1 RIG_APP_ID=org.gradbooth.BoothBench RIG_BATCH=bench
rig_init "$1" "$(mktemp -d /tmp/gradbooth-bench.XXXXXX)"
live_s="${2:-20}"
rig_display || exit 1
rig_subjects booth_01829 booth_04035 || exit $?
rig_camera --captures "$RIG_SUBJECT_CAPTURES" || exit 1
rig_booth --card-transport none --test-port || exit 1
ids=(张伟\|男\|370303200003151214 王芳\|女\|370303199907212408 李娜\|女\|37030320011102356X)
for i in 0 1 2; do
  act test-card "${ids[$i]}"
  wait_screen identity 20 || exit 1
  act identity-confirm
  wait_screen live 10 || exit 1
  # First student: a long look at the live view for the frame-rate figures.
  [ "$i" = 0 ] && sleep "$live_s"
  act shoot
  wait_screen review 60 || exit 1
  rig_unlock 2468 || exit 1
  if [ "$(field pass)" = 1 ]; then act accept; else act sv-override "bench"; fi
  act supervisor-close
  wait_screen done 10 || exit 1
  act test-card-removed
  wait_screen welcome 10 || exit 1
done
rig_booth_stop
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg)"
cat "$RIG_WORK/perf.log"
rig_cleanup
rm -rf "$RIG_WORK"
