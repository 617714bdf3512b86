#!/usr/bin/env bash
# The batch report in a real browser. A batch is made through `gradbooth-admin batch --report`
# from the booth subjects (booth_01829 passes ×3, booth_04117 and booth_02683 fail), two roster
# names are then made hostile in the store, and `gradbooth-admin report` writes the HTML again.
# Headless Chromium (Debian chromium) builds its DOM and a 1280×2000 screenshot: the DOM must
# hold one bar per failure reason with the store's own counts (stats --json), photos per hour
# adding up to the attempts, one embedded thumbnail per spec photo, every verdict and group, the
# students still without a photo, the hostile names as text only, nothing fetched from outside,
# no full ID number; the screenshot must not be blank and must show exactly the chart's bars
# (pixel count of the bar colours = the bars' areas from the DOM).
# The last report and screenshot stay in <build>/tests/admin/report/ for a look.
set -uo pipefail
build="${GRADBOOTH_BUILD_ROOT:?}"; src="${GRADBOOTH_SOURCE_ROOT:?}"; subjects="${GRADBOOTH_SUBJECTS:?}"
admin="$build/kiosk/admin/gradbooth-admin"
command -v chromium >/dev/null || { echo "chromium absent (Debian: chromium)"; exit 77; }
command -v convert >/dev/null || { echo "ImageMagick convert absent"; exit 77; }
[ -f /usr/share/dlib/shape_predictor_68_face_landmarks.dat ] || { echo "no dlib landmark model"; exit 77; }
for s in booth_01829 booth_04117 booth_02683; do
  [ -f "$subjects/$s.jpg" ] || { echo "FAIL: booth subject $s missing (the build makes them)"; exit 1; }
done
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
keep="$build/tests/admin/report"
mkdir -p "$keep"
fail() { echo "FAIL: $*" >&2; exit 1; }
cfg="$src/config/gradbooth.toml"

mkdir -p "$work/p"
for n in 202400001 202400002 202400003; do cp "$subjects/booth_01829.jpg" "$work/p/$n.jpg"; done
cp "$subjects/booth_04117.jpg" "$work/p/202400004.jpg"
cp "$subjects/booth_02683.jpg" "$work/p/202400005.jpg"
"$admin" batch --roster "$src/config/roster-example.csv" --photos "$work/p" --out "$work/pkg" --quiet \
  --report "$work/first.html" --config "$cfg" --data-dir "$work/d" --batch demo >"$work/batch.out" 2>&1
[ $? -eq 1 ] || fail "batch: expected exit 1 (2 photos fail): $(cat "$work/batch.out")"
[ -s "$work/first.html" ] || fail "batch --report wrote nothing"
grep -q '<svg id="reasons-chart"' "$work/first.html" || fail "batch --report: no chart"

# Hostile roster strings, put straight into the store (the roster reader would refuse them).
db="$work/d/demo/session.sqlite"
hostile1='<script>document.title="pwned"</script>'
hostile2='"><img src=x onerror=alert(1)>&amp;'
sqlite3 "$db" "UPDATE roster SET name='$hostile1' WHERE student_number='202400001';
               UPDATE roster SET name='$(sed "s/'/''/g" <<<"$hostile2")' WHERE student_number='202400006';" \
  || fail "sqlite3 could not edit the roster"
"$admin" report --batch=demo --out "$keep/report.html" --config "$cfg" --data-dir "$work/d" >"$work/report.out" 2>&1 \
  || fail "report: exit $?: $(cat "$work/report.out")"

# What the page must show, from the store itself.
"$admin" stats --batch demo --json --config "$cfg" --data-dir "$work/d" >"$work/stats.json" || fail "stats"
python3 - "$db" "$work/stats.json" "$hostile1" "$hostile2" >"$work/expect.json" <<'PY' || fail "expectations"
import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
stats = json.load(open(sys.argv[2]))
rows = db.execute("SELECT pass, status, failed_checks, spec_file FROM attempts").fetchall()
live = db.execute("SELECT COUNT(*) FROM photos WHERE voided_at IS NULL").fetchone()[0]
print(json.dumps({
    "reasons": {f["check"]: f["count"] for f in stats["top_failures"]},
    "attempts": len(rows),
    "thumbnails": sum(1 for r in rows if r[3]),
    "verdicts": ["passed" if r[1] == "accepted" and r[0] else "retake" for r in rows],
    "groups": sorted({r[2].split(",")[0] if r[2] else "" for r in rows}),
    "missing": stats["roster"] - live,
    "hostile": [sys.argv[3], sys.argv[4]],
    "full_ids": [r[0] for r in db.execute("SELECT id_number FROM roster")],
}))
PY

chrome() {
  timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-background-networking \
    --disable-component-update --disable-sync --no-first-run --user-data-dir="$work/profile" \
    --hide-scrollbars --force-device-scale-factor=1 "$@" 2>>"$work/chromium.log"
}
chrome --dump-dom "file://$keep/report.html" >"$work/dom.html" || fail "chromium --dump-dom: $(tail -5 "$work/chromium.log")"
python3 "$src/tests/admin/check_report_dom.py" "$work/dom.html" "$work/expect.json" >"$work/found.json" \
  || fail "the page Chromium built does not match the batch (expected $(cat "$work/expect.json"))"
rm -f "$keep/report.png"
chrome --screenshot="$keep/report.png" --window-size=1280,2000 "file://$keep/report.html" >/dev/null \
  || fail "chromium --screenshot: $(tail -5 "$work/chromium.log")"
[ -s "$keep/report.png" ] || fail "no screenshot"
colours="$(convert "$keep/report.png" -format %k info:)"
[ "$colours" -gt 1000 ] || fail "the screenshot looks blank ($colours colours)"
area() {  # pixels of colour $1 in the screenshot
  convert "$keep/report.png" -alpha off -fuzz 4% -fill black +opaque "$1" -fill white -opaque "$1" \
    -format "%[fx:round(mean*w*h)]" info:
}
python3 - "$work/found.json" "$(area '#d9480f')" "$(area '#1971c2')" <<'PY' || fail "the charts on the screenshot are not the DOM's bars"
import json, sys
f = json.load(open(sys.argv[1]))
reasons = sum(f["bar_widths"]) * f["bar_height"]
hours = sum(w * h for w, h in zip(f["hour_widths"], f["hour_heights"]))
for name, want, got in (("failure-reason bars", reasons, int(sys.argv[2])), ("photos-per-hour bars", hours, int(sys.argv[3]))):
    print(f"{name}: {got} px drawn, {want:.0f} px in the DOM")
    if want <= 0 or abs(got - want) > 0.03 * want:
        sys.exit(1)
PY
echo "report: $keep/report.html ($(stat -c %s "$keep/report.html") bytes), screenshot: $keep/report.png ($colours colours)"
