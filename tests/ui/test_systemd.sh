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

# 4. udev rules, key by key: each rule is split into KEY{attr}OP"value" tokens the way udev
# reads them (continuation lines joined); every key must be one udev knows, used with an operator
# that fits it (== / != match, = += -= := assign), every GOTO must reach a LABEL, and the rules
# must say what the booth needs: which devices, which group and mode, which environment.
rules="$(find "$work/dest" -path '*/rules.d/70-gradbooth.rules')"
check_udev() {
  python3 - "$1" <<'PY'
import re, sys
MATCH_ONLY = {"ACTION", "DEVPATH", "KERNEL", "KERNELS", "SUBSYSTEM", "SUBSYSTEMS", "DRIVER", "DRIVERS",
              "ATTRS", "TAGS", "TEST", "PROGRAM", "RESULT", "CONST"}
ASSIGN_ONLY = {"OWNER", "GROUP", "MODE", "SECLABEL", "RUN", "LABEL", "GOTO", "IMPORT", "OPTIONS"}
BOTH = {"NAME", "SYMLINK", "ATTR", "ENV", "TAG", "SYSCTL"}
NEEDS_ATTR = {"ATTR", "ATTRS", "ENV", "IMPORT", "SYSCTL", "CONST", "SECLABEL"}
TOKEN = re.compile(r'\s*([A-Z_]+)(\{[^{}"]+\})?\s*(==|!=|\+=|-=|:=|=)\s*"((?:[^"\\]|\\.)*)"\s*')
bad = []
rules, labels, gotos = [], set(), []
text = open(sys.argv[1], encoding="utf-8").read().split("\n")
line, start = "", 0
for no, raw in enumerate(text, 1):
    if not line and (raw.strip() == "" or raw.lstrip().startswith("#")):
        continue
    if not line:
        start = no
    if raw.endswith("\\"):
        line += raw[:-1]
        continue
    line += raw
    rule, pos = [], 0
    while True:
        m = TOKEN.match(line, pos)
        if not m:
            bad.append(f"line {start}: cannot read a KEY OP \"value\" at: {line[pos:]!r}")
            break
        key, attr, op, value = m.group(1), m.group(2), m.group(3), m.group(4)
        attr = attr[1:-1] if attr else None
        if key not in MATCH_ONLY | ASSIGN_ONLY | BOTH:
            bad.append(f"line {start}: unknown key {key}")
        elif op in ("==", "!=") and key in ASSIGN_ONLY:
            bad.append(f"line {start}: {key} cannot be matched ({op})")
        elif op not in ("==", "!=") and key in MATCH_ONLY:
            bad.append(f"line {start}: {key} cannot be assigned ({op})")
        if key in NEEDS_ATTR and not attr:
            bad.append(f"line {start}: {key} needs {{…}}")
        if key == "MODE" and not re.fullmatch(r"0[0-7]{3}", value):
            bad.append(f"line {start}: MODE {value!r} is not an octal mode")
        if key == "LABEL": labels.add(value)
        if key == "GOTO": gotos.append((start, value))
        rule.append((key + (f"{{{attr}}}" if attr else ""), op, value))
        pos = m.end()
        if pos == len(line):
            break
        if line[pos] != ",":
            bad.append(f"line {start}: expected ',' between keys at: {line[pos:]!r}")
            break
        pos += 1
        if line[pos:].strip() == "":
            bad.append(f"line {start}: trailing ','")
            break
    rules.append(rule)
    line = ""
if line:
    bad.append("the last rule ends with a continuation '\\'")
for start, target in gotos:
    if target not in labels:
        bad.append(f"line {start}: GOTO {target!r} reaches no LABEL")

def split(rule):
    return ({t for t in rule if t[1] in ("==", "!=")}, {t for t in rule if t[1] not in ("==", "!=")})

# What the booth needs, per device: the rule matching exactly these keys, with these assignments.
USB = {("SUBSYSTEM", "==", "usb"), ("ENV{DEVTYPE}", "==", "usb_device")}
BOOTH = {("GROUP", "=", "gradbooth"), ("MODE", "=", "0660")}
want = {
    "the first rule skips removals": ({("ACTION", "!=", "add|bind|change")}, {("GOTO", "=", "gradbooth_end")}),
    "usb_id fills ID_USB_INTERFACES": (USB | {("ENV{ID_USB_INTERFACES}", "==", "")}, {("IMPORT{builtin}", "=", "usb_id")}),
    "PTP camera (interface 06/01/01)": (USB | {("ENV{ID_USB_INTERFACES}", "==", "*:060101:*")},
        BOOTH | {("ENV{GRADBOOTH_CAMERA}", "=", "1"), ("ENV{ID_GPHOTO2}", "=", ""), ("ENV{GPHOTO2_DRIVER}", "=", ""),
                 ("ENV{ID_MTP_DEVICE}", "=", ""), ("ENV{ID_MEDIA_PLAYER}", "=", ""), ("ENV{UDISKS_IGNORE}", "=", "1")}),
    "SAM reader 0400:c35a on USB": (USB | {("ATTR{idVendor}", "==", "0400"), ("ATTR{idProduct}", "==", "c35a")},
        BOOTH | {("ENV{GRADBOOTH_READER}", "=", "1")}),
    "SAM reader on a USB serial bridge": ({("SUBSYSTEM", "==", "tty"), ("KERNEL", "==", "ttyUSB[0-9]*|ttyACM[0-9]*"),
                                           ("ATTRS{idVendor}", "==", "0400")},
        BOOTH | {("ENV{GRADBOOTH_READER}", "=", "1"), ("ENV{ID_MM_DEVICE_IGNORE}", "=", "1")}),
    "the end label": (set(), {("LABEL", "=", "gradbooth_end")}),
}
found = {name: False for name in want}
for rule in rules:
    matches, assigns = split(rule)
    for name, (wm, wa) in want.items():
        if matches == wm:
            found[name] = True
            if assigns != wa:
                bad.append(f"{name}: assigns {sorted(assigns)}, want {sorted(wa)}")
for name, ok in found.items():
    if not ok:
        bad.append(f"no rule for: {name}")
if rules and split(rules[0])[0] != want["the first rule skips removals"][0]:
    bad.append("the first rule must skip all but add/bind/change")
if rules and split(rules[-1])[1] != want["the end label"][1]:
    bad.append("the last rule must be the end label")
if len(rules) != len(want):
    bad.append(f"{len(rules)} rules, expected {len(want)}")
for b in bad:
    print("udev:", b)
print(f"udev: {len(rules)} rules read key by key")
sys.exit(1 if bad else 0)
PY
}
out="$(check_udev "$rules")" || fail "udev rules: $out"
echo "$out"
# The check can fail: each of these one-line slips must be reported.
slip() {
  sed "$1" "$rules" > "$work/slip.rules"
  cmp -s "$rules" "$work/slip.rules" && fail "udev negative control '$1' changed nothing"
  check_udev "$work/slip.rules" >/dev/null && fail "udev check missed: $1"
  return 0
}
slip 's/MODE="0660"/MODE=="0660"/'                  # a match where an assignment was meant
slip 's/GROUP="gradbooth", MODE/GRUOP="gradbooth", MODE/'  # a misspelt key
slip 's/ATTR{idProduct}=="c35a"/ATTR{idProduct}=="c35b"/'  # another device
slip 's/ENV{UDISKS_IGNORE}="1"/ENV{UDISKS_IGNORE}="0"/'     # the automounter let in
slip 's/GOTO="gradbooth_end"/GOTO="gradbooth_ende"/'      # a jump to nowhere
slip 's/ATTRS{idVendor}=="0400", \\/ATTRS{idVendor}=="0400" \\/'  # a lost comma
slip 's/MODE="0660", ENV{GRADBOOTH_READER}="1"$/MODE="0660", ENV{GRADBOOTH_READER}="1",/'  # a trailing comma
echo "udev rules: every key checked; 7 broken variants refused"
