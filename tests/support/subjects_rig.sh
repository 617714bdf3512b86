# Booth subjects for the rig (sourced after booth_rig.sh): camera files of a student who sits the
# way the booth asks, made at build time by tests/data/make_subjects (test material only).
#   rig_subjects NAME...   the live view shows NAME's first subject as a 480-px preview (a
#                          portrait-mounted camera's live view); capture number k is the k-th
#                          NAME's camera file (in turn, wrapping around). Sets RIG_VIDEO and
#                          RIG_SUBJECT_CAPTURES for rig_camera --captures "$RIG_SUBJECT_CAPTURES".
# Returns 77 when the subjects were not built (no test data).

rig_subjects() {
  local src="${GRADBOOTH_SUBJECTS:-$RIG_BUILD/tests/data/subjects}" dir="$RIG_WORK/subjects" n=0 s
  rm -rf "$dir"
  mkdir -p "$dir/live" "$dir/captures"
  for s in "$@"; do
    [ -f "$src/$s.jpg" ] || { echo "booth subject $src/$s.jpg absent (./gradbooth.sh build makes it)" >&2; return 77; }
    n=$((n + 1))
    cp "$src/$s.jpg" "$dir/captures/$(printf %02d "$n")-$s.jpg"
  done
  convert "$src/$1.jpg" -resize 480x -quality 85 "$dir/live/0001.jpg" || return 1
  RIG_VIDEO="$dir/live"
  RIG_SUBJECT_CAPTURES="$dir/captures"
  rig_log "subjects: live view $1, captures $*"
}

#   rig_capture_dir NAME...  prints a folder whose k-th JPEG is the k-th NAME's camera file, for
#                            rig_camera_source (one folder per list, so each step restarts the
#                            emulator at its first capture).
rig_capture_dir() {
  local src="${GRADBOOTH_SUBJECTS:-$RIG_BUILD/tests/data/subjects}" dir n=0 s
  dir="$RIG_WORK/captures-$(IFS=-; echo "$*")"
  if [ ! -d "$dir" ]; then
    mkdir -p "$dir"
    for s in "$@"; do
      [ -f "$src/$s.jpg" ] || { echo "booth subject $src/$s.jpg absent" >&2; return 77; }
      n=$((n + 1))
      cp "$src/$s.jpg" "$dir/$(printf %02d "$n")-$s.jpg"
    done
  fi
  echo "$dir"
}
