#!/usr/bin/env bash
# The day's story in the journal. In a private mount namespace a private systemd-journald listens
# on /run/systemd/journal/socket; the real daemon (under Xvfb, test card, the PTP/IP camera
# emulator) and gradbooth-admin write to it with sd_journal_send; journalctl --file reads the
# entries back (never our stderr): card reads, capture verdicts, accepts, an override, a void, a
# skip, a camera fault, a wrong PIN and exports, each with its priority, GRADBOOTH_EVENT, the batch,
# the masked ID (never the full number) and the sequence number.
# Skips (77) without root (mount namespace), systemd-journald, Xvfb, the emulator or the video.
set -uo pipefail
journald=/lib/systemd/systemd-journald
if [ -z "${RIG_IN_NS:-}" ]; then
  [ "$(id -u)" = 0 ] || { echo "not root: no private mount namespace for a private journald"; exit 77; }
  [ -x "$journald" ] && command -v journalctl >/dev/null || { echo "systemd-journald/journalctl absent"; exit 77; }
  command -v unshare >/dev/null || { echo "unshare absent"; exit 77; }
  RIG_IN_NS=1 exec unshare --mount --propagation private -- bash "$0" "$@"
fi
if [ -z "${RIG_JOURNALD_UP:-}" ]; then
  # Private /run/systemd, /run/log and /var/log/journal: nothing reaches the machine's journal.
  for d in /run/systemd /run/log /var/log/journal; do
    mkdir -p "$d" && mount -t tmpfs tmpfs "$d" || { echo "cannot mount a private $d"; exit 77; }
  done
  mkdir -p /run/systemd/journal
  "$journald" >/tmp/gradbooth-journald.$$.log 2>&1 &
  jpid=$!
  for _ in $(seq 100); do [ -S /run/systemd/journal/socket ] && break; sleep 0.1; done
  [ -S /run/systemd/journal/socket ] || { echo "private journald did not start"; cat /tmp/gradbooth-journald.$$.log; exit 1; }
  command -v dbus-run-session >/dev/null || { echo "dbus-run-session absent"; exit 77; }
  RIG_JOURNALD_UP=1 RIG_IN_DBUS=1 dbus-run-session -- bash "$0" "$@"
  rc=$?
  kill "$jpid"; wait "$jpid" 2>/dev/null
  rm -f /tmp/gradbooth-journald.$$.log
  exit $rc
fi

here="$(cd "$(dirname "$0")" && pwd)"
. "$here/../support/booth_rig.sh"
. "$here/../support/subjects_rig.sh"
rig_test_init journal journaltest org.gradbooth.JournalTest
build="$RIG_BUILD" work="$RIG_WORK"
rig_display || exit $?
rig_subjects booth_04117 || exit $?   # a laugh: a photo that can be cropped but fails a check
rig_camera --captures "$RIG_SUBJECT_CAPTURES" || exit $?
rig_booth --card-transport none --test-port || fail "booth did not start"
expect welcome 30

# 王芳: card, confirm, shoot a failed photo, numbered by the supervisor's override.
must test-card "王芳|女|370303199907212408"
expect identity
must identity-confirm
expect live
must shoot
expect review 40
must supervisor-open
for d in 1 1 1 1; do must pin-digit $d; done
must pin-enter                                    # a wrong PIN: on file
rig_unlock 2468 || fail "unlock"
[ "$(field pass)" = 0 ] || fail "the laughing subject passed the checks"
must sv-override "照片经人工检查合格"
expect done
number="$(field number)"
must sv-void-last "拍错了人"                       # the void of that number
[ "$(field outcome)" = applied ] || fail "void not applied: $(field message)"
must test-card-removed
expect welcome
# 张伟's number with another name: the supervisor lets it through, then skips the student.
must test-card "张玮|男|370303200003151214"
expect wait
must sv-override "已人工核对身份证件"
expect live
# The camera unplugged under the live view: a fault; back, the same student is on the live view.
rig_camera_stop
expect fault 30
rig_camera --captures "$RIG_SUBJECT_CAPTURES"
expect live 30
must sv-skip "学生本人要求"
expect welcome
# Exports: the booth's button, then the admin tool.
rig_unlock 2468 || fail "unlock"
must sv-export
for _ in $(seq 300); do [ "$(field outcome)" = export.done ] && break; sleep 0.1; done
[ "$(field outcome)" = export.done ] || fail "the booth's export did not finish: $(field message)"
"$RIG_BUILD/kiosk/admin/gradbooth-admin" export --config "$RIG_SRC/config/gradbooth.toml" --data-dir "$RIG_DATA" \
  --batch journaltest --out "$RIG_WORK/admin-export" >/dev/null || fail "admin export"
rig_booth_stop || fail "gradbooth exited non-zero on SIGTERM"

sleep 0.5
files=(/run/log/journal/*/*.journal /var/log/journal/*/*.journal)
jf=""; for f in "${files[@]}"; do [ -f "$f" ] && jf="$f" && break; done
[ -n "$jf" ] || fail "the private journald wrote no journal file"
echo "== the session as journalctl tells it ($jf)"
journalctl --file "$jf" -o short-monotonic --no-pager GRADBOOTH_BATCH=journaltest | cut -c1-160
journalctl --file "$jf" -o json --no-pager GRADBOOTH_BATCH=journaltest > "$RIG_WORK/journal.json" || fail "journalctl --file"
python3 - "$RIG_WORK/journal.json" "$number" <<'PY' || fail "the journal does not tell the session"
import json, re, sys
entries = [json.loads(l) for l in open(sys.argv[1]) if l.strip()]
number = sys.argv[2]
def ev(name, **want):
    hits = [e for e in entries if e.get("GRADBOOTH_EVENT") == name and all(e.get(k) == v for k, v in want.items())]
    if not hits:
        sys.exit("no %s entry with %s (events: %s)" % (name, want, sorted({e.get('GRADBOOTH_EVENT') for e in entries})))
    return hits
for e in entries:
    for k, v in e.items():
        if isinstance(v, str) and re.search(r"\d{17}[\dX]", v):
            sys.exit("a full ID number in the journal: %s=%s" % (k, v))
reads = ev("card_read", GRADBOOTH_ID="370303********2408", GRADBOOTH_REASON="matched", PRIORITY="6")
ev("card_read", GRADBOOTH_ID="370303********1214", GRADBOOTH_REASON="mismatch", PRIORITY="5")
cap = ev("capture", GRADBOOTH_ID="370303********2408")[0]
assert cap.get("GRADBOOTH_PASS") in ("0", "1"), cap
ev("accept", GRADBOOTH_NUMBER=number, GRADBOOTH_ID="370303********2408", PRIORITY="5")
ev("override", GRADBOOTH_OUTCOME="applied", GRADBOOTH_ID="370303********1214", GRADBOOTH_REASON="已人工核对身份证件")
ev("void", GRADBOOTH_NUMBER=number, GRADBOOTH_OUTCOME="applied", GRADBOOTH_REASON="拍错了人", PRIORITY="5")
ev("skip", GRADBOOTH_OUTCOME="applied", GRADBOOTH_ID="370303********1214")
ev("fault", GRADBOOTH_DEVICE="camera", PRIORITY="3")
ev("pin_wrong", PRIORITY="4")
ev("panel_unlocked")
exports = ev("export", PRIORITY="5")
comms = {e.get("_COMM") for e in exports}
assert any(c and c.startswith("gradbooth-admi") for c in comms) and "gradbooth" in comms, comms
for e in entries:
    assert e.get("GRADBOOTH_BATCH") == "journaltest" and e.get("MESSAGE"), e
print("journal: %d entries, events %s" % (len(entries), sorted({e['GRADBOOTH_EVENT'] for e in entries})))
PY
rig_cleanup
rm -rf "$work"
