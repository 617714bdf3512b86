#!/usr/bin/env bash
# The real booth under Xvfb with the real card path (pcscd + vpcd + card emulator) and the
# PTP/IP camera emulator through libgphoto2, driven over D-Bus like a finger on the screen,
# one student per step (the camera hands out booth subjects in turn; the
# captures are booth subjects, tests/data/make_subjects: booth_01829 passes every check,
# booth_04117 laughs, booth_02683 turns the head):
#   1. a student who sits as asked passes first time and takes the number alone
#      (welcome → identity → live → countdown → review → done), no supervisor
#   1b. a laugh, a retake that passes: the student takes the number alone
#   2. a retake, the review in English, then skipped by the supervisor; 2b. "not me"
#   3. a roster mismatch stopped and resolved by the supervisor (PIN typed digit by digit, override)
#   4. the camera unplugged mid-session: fault screen; camera back, the same student carries on to
#      a photo and a number without a second identity decision (the visit survives the fault)
#   5. SIGKILL on the review screen: restarted into the same batch, no number lost or reused; the
#      photo (a turned head) fails and the supervisor accepts it with a reason
# and the systemd notify protocol (READY=1, a WATCHDOG=1 ping within every watchdog interval,
# STOPPING=1) on a test socket. Every D-Bus call's result is checked; every step waits for the one
# screen it expects; every screenshot passes a content check (not blank, text, the screen's colour).
# Skips (77) when Xvfb, pcscd/vpcd, sqlite3, the emulators or the test video are absent.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../support/booth_rig.sh"
. "$here/../support/subjects_rig.sh"
RIG_VPCD_PORT=30973
export RIG_VPCD_PORT
rig_test_init flow flowtest org.gradbooth.BoothTest sqlite3  # sqlite3: the records on file are checked
build="$RIG_BUILD" work="$RIG_WORK"
step() { rig_log "== $*"; }
snap() { shot "$1"; check_shot "$1" "${2:-}" || fail "screenshot $1"; }
PIN=2468

# A student from the identity screen to the review of one shot.
shoot_to_review() {
  expect live 10 "no live view"
  must shoot
  expect countdown 5 "no countdown"
  expect review 30 "no review after the capture"
}
# The photo under review numbered: the student accepts a passing photo; a failing one the
# photographer accepts with a reason. Echoes nothing; the number is $(field number).
number_it() {
  if [ "$(field pass)" = 1 ]; then
    [ "$(field accept_enabled)" = 1 ] || fail "passing photo but accept disabled"
    must accept
  else
    [ "$(field accept_enabled)" = 0 ] || fail "failed photo but accept enabled"
    rig_unlock "$PIN" || fail "unlock"
    must sv-override "照片经人工检查合格"
    [ "$(field outcome)" = applied ] || fail "override of a failed photo not applied"
    must supervisor-close
  fi
  expect done 10 "no number"
}

rig_display || exit $?
rig_subjects booth_01829 || exit $?   # the live view: a student who sits as asked
# The camera hands out its captures in turn: steps 1, 1b and 2 shoot these five in this order
# (one emulator, so the booth never has to notice a camera swap between students).
shots_1_to_2="$(rig_capture_dir booth_01829 booth_04117 booth_01829 booth_02683 booth_04117)" || exit $?
# From step 4 on (the camera is unplugged and comes back): a turned head, every time.
shots_4_on="$(rig_capture_dir booth_02683)" || exit $?
rig_camera_source "$shots_1_to_2" || exit $?
rig_pcsc || exit $?
# The card emulator's roster: the example roster, plus 张伟's card with a different name and
# expired (the mismatch case; the booth's roster says 张伟; the reader warns of the date).
card_roster="$RIG_WORK/cards.csv"
sed '1s/$/,有效期至/' "$RIG_ROSTER" > "$card_roster"
grep '370303200003151214' "$RIG_ROSTER" | sed 's/张伟/张玮/; s/$/,20200101/' >> "$card_roster"
mismatch_row=$(($(wc -l < "$card_roster") - 2))
rig_notify_socket
rig_booth || fail "booth did not start"
RIG_ROSTER_EXAMPLE="$RIG_ROSTER"
RIG_ROSTER="$card_roster"  # from now on the card emulator plays this file

step "1. a student who sits as asked passes first time and takes the number alone (王芳)"
rig_camera_source "$shots_1_to_2" || fail "camera source"
expect welcome 30 "no welcome"
snap 01-welcome
# The locked panel over the welcome screen: compared below with the same panel over the review.
must supervisor-open
[ "$(field panel)" = locked ] || fail "the panel opened without a PIN"
snap 01b-panel-welcome
must supervisor-close
rig_card 1
expect identity 20 "card read did not show the identity screen"
[ "$(field state)" = LiveView ] || fail "workflow not in LiveView behind the identity screen"
must shoot   # not before "this is me"
sleep 0.3
[ "$(screen)" = identity ] || fail "shoot went through before the student confirmed"
snap 02-identity
must identity-confirm
expect live 10 "no live view"
sleep 2
snap 03-live blue
must shoot
expect countdown 5 "no countdown"
snap 04-countdown blue
expect review 30 "no review after the capture"
snap 05-review blue
# The panel is opaque and covers the whole window: the locked panel looks the same whatever
# screen is behind it (a see-through panel shows the review's photo and text through it).
must supervisor-open
snap 05b-panel-review
must supervisor-close
panel_diff="$(compare -metric AE "$RIG_SHOTS/01b-panel-welcome.png" "$RIG_SHOTS/05b-panel-review.png" null: 2>&1)"
rig_log "locked panel over welcome vs over review: $panel_diff pixels differ"
[ "${panel_diff%% *}" -lt 50 ] 2>/dev/null || fail "the booth screen shows through the supervisor panel ($panel_diff pixels differ)"
[ "$(field pass)" = 1 ] || fail "the photo of a student who sits as asked failed the checks"
[ "$(field accept_enabled)" = 1 ] || fail "passing photo but accept disabled"
must accept
expect done 10 "the student's own accept gave no number"
[ "$(sql "SELECT COUNT(*) FROM overrides")" = 0 ] || fail "a supervisor decision is on file for a student who passed alone"
number="$(field number)"
[[ "$number" =~ ^[0-9]{4}$ ]] || fail "number '$number' is not 4 digits"
snap 06-done green
# Sound ([ui] sound = true in the shipped config): a tick for each of the 3 countdown seconds,
# the shutter at the capture, the chime at the number; asked of GSound (no sound card needed).
[ "$(field sounds)" = 5 ] || fail "sounds asked for one visit: '$(field sounds)', expected 3 ticks + shutter + chime = 5"
[ -f "$RIG_DATA/flowtest/photos/$number.jpg" ] || fail "photos/$number.jpg missing"
rig_card_remove
expect welcome 10 "card removed on the done screen did not return to welcome"

step "1b. a laugh, then a retake that passes: the student takes the number alone (row 5)"
rig_camera_source "$shots_1_to_2" || fail "camera source"
rig_card 5
expect identity 20 "no identity"
must identity-confirm
shoot_to_review
[ "$(field pass)" = 0 ] || fail "a laughing student's photo passed"
[ "$(field accept_enabled)" = 0 ] || fail "failed photo but accept enabled"
# A failed photo: accept stays disabled for the student; a D-Bus activation gets nowhere either.
must accept
sleep 0.3
[ "$(screen)" = review ] || fail "accept went through on a failed photo"
snap 05c-review-failed blue
must retake
shoot_to_review
[ "$(field attempts)" = 2 ] || fail "attempts after the retake: $(field attempts)"
[ "$(field pass)" = 1 ] || fail "the retake of a student who sits as asked failed the checks"
must accept
expect done 10 "the retake's accept gave no number"
number1b="$(field number)"
[ "$number1b" = "$(printf '%04d' $((10#$number + 1)))" ] || fail "the retake's number is $number1b, expected the one after $number"
[ "$(sql "SELECT COUNT(*) FROM overrides")" = 0 ] || fail "a supervisor decision is on file after a retake that passed"
number="$number1b"
rig_card_remove
expect welcome 10 "no welcome"

step "2. retake, English, skipped by the supervisor (李娜)"
rig_camera_source "$shots_1_to_2" || fail "camera source"
rig_card 2
expect identity 20 "no identity"
must identity-confirm
shoot_to_review
must retake
expect live 10 "retake did not return to live view"
[ "$(field attempts)" = 1 ] || fail "attempts after one shot: $(field attempts)"
shoot_to_review
[ "$(field attempts)" = 2 ] || fail "attempts after the retake: $(field attempts)"
snap 07-review-retake blue
must set-lang en
for _ in $(seq 20); do [ "$(field lang)" = en ] && break; sleep 0.1; done
[ "$(field lang)" = en ] || fail "set-lang en did not switch the booth to English"
snap 08-review-en blue
must set-lang zh_CN
[ "$(field lang)" = zh_CN ] || fail "set-lang zh_CN did not switch back"
# Taking the card back mid-flow does not end the visit (students pick it up once read)…
rig_card_remove
sleep 1
[ "$(screen)" = review ] || fail "card taken back on the review screen lost the student"
# …the photographer sends this one away without a photo.
rig_unlock "$PIN" || fail "unlock"
must sv-skip "学生本人要求"
[ "$(field outcome)" = applied ] || fail "skip not applied"
must supervisor-close
expect welcome 10 "skip did not return to welcome"
[ "$(sql "SELECT COUNT(*) FROM overrides WHERE kind='skip' AND id_number='37030320011102356X' AND who='supervisor'")" = 1 ] \
  || fail "the skip is not on file"

step "2b. 'not me' on the identity screen (陈静)"
rig_card 4
expect identity 20 "no identity"
must identity-reject
expect welcome 10 "'not me' did not end the visit"
[ "$(field state)" = Idle ] || fail "'not me' left the workflow in $(field state)"
snap 08b-not-me
# On file as the card holder's own decision, not as a skip by nobody.
who="$(sql "SELECT who FROM overrides WHERE kind='skip' AND id_number='370303200201305800'")"
[ "$who" = "card holder" ] || fail "'not me' recorded as skipped by '$who'"
rig_card_remove

step "3. roster mismatch resolved by the supervisor (张玮 with 张伟's number)"
rig_card "$mismatch_row"
expect wait 20 "mismatch did not stop the flow"
[ "$(field supervisor)" = name_mismatch ] || fail "supervisor reason '$(field supervisor)', expected name_mismatch"
[ "$(field card_warnings)" -ge 1 ] 2>/dev/null || fail "the expired card's warning did not reach the booth"
snap 09-mismatch-wait
must supervisor-open
for d in 1 1 1 1; do must pin-digit "$d"; done
must pin-enter
[ "$(field panel)" = locked ] || fail "a wrong PIN opened the panel"
[ "$(field outcome)" = lock.wrong ] || fail "a wrong PIN said '$(field outcome)'"
rig_unlock "$PIN" || fail "the right PIN did not open the panel"
must sv-override ""   # the panel's reason is empty: refused by the workflow, and the panel says so
[ "$(field outcome)" = refused_state ] || fail "override without a reason: outcome '$(field outcome)'"
[ "$(field message)" = "请填写原因" ] || fail "override without a reason: message '$(field message)'"
[ "$(screen)" = wait ] || fail "override without a reason went through"
snap 10-supervisor
must sv-override "已人工核对身份证件"
[ "$(field outcome)" = applied ] || fail "override not applied: $(field message)"
must supervisor-close
# The photographer vouched for the student: straight to the live view, no identity screen.
expect live 10 "override did not release the student to the live view"
snap 11-after-override blue

step "4. camera unplugged mid-session: the same student carries on to a number"
rig_camera_stop
expect fault 30 "camera loss did not show the fault screen"
[ "$(field camera)" = down ] || fail "camera not reported down"
snap 12-fault
rig_camera --captures "$shots_4_on" || fail "camera did not restart"
RIG_CAM_SOURCE="$shots_4_on"
# Camera back: the visit survived the fault. The supervisor already decided the mismatch, so
# the booth does not ask again: the student is back on the live view.
expect live 30 "after the camera came back the student is not on the live view"
[ "$(field supervisor)" = none ] || fail "the supervisor was asked again after the fault ($(field supervisor))"
[ "$(field camera)" = ok ] || fail "camera not reported back"
snap 13-recovered blue
shoot_to_review
number_it
number4="$(field number)"
[ "$number4" = "$(printf '%04d' $((10#$number + 1)))" ] || fail "after the fault the number is $number4, expected the one after $number"
[ "$(sql "SELECT COUNT(*) FROM overrides WHERE kind='name_mismatch' AND id_number='370303200003151214'")" = 1 ] \
  || fail "the mismatch override is not on file exactly once"
snap 13b-done-after-fault green
rig_card_remove
expect welcome 10 "no welcome at the end"

step "5. crash mid-capture: restarted into the same batch, the supervisor numbers a failed photo (刘洋)"
rig_camera_source "$shots_4_on" || fail "camera source"
rig_card 3
expect identity 20 "no identity"
must identity-confirm
shoot_to_review
kill -KILL "$RIG_BOOTH_PID"; wait "$RIG_BOOTH_PID" 2>/dev/null; RIG_BOOTH_PID=
rig_log "gradbooth killed with SIGKILL on the review screen"
RIG_ROSTER="$RIG_ROSTER_EXAMPLE" rig_booth || fail "booth did not restart"
# A SAM reports a card once per placement: the student puts the card down again.
rig_card 3
expect identity 20 "restart did not pick the student up again"
must identity-confirm
shoot_to_review
[ "$(field pass)" = 0 ] || fail "a turned head passed the checks"
number_it   # the supervisor: PIN, override with a reason
[ "$(sql "SELECT COUNT(*) FROM overrides WHERE kind='accept_failed' AND id_number='370303199805094711'")" -ge 1 ] \
  || fail "the override of the failed photo is not on file"
[ "$(field number)" = "$(printf '%04d' $((10#$number4 + 1)))" ] || fail "after the crash the number is $(field number), expected the one after $number4"
[ -f "$RIG_DATA/flowtest/photos/$number.jpg" ] || fail "the first student's photo is gone after the crash"
[ -f "$RIG_DATA/flowtest/photos/$number4.jpg" ] || fail "the fault student's photo is gone after the crash"
rig_card_remove
expect welcome 10 "no welcome"

step "6. the panel's queue view and the export's progress"
# Numbered: 王芳, row 5, 张伟 (after the mismatch), 刘洋; left without a number: 李娜 (skipped)
# and 陈静 ("not me"). All numbered within the last hour: the rate is 4 an hour.
roster_size="$(sql "SELECT COUNT(*) FROM roster")"
[ "$(sql "SELECT COUNT(*) FROM photos WHERE voided_at IS NULL")" = 4 ] || fail "expected 4 live numbers on file"
eta=$(( ((roster_size - 4) * 60 + 3) / 4 ))
want="queue=4/$roster_size;last_hour=4;eta_min=$eta;left=2"
got=""
for _ in $(seq 40); do
  got="queue=$(field queue);last_hour=$(field last_hour);eta_min=$(field eta_min);left=$(field left)"
  [ "$got" = "$want" ] && break; sleep 0.1
done
[ "$got" = "$want" ] || fail "queue view: '$got', expected '$want'"
rig_unlock "$PIN" || fail "unlock"
snap 14-panel-queue
must sv-export
for _ in $(seq 300); do [ "$(field outcome)" = export.done ] && break; sleep 0.1; done
[ "$(field outcome)" = export.done ] || fail "the panel's export did not finish: $(field message)"
# The admin's step lines reached the panel as they came: the last one counts every photo.
[ "$(field export_progress)" = 4/4 ] || fail "export progress '$(field export_progress)', expected 4/4"
must supervisor-close

step "clean shutdown on SIGTERM"
rig_booth_stop || fail "gradbooth exited non-zero on SIGTERM"
grep -q 'READY=1' "$RIG_NOTIFY_LOG" || fail "no READY=1 sent to the notify socket"
grep -q 'STOPPING=1' "$RIG_NOTIFY_LOG" || fail "no STOPPING=1 on SIGTERM"
# WATCHDOG_USEC is 2 s: each daemon run must ping within every 2 s from READY to its end
# (STOPPING, or the SIGKILL), not once.
awk '
  $0 ~ /READY=1/ { last[$2] = $1; seen[$2] = 1 }
  $0 ~ /WATCHDOG=1/ || $0 ~ /STOPPING=1/ {
    if (!($2 in seen)) next
    gap = $1 - last[$2]; if (gap > worst[$2]) worst[$2] = gap
    last[$2] = $1; if ($0 ~ /WATCHDOG=1/) pings[$2]++
  }
  END {
    bad = 0; runs = 0
    for (p in seen) {
      runs++
      printf "watchdog: pid %s %d pings, longest gap %.2f s\n", p, pings[p], worst[p] > "/dev/stderr"
      if (pings[p] < 5 || worst[p] >= 2.0) bad = 1
    }
    exit (bad || runs != 2)
  }' "$RIG_NOTIFY_LOG" || fail "the watchdog was not pinged within every 2 s interval by both daemon runs"
grep -q 'startup_to_ready_ms' "$RIG_WORK/perf.log" || fail "no perf log"
cat "$RIG_WORK/perf.log"
echo "screenshots: $RIG_SHOTS"
# Keep the screenshots for a human to look at (meson's log names the folder).
keep="${GRADBOOTH_BUILD_ROOT}/tests/ui/flow-screenshots"
rm -rf "$keep"; cp -r "$RIG_SHOTS" "$keep"
echo "copied to $keep"
rig_cleanup
rm -rf "$work"
