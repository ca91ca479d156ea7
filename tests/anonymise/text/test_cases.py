"""Every detection case table (tests/anonymise/text/cases/*.tsv) through the real Detector.

A row says: in this text, this exact span is found as this type, surely or for review, by this
rule; or (`!words`) nothing touches these words. Fixing a kind of text adds a row.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

CASES = Path(__file__).resolve().parent / "cases"
COLUMNS = ("text", "span", "type", "certainty", "rule", "note")


def _rows():
    for table in sorted(CASES.glob("*.tsv")):
        for number, line in enumerate(table.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) != len(COLUMNS):
                raise ValueError(f"{table.name}:{number}: expected {len(COLUMNS)} tab-separated columns, got {len(cells)}")
            row = dict(zip(COLUMNS, cells))
            row["text"] = row["text"].replace("\\n", "\n").replace("\\t", "\t")
            row["span"] = row["span"].replace("\\n", "\n")   # a span may cross a line break too
            yield pytest.param(row, id=f"{table.stem}:{number}")


def _locate(text: str, span: str) -> tuple[int, int]:
    # "@2" at the end means the second occurrence; an @ inside a span ("@jade_xo") is text.
    target, nth = span, ""
    if re.search(r"@\d+$", span):
        target, _, nth = span.rpartition("@")
    at = -1
    for _ in range(int(nth or 1)):
        at = text.find(target, at + 1)
        if at < 0:
            raise ValueError(f"{target!r} is not in the row's text")
    return at, at + len(target)


@pytest.mark.parametrize("row", list(_rows()))
def test_case(detector, row):
    text = row["text"]
    found = detector.detect([text])[0]
    if row["span"].startswith("!"):
        start, end = _locate(text, row["span"][1:])
        touching = [(d.text, d.type, d.evidence) for d in found if d.start < end and d.end > start]
        assert not touching, f"{row['note']}: {row['span'][1:]!r} must stay"
        return
    start, end = _locate(text, row["span"])
    exact = [d for d in found if (d.start, d.end) == (start, end)]
    assert exact, f"{row['note']}: expected {row['span']!r}, found {[(d.text, d.type) for d in found]}"
    d = exact[0]
    if row["type"] != "*":
        assert d.type == row["type"], f"{row['note']}: {d.type} != {row['type']}"
    if row["certainty"] != "*":
        assert d.uncertain == (row["certainty"] == "review"), f"{row['note']}: certainty {d.uncertain}"
    if row["rule"] != "*":
        assert d.evidence.startswith(row["rule"]), f"{row['note']}: evidence {d.evidence!r}"
