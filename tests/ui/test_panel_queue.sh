#!/usr/bin/env bash
# The real daemon under Xvfb (test-port card, the PTP/IP camera emulator handing out a booth
# subject who sits as asked; no pcscd): the sounds asked for during a visit (3 countdown ticks, the shutter, the chime), the panel's queue view
# after a student numbered, one "not me" and one skipped, the panel's export reading the admin's
# progress lines, and `[ui] sound = false` asking for nothing. Skips (77) without Xvfb or the subjects.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../support/booth_rig.sh"
. "$here/../support/subjects_rig.sh"
rig_test_init queue queuetest org.gradbooth.QueueTest sqlite3
build="$RIG_BUILD" work="$RIG_WORK"
queue() { echo "queue=$(field queue);last_hour=$(field last_hour);eta_min=$(field eta_min);left=$(field left)"; }
wait_queue() {
  local got=""
  for _ in $(seq 40); do got="$(queue)"; [ "$got" = "$1" ] && return 0; sleep 0.1; done
  fail "queue view '$got', expected '$1'"
}
rig_display || exit $?
rig_subjects booth_01829 || exit $?
rig_camera --captures "$RIG_SUBJECT_CAPTURES" || exit $?
booth() {
  rig_booth --card-transport none --test-port "$@" || fail "booth did not start"
  expect welcome 30 "no welcome"
}
# Card → identity → live → countdown → review.
to_review() {
  must test-card "$1"
  expect identity 20 "no identity"
  must identity-confirm
  expect live 10 "no live view"
  must shoot
  expect countdown 5 "no countdown"
  expect review 60 "no review"
}

booth
roster="$(sql "SELECT COUNT(*) FROM roster")"
[ "$roster" -ge 4 ] 2>/dev/null || fail "roster of $roster students"
wait_queue "queue=0/$roster;last_hour=0;eta_min=;left=0"
[ "$(field sounds)" = 0 ] || fail "sounds before any visit: $(field sounds)"

rig_log "== 张伟 is numbered: 3 ticks, the shutter, the chime"
to_review "张伟|男|370303200003151214"
[ "$(field sounds)" = 4 ] || fail "sounds at the review: '$(field sounds)', expected 3 ticks + the shutter"
[ "$(field pass)" = 1 ] || fail "the photo of a student who sits as asked failed the checks"
must accept
expect done 10 "no number"
[ "$(field sounds)" = 5 ] || fail "sounds after the number: '$(field sounds)', expected 5"
must test-card-removed
expect welcome 10 "no welcome"

rig_log "== 王芳 says 'not me'; 李娜 is sent away by the photographer"
must test-card "王芳|女|370303199907212408"
expect identity 20 "no identity"
must identity-reject
expect welcome 10 "'not me' did not end the visit"
must test-card "李娜|女|37030320011102356X"
expect identity 20 "no identity"
must identity-confirm
expect live 10 "no live view"
# While she is at the booth she has not left.
wait_queue "queue=1/$roster;last_hour=1;eta_min=$(( (roster - 1) * 60 ));left=1"
rig_unlock 2468 || fail "unlock"
must sv-skip "学生本人要求"
[ "$(field outcome)" = applied ] || fail "skip not applied"
expect welcome 10 "skip did not return to welcome"
[ "$(field sounds)" = 5 ] || fail "a visit without a number asked for sounds: $(field sounds)"
wait_queue "queue=1/$roster;last_hour=1;eta_min=$(( (roster - 1) * 60 ));left=2"
# The open panel with the queue view, kept for a human to look at.
shot panel-queue
check_shot panel-queue || fail "panel screenshot"
cp "$RIG_SHOTS/panel-queue.png" "$build/tests/ui/panel-queue.png"

rig_log "== the panel's export shows the admin's progress"
must sv-export
seen=""
for _ in $(seq 300); do
  [ "$(field outcome)" = export.running ] && seen="$seen $(field export_progress)"
  [ "$(field outcome)" = export.done ] && break
  sleep 0.1
done
[ "$(field outcome)" = export.done ] || fail "the panel's export did not finish: $(field message)"
rig_log "progress seen while running:${seen:- (too quick)}; last: $(field export_progress)"
[ "$(field export_progress)" = 1/1 ] || fail "export progress '$(field export_progress)', expected 1/1"
ls "$RIG_DATA"/queuetest/exports/*/ >/dev/null 2>&1 || fail "no export folder"
must supervisor-close
rig_booth_stop || fail "gradbooth exited non-zero on SIGTERM"

rig_log "== [ui] sound = false: a whole countdown and capture ask for nothing"
sed -e 's/^sound = true/sound = false/' \
  -e "s|^profile = \"profiles/|profile = \"$RIG_SRC/config/profiles/|" "$RIG_SRC/config/gradbooth.toml" >"$RIG_WORK/silent.toml"
grep -q '^sound = false' "$RIG_WORK/silent.toml" || fail "the shipped config has no 'sound = true' line to turn off"
booth --config "$RIG_WORK/silent.toml"
to_review "刘洋|男|370303199805094711"
[ "$(field sounds)" = 0 ] || fail "sound = false, yet $(field sounds) sounds were asked for"
rig_booth_stop || fail "gradbooth exited non-zero on SIGTERM"
rig_cleanup
rm -rf "$work"
echo "ok"
