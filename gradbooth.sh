#!/usr/bin/env bash
# gradbooth: one entry point for setup, build, test, demo, bench and fuzz.
#   ./gradbooth.sh demo    set up everything and run the booth demo
#   ./gradbooth.sh test    set up everything and run every test
#   ./gradbooth.sh soak [STUDENTS]   a day in miniature on one booth: memory, fds, threads stay flat
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
BUILD="${GRADBOOTH_BUILD:-$ROOT/build}"
export GRADBOOTH_CACHE="${GRADBOOTH_CACHE:-$HOME/.cache/gradbooth}"
export GRADBOOTH_TESTDATA="$GRADBOOTH_CACHE/testdata"

# Debian packages by area. Each issue owns its line.
PKGS_BASE="meson ninja-build pkg-config g++ cmake doctest-dev libtomlplusplus-dev nlohmann-json3-dev clang-format"
PKGS_MODELS="libopencv-dev libdlib-dev libdlib-data libturbojpeg0-dev libjpeg62-turbo-dev libblas-dev liblapack-dev"
PKGS_IDCARD="libpcsclite-dev pcscd pcsc-tools vsmartcard-vpcd libusb-1.0-0-dev umockdev libumockdev-dev socat"
PKGS_CAMERA="libgphoto2-dev gphoto2 libusb-1.0-0-dev"
PKGS_CORE="libsqlite3-dev sqlite3 libxlsxwriter-dev libzip-dev libexpat1-dev python3-openpyxl zip unzip libssl-dev"
PKGS_UI="libgtkmm-4.0-dev libsystemd-dev systemd xvfb imagemagick fonts-noto-cjk matchbox-window-manager xdotool dbus dbus-x11 gettext cage libgsound-dev sound-theme-freedesktop"
PKGS_TESTDATA="python3-skimage"
PKGS_FUZZ="clang libclang-rt-14-dev"
# Operators: desktop entry/AppStream validators, man pages (scdoc → roff, man-db), headless Chromium for the HTML report test.
PKGS_OPERATORS="desktop-file-utils appstream scdoc man-db groff-base chromium"

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

missing_packages() {
  local p
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || printf '%s ' "$p"
  done
}

cmd_setup() {
  local all="$PKGS_BASE $PKGS_MODELS $PKGS_IDCARD $PKGS_CAMERA $PKGS_CORE $PKGS_UI $PKGS_TESTDATA $PKGS_FUZZ $PKGS_OPERATORS"
  local need
  need="$(missing_packages $all)"
  # npm comes from Debian only where the machine has no Node.js of its own.
  command -v npm >/dev/null 2>&1 || need="$need nodejs npm"
  if [ -n "${need// /}" ]; then
    say "installing Debian packages: $need"
    as_root env DEBIAN_FRONTEND=noninteractive apt-get update -q
    as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $need
  fi
  say "fetching test data into $GRADBOOTH_TESTDATA"
  "$ROOT/tests/data/fetch.sh"
}

cmd_build() {
  local werror=true
  if [ ! -f "$BUILD/build.ninja" ]; then
    say "configuring $BUILD"
    meson setup "$BUILD" "$ROOT" -Dwerror=$werror -Dtestdata="$GRADBOOTH_TESTDATA"
  fi
  say "building"
  meson compile -C "$BUILD"
}

cmd_test() {
  cmd_setup
  cmd_build
  say "running every test"
  meson test -C "$BUILD" --print-errorlogs --num-processes 2 "$@"
}

cmd_demo() {
  cmd_setup
  cmd_build
  exec "$ROOT/tests/demo/demo.sh" "$BUILD" "$@"
}

cmd_soak() {
  cmd_setup
  cmd_build
  exec "$ROOT/tests/soak/soak.sh" "$BUILD" "$@"
}

cmd_bench() {
  cmd_setup
  cmd_build
  local b
  for b in "$BUILD"/tests/bench/*/bench_*; do
    [ -x "$b" ] || continue
    say "$(basename "$b")"
    "$b"
  done
}

cmd_fuzz() {
  cmd_setup
  local fb="$ROOT/build-fuzz" seconds="${1:-600}"
  if [ ! -f "$fb/build.ninja" ]; then
    CXX=clang++ CC=clang meson setup "$fb" "$ROOT" -Dfuzz=true -Db_lundef=false -Dtestdata="$GRADBOOTH_TESTDATA"
  fi
  # Only the fuzz targets: they compile the parsers' sources with coverage and sanitizers themselves.
  local targets
  targets="$(meson introspect "$fb" --targets | /usr/bin/python3 -c \
    'import json,sys; print(" ".join(sorted({t["name"] for t in json.load(sys.stdin) if t["name"].startswith("fuzz_")})))')"
  [ -n "$targets" ] || { echo "no fuzz targets configured" >&2; exit 1; }
  meson compile -C "$fb" $targets
  local f name corpus work failed=0
  for f in "$fb"/tests/fuzz/*/fuzz_*; do
    [ -f "$f" ] && [ -x "$f" ] || continue
    name="$(basename "$f")"
    corpus="$ROOT/tests/fuzz/$(basename "$(dirname "$f")")/corpus/$name"
    work="$fb/corpus/$name"
    mkdir -p "$work" "$corpus"
    say "$name for ${seconds}s (seeds: $corpus)"
    # The roster readers must stay small on any input: a tight RSS limit (ASan's quarantine kept small).
    local rss=2048 asan="${ASAN_OPTIONS:-}"
    case "$name" in fuzz_roster_*) rss=512; asan="quarantine_size_mb=16${asan:+:$asan}" ;; esac
    ASAN_OPTIONS="$asan" "$f" -max_total_time="$seconds" -rss_limit_mb="$rss" -artifact_prefix="$fb/crash-$name-" "$work" "$corpus" \
      || { failed=1; echo "$name: crash or sanitizer report, see $fb/crash-$name-*" >&2; }
  done
  return $failed
}

case "${1:-}" in
  setup) shift; cmd_setup "$@" ;;
  build) shift; cmd_build "$@" ;;
  test) shift; cmd_test "$@" ;;
  demo) shift; cmd_demo "$@" ;;
  soak) shift; cmd_soak "$@" ;;
  bench) shift; cmd_bench "$@" ;;
  fuzz) shift; cmd_fuzz "$@" ;;
  *)
    echo "usage: $0 setup|build|test|demo|soak [STUDENTS]|bench|fuzz [SECONDS]" >&2
    exit 2 ;;
esac
