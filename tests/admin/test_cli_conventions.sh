#!/usr/bin/env bash
# gradbooth-admin's command-line conventions, command by command through the real binary:
# --help on stdout with exit 0, --version, an unknown option or a missing value is exit 2 with
# the usage on stderr, --opt=value means the same as --opt value, `--` ends the options, a bad
# config file is 78 everywhere, and the exit codes --help documents are the ones commands return.
set -uo pipefail
build="${GRADBOOTH_BUILD_ROOT:?}"; src="${GRADBOOTH_SOURCE_ROOT:?}"
admin="$build/kiosk/admin/gradbooth-admin"
version="${1:?project version}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }
run() {  # run ARGS... → $rc, $out (stdout), $err (stderr)
  "$admin" "$@" >"$work/out" 2>"$work/err"; rc=$?
  out="$(cat "$work/out")"; err="$(cat "$work/err")"
}

run --version
[ $rc -eq 0 ] && [ "$out" = "gradbooth-admin $version" ] || fail "--version: rc $rc, '$out'"
run --help
[ $rc -eq 0 ] && [ -z "$err" ] || fail "--help: rc $rc, stderr '$err'"
for code in 0 1 2 3 4 78; do grep -q "^ *$code  " <<<"$out" || fail "--help does not document exit code $code"; done
run
[ $rc -eq 2 ] && [ -z "$out" ] && grep -q '^usage:' <<<"$err" || fail "no command: rc $rc"
run frobnicate
[ $rc -eq 2 ] || fail "unknown command: rc $rc"

commands="$("$admin" --help | sed -n '/^commands:/,/^$/p' | awk 'NF>1 {print $1}')"
[ "$(wc -w <<<"$commands")" -ge 10 ] || fail "too few commands in --help: $commands"
for c in $commands; do
  for h in --help -h; do
    run "$c" "$h"
    [ $rc -eq 0 ] || fail "$c $h: exit $rc"
    [ -z "$err" ] || fail "$c $h wrote to stderr: $err"
    grep -q "^usage: gradbooth-admin $c" <<<"$out" || fail "$c $h: no usage line on stdout"
    grep -q '^exit status' <<<"$out" || fail "$c $h: no exit codes"
  done
  run "$c" --version
  [ $rc -eq 0 ] && [ "$out" = "gradbooth-admin $version" ] || fail "$c --version: rc $rc, '$out'"
  run "$c" --no-such-option
  [ $rc -eq 2 ] || fail "$c --no-such-option: exit $rc, expected 2"
  [ -z "$out" ] || fail "$c --no-such-option wrote to stdout"
  grep -q -- '--no-such-option' <<<"$err" && grep -q "^usage: gradbooth-admin $c" <<<"$err" \
    || fail "$c --no-such-option: stderr does not name it with the usage: $err"
  # Every option that takes a value says so when the value is missing.
  for o in $("$admin" "$c" --help | grep -o -- '^  --[a-z-]* [A-Z]' | awk '{print $1}'); do
    run "$c" "$o"
    [ $rc -eq 2 ] || fail "$c $o without its value: exit $rc, expected 2"
    grep -q "needs a value" <<<"$err" || fail "$c $o without its value: '$err'"
  done
  # A flag given a value is a usage error too.
  for o in $("$admin" "$c" --help | grep -- '^  --[a-z-]*  ' | awk '{print $1}' | grep -v -e --help -e --version); do
    run "$c" "$o=1"
    [ $rc -eq 2 ] || fail "$c $o=1: exit $rc, expected 2"
  done
done

# A bad config file: 78 for every command that reads it, --config=PATH or --config PATH.
printf '[booth]\nbatchh = "x"\n' > "$work/bad.toml"
for args in "stats" "export --out $work/x" "roster import $src/config/roster-example.csv" "quarantine list" \
            "check $src/config/roster-example.csv"; do
  run $args --config="$work/bad.toml"
  [ $rc -eq 78 ] || fail "$args --config=bad: exit $rc, expected 78"
  run $args --config "$work/bad.toml"
  [ $rc -eq 78 ] || fail "$args --config bad: exit $rc, expected 78"
done

# --opt=value and --opt value: the same batch, the same answer.
cfg="$src/config/gradbooth.toml"
run roster import "$src/config/roster-example.csv" --config="$cfg" --data-dir="$work/data" --batch=eq
[ $rc -eq 0 ] || fail "roster import with --opt=value: exit $rc: $out $err"
run stats --json --config "$cfg" --data-dir "$work/data" --batch eq; spaced="$out"
run stats --json --config="$cfg" --data-dir="$work/data" --batch=eq; joined="$out"
[ -n "$spaced" ] && [ "$spaced" = "$joined" ] || fail "stats: --opt=value differs from --opt value"
grep -q '"roster": 8' <<<"$joined" || fail "stats after import does not see the 8 students: $joined"
# The option may come anywhere; an option given twice is refused rather than guessed.
run --batch=eq stats 2>/dev/null; [ $rc -eq 2 ] || fail "an option before the command: exit $rc"
run stats --batch=eq --batch=other --config "$cfg" --data-dir "$work/data"
[ $rc -eq 2 ] || fail "--batch given twice: exit $rc, expected 2"

# `--` ends the options: a file named like an option is a file (unreadable: 3, not usage 2).
run verify -- --not-an-option
[ $rc -eq 3 ] || fail "verify -- --not-an-option: exit $rc, expected 3 (runtime)"
run verify --not-an-option
[ $rc -eq 2 ] || fail "verify --not-an-option: exit $rc, expected 2"
# Runtime errors are 3 across commands.
run export --config "$cfg" --data-dir "$work/data" --batch nosuchbatch --out "$work/pkg"
[ $rc -eq 3 ] || fail "export of a batch that does not exist: exit $rc, expected 3"
run stats --config "$cfg" --data-dir "$work/data" --batch nosuchbatch
[ $rc -eq 3 ] || fail "stats of a batch that does not exist: exit $rc, expected 3"
run card --timeout=abc
[ $rc -eq 2 ] || fail "card --timeout=abc: exit $rc, expected 2"

# The daemon answers --version and --help without starting (no display needed).
out="$("$build/kiosk/ui/gradbooth" --version 2>&1)"; rc=$?
[ $rc -eq 0 ] && [ "$out" = "gradbooth $version" ] || fail "gradbooth --version: rc $rc, '$out'"
exit $failed
