#!/usr/bin/env bash
# gradbooth-admin card against the real PC/SC rig: masked and full ID number, timeout exit code.
set -uo pipefail
src="$GRADBOOTH_SOURCE_ROOT"; build="$GRADBOOTH_BUILD_ROOT"
rig="$src/tests/support/pcsc_rig.sh"; state="$build/idcard-pcsc-rig"; port="${GRADBOOTH_VPCD_PORT:-30963}"
admin="$build/kiosk/admin/gradbooth-admin"; emu="$build/tests/emulators/card/gradbooth-card-emulator"
roster="$src/tests/integration/idcard/test_roster.csv"
"$rig" start "$state" "$port"; rc=$?
[ $rc -eq 77 ] && exit 77
[ $rc -eq 75 ] && { echo "SKIPPED: a pcscd this test did not start is running"; exit 77; }
[ $rc -ne 0 ] && exit 1
emu_pid=""
cleanup() { [ -n "$emu_pid" ] && kill "$emu_pid" 2>/dev/null; wait 2>/dev/null; "$rig" stop "$state"; }
trap cleanup EXIT
fail=0
check() { if ! grep -qF -- "$2" <<<"$1"; then echo "FAIL: expected '$2' in:"; echo "$1"; fail=1; fi; }
start_emu() { "$emu" --vpcd-port "$port" --roster "$roster" "$@" </dev/null >>"$state/emulator.log" & emu_pid=$!; }
stop_emu() { kill "$emu_pid" 2>/dev/null; wait "$emu_pid" 2>/dev/null; emu_pid=""; }

start_emu --start-index 3
out="$("$admin" card --config "$src/config/gradbooth.toml" --reader "Virtual PCD" --timeout 10)"; rc=$?
[ $rc -eq 0 ] || { echo "FAIL: exit $rc"; fail=1; }
check "$out" "姓名 Name: 欧阳娜娜"
check "$out" "性别 Gender: 女"
check "$out" "370302********002X"
grep -q "37030220031101002X" <<<"$out" && { echo "FAIL: full ID number printed without --show-full"; fail=1; }
stop_emu
start_emu --start-index 3  # a fresh placement: a card that was read is not found again
out="$("$admin" card --transport pcsc --reader "Virtual PCD" --show-full --timeout 10)"
check "$out" "37030220031101002X"
stop_emu

# A 'J' permit: its 9-character pass number is too short to keep 6 + 4 and hide anything, so it
# is all stars, never printed whole; the expired card's warning comes in both languages.
start_emu --start-index 5
out="$("$admin" card --transport pcsc --reader "Virtual PCD" --timeout 10)"
check "$out" "证件类型 Card type: 港澳台居民居住证 (hkmotw-permit)"
check "$out" "810000********0057"
check "$out" "通行证/居留证号码 Permit number: *********"
grep -q "H12345678" <<<"$out" && { echo "FAIL: the pass number printed without --show-full"; fail=1; }
stop_emu
start_emu --start-index 6
out="$("$admin" card --transport pcsc --reader "Virtual PCD" --timeout 10)"
check "$out" "警告 Warning: 证件已过期（有效期至 2020-01-01） / card expired on 2020-01-01"
stop_emu

start_emu --start-empty
err="$("$admin" card --transport pcsc --timeout 2 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 4 ] || { echo "FAIL: timeout exit $rc, expected 4"; fail=1; }
check "$err" "timeout: no card read within 2 s"
stop_emu

start_emu --plain
err="$("$admin" card --transport pcsc --timeout 10 2>&1 >/dev/null)"; rc=$?
[ $rc -eq 1 ] || { echo "FAIL: plain reader exit $rc, expected 1"; fail=1; }
check "$err" "cannot read ID data"
stop_emu

"$admin" card --transport nfc --timeout 1 >/dev/null 2>&1; rc=$?
[ $rc -eq 1 ] || { echo "FAIL: bad transport exit $rc"; fail=1; }
none="$state/no-reader.toml"; printf '[card]\ntransport = "none"\n' >"$none"
"$admin" card --config "$none" --timeout 1 >/dev/null 2>&1; rc=$?
[ $rc -eq 78 ] || { echo "FAIL: [card] transport \"none\" exit $rc, expected 78"; fail=1; }
"$admin" card --timeout >/dev/null 2>&1; rc=$?
[ $rc -eq 2 ] || { echo "FAIL: bad arguments exit $rc"; fail=1; }
exit $fail
