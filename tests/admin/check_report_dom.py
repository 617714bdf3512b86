#!/usr/bin/env python3
"""Checks the DOM Chromium built from the batch report (--dump-dom output) against the batch's
own figures: check_report_dom.py DOM.html EXPECT.json. Prints what it found as JSON (the bar
widths and heights, for the pixel check of the screenshot); exits 1 naming every mismatch."""
import json
import sys
from html.parser import HTMLParser


class Dom(HTMLParser):
    def __init__(self):
        super().__init__()
        self.elements = []  # (tag, attrs)
        self.text = []
        self.stack = []

    def handle_starttag(self, tag, attrs):
        self.elements.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def classes(a):
    return a.get("class", "").split()


def main() -> int:
    dom_text = open(sys.argv[1], encoding="utf-8").read()
    want = json.load(open(sys.argv[2], encoding="utf-8"))
    d = Dom()
    d.feed(dom_text)
    errors = []
    bars = [a for t, a in d.elements if t == "rect" and "bar" in classes(a)]
    got = {a["data-reason"]: int(a["data-count"]) for a in bars}
    if got != want["reasons"]:
        errors.append(f"failure-reason bars {got} != stats {want['reasons']}")
    hours = [a for t, a in d.elements if t == "rect" and "hour-bar" in classes(a)]
    if sum(int(a["data-count"]) for a in hours) != want["attempts"] or not hours:
        errors.append(f"photos-per-hour bars add up to {sum(int(a['data-count']) for a in hours)}, not {want['attempts']}")
    thumbs = [a for t, a in d.elements if t == "img" and "thumb" in classes(a)]
    if len(thumbs) != want["thumbnails"]:
        errors.append(f"{len(thumbs)} thumbnails, expected {want['thumbnails']}")
    if any(not a.get("src", "").startswith("data:image/jpeg;base64,/9j/") for a in thumbs):
        errors.append("a thumbnail is not an embedded JPEG")
    figures = [a for t, a in d.elements if t == "figure" and "photo" in classes(a)]
    if len(figures) != want["attempts"]:
        errors.append(f"{len(figures)} photos on the contact sheet, expected {want['attempts']}")
    verdicts = sorted(c for a in figures for c in classes(a) if c != "photo")
    if verdicts != sorted(want["verdicts"]):
        errors.append(f"verdicts {verdicts} != {sorted(want['verdicts'])}")
    groups = [a.get("data-reason") for t, a in d.elements if t == "div" and "group" in classes(a)]
    if sorted(groups) != sorted(want["groups"]):
        errors.append(f"contact-sheet groups {groups} != {want['groups']}")
    missing = [a for t, a in d.elements if t == "tr" and "missing-student" in classes(a)]
    if len(missing) != want["missing"]:
        errors.append(f"{len(missing)} students without a photo listed, expected {want['missing']}")
    # Hostile names stay text: no element came out of them, and the text is there as written.
    if any(t in ("script", "iframe", "object", "embed") for t, _ in d.elements):
        errors.append("an active element is in the page")
    if any(a.get("src") == "x" or "onerror" in a for _, a in d.elements):
        errors.append("a roster string became markup (img onerror)")
    text = "".join(d.text)
    for h in want["hostile"]:
        if h not in text:
            errors.append(f"the hostile name is not shown as text: {h}")
    # Self-contained: nothing fetched from anywhere.
    for t, a in d.elements:
        for k in ("src", "href"):
            v = a.get(k, "")
            if v and not v.startswith("data:") and not v.startswith("#"):
                errors.append(f"<{t} {k}={v[:60]}> reaches outside the file")
    for full in want["full_ids"]:
        if full in dom_text:
            errors.append(f"a full ID number is in the report: {full[:6]}…")
    print(json.dumps({"bar_widths": [float(a["width"]) for a in bars], "bar_height": float(bars[0]["height"]) if bars else 0,
                      "hour_widths": [float(a["width"]) for a in hours], "hour_heights": [float(a["height"]) for a in hours]}))
    for e in errors:
        print("FAIL:", e, file=sys.stderr)
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
