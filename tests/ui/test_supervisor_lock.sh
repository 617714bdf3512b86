#!/usr/bin/env bash
# The supervisor panel's lock, driven over D-Bus as any other caller on the bus could: the real
# daemon under Xvfb (test card, replayed camera). Checks that the keypad takes one digit per press,
# that no call takes a whole PIN, that PINs count only while the panel is open, that every
# supervisor action is refused while locked, that wrong PINs lock out (5 tries, then the backoff,
# doubling) and the lockout survives a restart, that the open panel locks itself when untouched,
# that a hashed PIN written by `gradbooth-admin pin set` opens it (and the old plain one no longer
# does), and that decisions refused by the state come back as what the panel shows.
# Skips (77) when Xvfb or the test video are absent.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../support/booth_rig.sh"
rig_test_init lock locktest org.gradbooth.LockTest
build="$RIG_BUILD" work="$RIG_WORK"
expect_field() { [ "$(field "$1")" = "$2" ] || fail "${3:-$1} is '$(field "$1")', expected '$2'"; }
type_pin() { local i; for ((i = 0; i < ${#1}; i++)); do must pin-digit "${1:i:1}"; done; must pin-enter; }
[ -f "$RIG_VIDEO" ] || { echo "test video absent ($RIG_VIDEO)"; exit 77; }
rig_display || exit $?
BACKOFF=15 IDLE=5
booth() {
  rig_booth --card-transport none --test-port --camera-replay "$RIG_VIDEO" --panel-lock-s "$IDLE" \
    --pin-backoff-s "$BACKOFF" "$@" || fail "booth did not start"
  wait_screen welcome 30 || fail "no welcome"
}
booth

rig_log "== the keypad: only while the panel is open, one digit per press, no whole-PIN call"
must pin-digit 2
expect_field outcome lock.hidden "a digit typed on a hidden panel"
expect_field pin_digits 0
act supervisor-unlock 2468 2>/dev/null && fail "a whole-PIN unlock action still exists"
must supervisor-open
expect_field panel locked
for bad in 2468 x "" "２"; do
  must pin-digit "$bad"
  expect_field outcome lock.not_a_digit "pin-digit '$bad'"
  expect_field pin_digits 0 "digits after pin-digit '$bad'"
done
# Typed while open, entered after closing: nothing opens.
for d in 2 4 6 8; do must pin-digit "$d"; done
expect_field pin_digits 4
must supervisor-close
must pin-enter
expect_field panel hidden
expect_field outcome lock.hidden "OK pressed on a closed panel"

rig_log "== locked: every supervisor action is refused"
must test-card "张玮|男|370303200003151214"   # 张伟's number, another name: waits for the supervisor
wait_screen wait 10 || fail "mismatch did not stop the flow"
must supervisor-open
for a in "sv-override:已核对" "sv-skip:已核对" "sv-void-last:已核对" "sv-force-retake:已核对" sv-pause sv-resume sv-export; do
  if [[ "$a" == *:* ]]; then must "${a%%:*}" "${a#*:}"; else must "$a"; fi
  expect_field outcome lock.locked "$a on a locked panel"
  expect_field screen wait "screen after $a on a locked panel"
done
[ ! -d "$RIG_DATA/locktest/exports" ] || [ -z "$(ls -A "$RIG_DATA/locktest/exports")" ] || fail "a locked panel exported"

rig_log "== the right PIN, one digit per press; decisions come back as the panel shows them"
type_pin 2468
expect_field panel open
must sv-void-last ""
expect_field outcome refused_state "void with nothing numbered"
expect_field message "没有可作废的序号"
must sv-force-retake ""
expect_field outcome refused_state "force retake outside the review"
expect_field message "当前没有可重拍的照片"
must set-lang en
expect_field message "There is no photo to retake"   # the same outcome, in the panel's language
must set-lang zh_CN
must sv-override "已人工核对身份证件"
expect_field outcome applied
wait_screen live 10 || fail "override did not release the student"
must sv-skip "学生本人要求"
expect_field outcome applied
wait_screen welcome 10 || fail "skip did not end the visit"

rig_log "== untouched for ${IDLE} s, the open panel locks itself"
sleep $((IDLE + 2))
expect_field panel locked "panel after ${IDLE} s untouched"
expect_field outcome lock.idle
must sv-pause
expect_field outcome lock.locked "pause after the idle lock"
expect_field screen welcome

rig_log "== wrong PINs: four answered, the fifth locks out for ${BACKOFF} s; the right PIN waits too"
for i in 1 2 3 4; do
  type_pin 1111
  expect_field outcome lock.wrong "wrong PIN $i"
done
type_pin 1111
expect_field outcome lock.locked_out "the fifth wrong PIN"
left="$(field lockout_s)"
[ "$left" -ge 1 ] && [ "$left" -le "$BACKOFF" ] || fail "lockout of $left s after the fifth wrong PIN"
must pin-digit 2
expect_field outcome lock.locked_out "a digit during the lockout"
must pin-enter
expect_field panel locked "the panel during the lockout"

rig_log "== the lockout survives a restart"
rig_booth_stop || fail "gradbooth exited non-zero on SIGTERM"
booth
left="$(field lockout_s)"
[ "$left" -ge 1 ] || fail "the lockout did not survive the restart"
must supervisor-open
type_pin 2468
expect_field panel locked "right PIN during the lockout after a restart"
expect_field outcome lock.locked_out
sleep $((left + 1))
type_pin 1111   # the sixth wrong PIN: double the wait
expect_field outcome lock.locked_out "a wrong PIN after a lockout"
left="$(field lockout_s)"
[ "$left" -gt "$BACKOFF" ] && [ "$left" -le $((2 * BACKOFF)) ] || fail "second lockout $left s, expected doubling to $((2 * BACKOFF))"
sleep $((left + 1))
type_pin 2468
expect_field panel open "the right PIN after the lockout"
must supervisor-close

rig_log "== a hashed PIN from gradbooth-admin pin set"
cfg="$RIG_WORK/gradbooth.toml"
# A copy elsewhere: its relative profile path made absolute.
sed "s|^profile = \"|profile = \"$RIG_SRC/config/|" "$RIG_SRC/config/gradbooth.toml" > "$cfg"
echo 135790 | "$RIG_BUILD/kiosk/admin/gradbooth-admin" pin set --config "$cfg" >/dev/null || fail "pin set"
grep -q '^supervisor_pin_hash = "pbkdf2-sha256\$' "$cfg" || fail "no hash written"
grep -q '135790' "$cfg" && fail "the PIN itself is in the config"
rig_booth_stop || fail "gradbooth exited non-zero on SIGTERM"
booth --config "$cfg"
must supervisor-open
type_pin 2468
expect_field outcome lock.wrong "the old plain PIN after pin set"
type_pin 135790
expect_field panel open "the hashed PIN"
rig_booth_stop || fail "gradbooth exited non-zero on SIGTERM"
rig_cleanup
rm -rf "$work"
