#!/usr/bin/env bash
# The systemd integration as `meson install` lays it out: the unit passes
# `systemd-analyze verify` with no warning at all, the sysusers/tmpfiles snippets
# create the booth user and a 0700 data dir in a scratch root, the udev rules parse.
set -euo pipefail
command -v systemd-analyze >/dev/null || { echo "systemd-analyze absent"; exit 77; }
build="${GRADBOOTH_BUILD_ROOT:?}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

# 1. Install only our files (install tag "systemd") into a DESTDIR.
meson install -C "$build" --no-rebuild --quiet --tags systemd --destdir "$work/dest" >/dev/null
unit="$(find "$work/dest" -path '*/lib/systemd/system/gradbooth.service')"
[ -n "$unit" ] || fail "gradbooth.service not installed"
for f in lib/udev/rules.d/70-gradbooth.rules lib/tmpfiles.d/gradbooth.conf \
         lib/sysusers.d/gradbooth.conf libexec/gradbooth/gradbooth-kiosk-session; do
  [ -n "$(find "$work/dest" -path "*/$f")" ] || fail "$f not installed"
done
session="$(find "$work/dest" -path '*/libexec/gradbooth/gradbooth-kiosk-session')"
[ -x "$session" ] || fail "kiosk session script is not executable"
grep -q '^exec /usr/bin/cage .* -- "/.*/gradbooth"' "$session" || fail "session does not exec cage with the daemon"

# 2. systemd-analyze verify resolves ExecStart on the real file system, so point it
# into the DESTDIR. Any output (unknown key, bad value, missing binary) is a failure.
sed "s|^ExecStart=|ExecStart=$work/dest|" "$unit" > "$work/gradbooth.service"
grep -q '^Type=notify$' "$work/gradbooth.service" || fail "unit is not Type=notify"
grep -q '^WatchdogSec=' "$work/gradbooth.service" || fail "unit has no watchdog"
grep -q '^Restart=on-failure$' "$work/gradbooth.service" || fail "unit does not restart on failure"
out="$(systemd-analyze verify --man=no "$work/gradbooth.service" 2>&1)" || fail "verify: $out"
[ -z "$out" ] || fail "verify warned: $out"
# The check can fail: a typo must be reported.
sed 's/^WatchdogSec=/WatchdogSex=/' "$work/gradbooth.service" > "$work/broken.service"
bad="$(systemd-analyze verify --man=no "$work/broken.service" 2>&1 || true)"
[ -n "$bad" ] || fail "verify did not notice a broken key"
echo "systemd-analyze verify: clean"

# 3. sysusers then tmpfiles in a scratch root: user gradbooth, /var/lib/gradbooth 0700.
if [ "$(id -u)" -eq 0 ] && command -v systemd-sysusers >/dev/null; then
  root="$work/root"; mkdir -p "$root/etc"
  systemd-sysusers --root="$root" "$(find "$work/dest" -path '*/sysusers.d/gradbooth.conf')"
  grep -q '^gradbooth:' "$root/etc/passwd" || fail "sysusers did not create the user"
  systemd-tmpfiles --root="$root" --create "$(find "$work/dest" -path '*/tmpfiles.d/gradbooth.conf')"
  mode="$(stat -c %a "$root/var/lib/gradbooth")"
  [ "$mode" = 700 ] || fail "data dir mode $mode"
  uid="$(awk -F: '$1=="gradbooth"{print $3}' "$root/etc/passwd")"
  [ "$(stat -c %u "$root/var/lib/gradbooth")" = "$uid" ] || fail "data dir not owned by gradbooth"
  echo "sysusers + tmpfiles: user gradbooth uid $uid, /var/lib/gradbooth 0700"
else
  echo "sysusers/tmpfiles check needs root: skipped that part"
fi

# 4. udev rules: every rule line has a key (no stray text), assignments use known keys.
rules="$(find "$work/dest" -path '*/rules.d/70-gradbooth.rules')"
awk '/^[[:space:]]*#/||/^[[:space:]]*$/{next} {line=line $0} /\\$/{sub(/\\$/,"",line); next}
     { if (line !~ /^(ACTION|SUBSYSTEM|KERNEL|ENV|ATTR|ATTRS|LABEL|GOTO)/) { print "bad rule: " line; bad=1 } line="" }
     END{exit bad}' "$rules" || fail "udev rules malformed"
echo "udev rules: well-formed"
