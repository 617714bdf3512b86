#!/usr/bin/env bash
# Man pages as `meson install` lays them out: gradbooth(1), gradbooth-admin(1) and
# gradbooth.toml(5) render with groff without a single warning, `man gradbooth-admin` finds the
# installed page through MANPATH, and every option `gradbooth-admin CMD --help` lists (the
# parser's own table) is documented in the man page, as are the shared exit codes.
set -euo pipefail
build="${GRADBOOTH_BUILD_ROOT:?}"
admin="$build/kiosk/admin/gradbooth-admin"
command -v scdoc >/dev/null || { echo "scdoc absent (Debian: scdoc): the man pages were not built"; exit 77; }
for t in man groff; do command -v "$t" >/dev/null || { echo "$t absent (Debian: man-db, groff-base)"; exit 77; }; done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
export MAN_DISABLE_SECCOMP=1 LC_ALL=C.UTF-8 MANWIDTH=200

meson install -C "$build" --no-rebuild --quiet --tags man --destdir "$work/dest" >/dev/null
for p in man1/gradbooth.1 man1/gradbooth-admin.1 man5/gradbooth.toml.5; do
  page="$(find "$work/dest" -path "*/share/man/$p")"
  [ -n "$page" ] || fail "$p not installed"
  # -k: preconv (UTF-8 → groff), -ww: every warning, -z: no output. Any message is a failure.
  msgs="$(groff -k -man -Tutf8 -ww -z "$page" 2>&1)"
  [ -z "$msgs" ] || fail "$p: groff warned: $msgs"
  text="$(man -l -P cat "$page" 2>&1)" || fail "man -l $p: $text"
  grep -q '^NAME' <<<"$text" || fail "$p has no NAME section"
done
# The check can fail: a page with an unknown request is reported.
printf '.TH BROKEN 1\n.SH NAME\nbroken\n.XYZZY\n\\f[Q]bad font\n' > "$work/broken.1"
[ -n "$(groff -k -man -Tutf8 -ww -z "$work/broken.1" 2>&1)" ] || fail "groff did not notice a broken page"

mandir="$(dirname "$(dirname "$(find "$work/dest" -path '*/share/man/man1/gradbooth-admin.1')")")"
page="$(MANPATH="$mandir" man -P cat gradbooth-admin 2>&1)" || fail "man gradbooth-admin: $page"
grep -q 'EXIT STATUS' <<<"$page" || fail "man gradbooth-admin: no EXIT STATUS"
toml="$(MANPATH="$mandir" man -P cat 5 gradbooth.toml 2>&1)" || fail "man 5 gradbooth.toml: $toml"
grep -q 'supervisor_pin' <<<"$toml" || fail "gradbooth.toml(5) does not document [booth].supervisor_pin"
daemon="$(MANPATH="$mandir" man -P cat 1 gradbooth 2>&1)" || fail "man gradbooth: $daemon"
grep -q -- '--check-config' <<<"$daemon" || fail "gradbooth(1) does not document --check-config"

# Every option of every command's --help is in the page; so is every exit code of --help.
commands="$("$admin" --help | sed -n '/^commands:/,/^$/p' | awk 'NF>1 {print $1}')"
[ "$(wc -l <<<"$commands")" -ge 10 ] || fail "gradbooth-admin --help lists too few commands: $commands"
for c in $commands; do
  grep -q "^ *$c\b" <<<"$page" || fail "command $c is not in gradbooth-admin(1)"
  for o in $("$admin" "$c" --help | grep -o -- '^  --[a-z-]*'); do
    grep -q -- "$o\b" <<<"$page" || fail "gradbooth-admin $c $o is not in gradbooth-admin(1)"
  done
done
for code in $("$admin" --help | sed -n '/^exit status/,$p' | grep -o '^ *[0-9]\+' ); do
  grep -q "^ *$code\b" <<<"$(sed -n '/^EXIT STATUS/,/^[A-Z]/p' <<<"$page")" || fail "exit code $code not in EXIT STATUS"
done
echo "man pages: installed, groff-clean, found by man through MANPATH, options and exit codes documented"
