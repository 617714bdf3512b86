#!/usr/bin/env bash
# Progress of long admin operations through the real binary: with stderr to a pipe, batch,
# export, verify, merge and roster import print one "LABEL DONE/TOTAL ITEM" line per step on
# stderr (stdout keeps only the results); --quiet prints none; on a terminal (a pty made by
# util-linux `script`) the same command draws a bar with count, rate and time left instead.
# Photos: the booth subjects the build makes (booth_01829 passes, booth_04117 fails).
set -uo pipefail
build="${GRADBOOTH_BUILD_ROOT:?}"; src="${GRADBOOTH_SOURCE_ROOT:?}"; subjects="${GRADBOOTH_SUBJECTS:?}"
admin="$build/kiosk/admin/gradbooth-admin"
[ -f /usr/share/dlib/shape_predictor_68_face_landmarks.dat ] || { echo "no dlib landmark model"; exit 77; }
for s in booth_01829 booth_04117; do
  [ -f "$subjects/$s.jpg" ] || { echo "FAIL: booth subject $s missing (the build makes them)"; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
failed=0
fail() { echo "FAIL: $*" >&2; failed=1; }
# Two booths: the example config split into 0001–5000 and 5001–9999 (profiles/ sits beside it).
cp -r "$src/config" "$work/cfg1"
cp -r "$src/config" "$work/cfg2"
sed -i 's/^sequence_last = .*/sequence_last = 5000/' "$work/cfg1/gradbooth.toml"
sed -i 's/^sequence_first = .*/sequence_first = 5001/; s/^id = "booth-1"/id = "booth-2"/' "$work/cfg2/gradbooth.toml"
cfg="$work/cfg1/gradbooth.toml"

# roster-example.csv: 202400001…202400008. Booth 1 gets 3 passing photos and 1 failing one.
mkdir -p "$work/p1" "$work/p2"
for n in 202400001 202400002 202400003; do cp "$subjects/booth_01829.jpg" "$work/p1/$n.jpg"; done
cp "$subjects/booth_04117.jpg" "$work/p1/202400004.jpg"
for n in 202400005 202400006; do cp "$subjects/booth_01829.jpg" "$work/p2/$n.jpg"; done

steps() {  # steps FILE LABEL → the DONE/TOTAL of LABEL's lines, space-separated
  grep -o "^$2 [0-9]*/[0-9]*" "$1" | awk '{print $2}' | tr '\n' ' ' | sed 's/ $//'
}

"$admin" batch --roster "$src/config/roster-example.csv" --photos "$work/p1" --out "$work/e1" \
  --config "$cfg" --data-dir "$work/d1" >"$work/batch.out" 2>"$work/batch.err"
rc=$?
[ $rc -eq 1 ] || fail "batch: exit $rc, expected 1 (one photo fails, students without photos)"
[ "$(steps "$work/batch.err" check)" = "1/4 2/4 3/4 4/4" ] || fail "batch check steps: '$(steps "$work/batch.err" check)'"
[ "$(steps "$work/batch.err" export)" = "1/3 2/3 3/3" ] || fail "batch export steps: '$(steps "$work/batch.err" export)'"
grep -q '^check 4/4 202400004.jpg$' "$work/batch.err" || fail "batch: the step line does not name the photo"
grep -q '^export 3/3 photos/0003.jpg$' "$work/batch.err" || fail "batch: the export step does not name photos/0003.jpg"
grep -q '^check \|^export ' "$work/batch.out" && fail "batch: progress lines on stdout"
grep -q '编号 3 张' "$work/batch.out" || fail "batch: the summary is not on stdout: $(cat "$work/batch.out")"

"$admin" export --out="$work/e1b" --config "$cfg" --data-dir "$work/d1" >"$work/export.out" 2>"$work/export.err" \
  || fail "export: exit $?"
[ "$(steps "$work/export.err" export)" = "1/3 2/3 3/3" ] || fail "export steps: '$(steps "$work/export.err" export)'"
"$admin" export --quiet --out "$work/e1q" --config "$cfg" --data-dir "$work/d1" >/dev/null 2>"$work/quiet.err" \
  || fail "export --quiet: exit $?"
# Where no journald listens the journal's entry comes to stderr as one "gradbooth[EVENT] …" line:
# that is the day's log, not progress, and --quiet does not silence it.
progress_lines() { grep -v '^gradbooth\[[a-z_]*\] ' "$1"; }
progress_lines "$work/quiet.err" >/dev/null && fail "export --quiet printed: $(progress_lines "$work/quiet.err")"

"$admin" verify "$work/e1b" >"$work/verify.out" 2>"$work/verify.err" || fail "verify: exit $?"
[ "$(steps "$work/verify.err" verify)" = "1/3 2/3 3/3" ] || fail "verify steps: '$(steps "$work/verify.err" verify)'"

"$admin" batch --roster "$src/config/roster-example.csv" --photos "$work/p2" --out "$work/e2" --quiet \
  --config "$work/cfg2/gradbooth.toml" --data-dir "$work/d2" >/dev/null 2>"$work/batch2.err"
progress_lines "$work/batch2.err" >/dev/null && fail "batch --quiet printed: $(progress_lines "$work/batch2.err")"
"$admin" merge "$work/e1b" "$work/e2" --out "$work/m" --config "$cfg" >"$work/merge.out" 2>"$work/merge.err" \
  || fail "merge: exit $?: $(cat "$work/merge.out" "$work/merge.err")"
[ "$(steps "$work/merge.err" merge)" = "1/5 2/5 3/5 4/5 5/5" ] || fail "merge steps: '$(steps "$work/merge.err" merge)'"
grep -q '^merge 5/5 photos/5002.jpg$' "$work/merge.err" || fail "merge: last step is not photos/5002.jpg"

# A large roster: one line per row, the last one 3000/3000.
python3 "$src/tests/admin/make_roster.py" 3000 "$work/big.csv"
"$admin" roster import "$work/big.csv" --batch big --config "$cfg" --data-dir "$work/d3" >/dev/null 2>"$work/roster.err" \
  || fail "roster import: exit $?"
[ "$(grep -c '^roster [0-9]*/3000 ' "$work/roster.err")" = 3000 ] || fail "roster: not 3000 step lines"
tail -1 "$work/roster.err" | grep -q '^roster 3000/3000 202503000$' || fail "roster: last line $(tail -1 "$work/roster.err")"

# On a terminal: a bar redrawn in place (\r), with count, rate and time left; no step lines.
if command -v script >/dev/null; then
  script -qec "'$admin' export --out '$work/e1t' --config '$cfg' --data-dir '$work/d1' >/dev/null" /dev/null \
    >"$work/tty.raw" 2>&1 || fail "export on a pty: exit $?"
  tr '\r' '\n' <"$work/tty.raw" >"$work/tty.txt"
  grep -Eq 'export \[#{24}\] 3/3  [0-9.]+/s  [0-9]+:[0-9]{2} left  photos/0003.jpg' "$work/tty.txt" \
    || fail "no full bar on the terminal: $(cat -v "$work/tty.raw")"
  grep -q $'\r' "$work/tty.raw" || fail "the bar is not redrawn in place"
  grep -q '^export 1/3 ' "$work/tty.txt" && fail "step lines on a terminal"
else
  echo "util-linux script absent: the terminal bar is not tested"
fi
exit $failed
