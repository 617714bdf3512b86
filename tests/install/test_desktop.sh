#!/usr/bin/env bash
# Desktop integration as `meson install` lays it out: the .desktop entry passes
# desktop-file-validate, the AppStream metainfo passes appstreamcli validate, and the installed
# tree (desktop entry + metainfo + icon together) passes appstreamcli validate-tree. Each
# validator is shown a broken copy first, so a validator that accepts anything fails this test.
set -euo pipefail
build="${GRADBOOTH_BUILD_ROOT:?}"
for t in desktop-file-validate appstreamcli; do
  command -v "$t" >/dev/null || { echo "$t absent (Debian: desktop-file-utils, appstream)"; exit 77; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

meson install -C "$build" --no-rebuild --quiet --tags desktop --destdir "$work/dest" >/dev/null
desktop="$(find "$work/dest" -path '*/share/applications/org.gradbooth.Booth.desktop')"
metainfo="$(find "$work/dest" -path '*/share/metainfo/org.gradbooth.Booth.metainfo.xml')"
icon="$(find "$work/dest" -path '*/share/icons/hicolor/scalable/apps/org.gradbooth.Booth.svg')"
[ -n "$desktop" ] || fail "org.gradbooth.Booth.desktop not installed in share/applications"
[ -n "$metainfo" ] || fail "org.gradbooth.Booth.metainfo.xml not installed in share/metainfo"
[ -n "$icon" ] || fail "icon not installed in share/icons/hicolor/scalable/apps"

# The validators must be able to say no.
sed 's/^Type=Application$/Type=Aplication/' "$desktop" > "$work/broken.desktop"
! desktop-file-validate "$work/broken.desktop" >/dev/null 2>&1 || fail "desktop-file-validate accepted a broken entry"
sed 's|<summary>.*</summary>||; s|</component>|<bogus/>|' "$metainfo" > "$work/broken.metainfo.xml"
! appstreamcli validate --no-net "$work/broken.metainfo.xml" >/dev/null 2>&1 || fail "appstreamcli accepted broken metainfo"

# The real files: no error, no warning (hints and pedantic notes are allowed).
out="$(desktop-file-validate "$desktop" 2>&1)" || fail "desktop-file-validate: $out"
if grep -v ': hint: ' <<<"$out" | grep -q .; then fail "desktop-file-validate warned: $out"; fi
out="$(appstreamcli validate --no-net "$metainfo" 2>&1)" || fail "appstreamcli validate: $out"
grep -q '^[EW]:' <<<"$out" && fail "appstreamcli validate warned: $out"
prefix_dir="$(dirname "$(dirname "$(dirname "$desktop")")")"   # …/<prefix>
out="$(appstreamcli validate-tree --no-net "$prefix_dir" 2>&1)" || fail "appstreamcli validate-tree: $out"
grep -q '^[EW]:' <<<"$out" && fail "appstreamcli validate-tree warned: $out"
# The entry starts the daemon meson installs, under the id GTK registers.
grep -qx 'Exec=gradbooth' "$desktop" || fail "Exec is not the gradbooth daemon"
grep -q '<launchable type="desktop-id">org.gradbooth.Booth.desktop</launchable>' "$metainfo" || fail "launchable"
echo "desktop-file-validate, appstreamcli validate and validate-tree: clean"
