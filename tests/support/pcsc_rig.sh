#!/usr/bin/env bash
# A real PC/SC stack for tests and the demo: pcscd in the foreground with vsmartcard's vpcd
# driver listening on a loopback port; gradbooth-card-emulator connects there and plays the card.
#   pcsc_rig.sh start STATE_DIR [PORT]   start pcscd (waits ≤60 s for a pcscd someone else runs;
#                                        exit 75 if it is still there, 77 if pcscd/vpcd are missing)
#   pcsc_rig.sh stop STATE_DIR           stop the pcscd this script started (by its pid)
#   pcsc_rig.sh status STATE_DIR
# Only the pcscd recorded in STATE_DIR/pcscd.pid is ever killed.
# The default ports (30963, and 30973 for the UI flow) lie below Linux's ephemeral range
# (32768–60999): a port inside it can be held, or left in TIME_WAIT, by any test's outgoing
# connection, and vpcd then cannot listen ("Address already in use").
set -euo pipefail

cmd="${1:-}"; state="${2:-}"; port="${3:-30963}"
[ -n "$cmd" ] && [ -n "$state" ] || { echo "usage: $0 start|stop|status STATE_DIR [PORT]" >&2; exit 2; }
mkdir -p "$state"; state="$(cd "$state" && pwd)"  # pcscd changes directory: absolute paths only
VPCD_LIB=/usr/lib/pcsc/drivers/serial/libifdvpcd.so
SOCKET=/run/pcscd/pcscd.comm

our_pid() { [ -f "$state/pcscd.pid" ] && cat "$state/pcscd.pid" || true; }
alive() { [ -n "$1" ] && kill -0 "$1" 2>/dev/null; }

stop() {
  local pid; pid="$(our_pid)"
  if alive "$pid"; then
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 50); do alive "$pid" || break; sleep 0.1; done
    alive "$pid" && kill -9 "$pid" 2>/dev/null || true
  fi
  rm -f "$state/pcscd.pid"
}

case "$cmd" in
  start)
    command -v pcscd >/dev/null || { echo "pcscd is not installed" >&2; exit 77; }
    [ -e "$VPCD_LIB" ] || { echo "vsmartcard-vpcd is not installed ($VPCD_LIB)" >&2; exit 77; }
    mkdir -p "$state/reader.conf.d"
    stop  # a stale pcscd of ours from an earlier run
    cat > "$state/reader.conf.d/gradbooth-test-vpcd" <<CONF
FRIENDLYNAME "Virtual PCD"
DEVICENAME   /dev/null:$port
LIBPATH      $VPCD_LIB
CHANNELID    $port
CONF
    mkdir -p /run/pcscd
    deadline=$((SECONDS + 60))
    for attempt in 1 2 3 4 5; do
      # Someone else's pcscd (the demo, another test run): wait for it, never kill it. Still
      # there after 60 s: exit 75 (EX_TEMPFAIL) so tests report themselves skipped, not failed.
      while pgrep -x pcscd >/dev/null; do
        if [ $SECONDS -ge $deadline ]; then
          echo "a pcscd we did not start is still running: $(pgrep -ax pcscd | tr '\n' ' ')" >&2
          exit 75
        fi
        echo "waiting for a pcscd we did not start to finish…" >&2
        sleep 1
      done
      # Foreground, no --auto-exit; -c so /etc/reader.conf.d is left alone.
      pcscd -f -c "$state/reader.conf.d" >"$state/pcscd.log" 2>&1 &
      echo $! > "$state/pcscd.pid"
      for _ in $(seq 100); do
        if [ -S "$SOCKET" ] && (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null; then exit 0; fi
        alive "$(our_pid)" || break
        sleep 0.1
      done
      # Lost a race with another pcscd starting, or a socket left behind: try again.
      echo "pcscd did not come up (attempt $attempt, socket $SOCKET, vpcd port $port):" >&2
      cat "$state/pcscd.log" >&2
      stop
      sleep 1
    done
    exit 1 ;;
  stop) stop ;;
  status) alive "$(our_pid)" && echo "running $(our_pid)" || echo "stopped" ;;
  *) echo "usage: $0 start|stop|status STATE_DIR [PORT]" >&2; exit 2 ;;
esac
