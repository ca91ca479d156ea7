"""The hand-drawn SVG charts: well-formed, labelled for screen readers, deterministic."""

from __future__ import annotations

from xml.etree import ElementTree

from anonymise.report import svg


def parse(text: str) -> ElementTree.Element:
    return ElementTree.fromstring(text)


def test_stacked_bars_one_bar_group_per_file_with_title():
    rows = [{"label": "transcripts/a.docx", "parts": {"PERSON": 5, "TOWN": 2}},
            {"label": "transcripts/b & c.docx", "parts": {"PERSON": 1}}]
    text = svg.stacked_bars(rows, "Identifiers per file")
    root = parse(text)
    assert root.tag == "svg" and root.get("role") == "img"
    assert root.find("title").text == "Identifiers per file"
    assert "transcripts/a.docx: 7" in root.find("desc").text
    bars = [r for r in root.iter("rect") if r.find("title") is not None]
    assert len(bars) == 3
    assert "b &amp; c" in text  # labels are escaped
    assert text == svg.stacked_bars(rows, "Identifiers per file")


def test_stacked_bars_groups_rare_types_as_other():
    parts = {f"T{i}": 10 - i for i in range(10)}
    root = parse(svg.stacked_bars([{"label": "f", "parts": parts}], "x"))
    legend = [t.text for t in root.iter("text") if t.get("class") == "legend"]
    assert legend[-1] == "other" and len(legend) == svg.MAX_SERIES + 1


def test_paired_histogram_draws_before_and_after_per_bin():
    bins = ["low", "middle", "high"]
    root = parse(svg.paired_histogram(bins, [1, 2, 30], [3, 0, 0], "Risk", ident="r1"))
    bars = [r for r in root.iter("rect") if r.find("title") is not None]
    assert len(bars) == 6
    heights = [float(r.get("height")) for r in bars]
    assert heights[5] == 0 and max(heights) == heights[4]  # "high, before" is the tallest
    assert root[0].tag == "title" and root[0].get("id") == "r1-title"  # the accessible name comes first


def test_empty_charts_are_still_valid():
    parse(svg.stacked_bars([], "none"))
    parse(svg.paired_histogram(["a"], [0], [0], "none", ident="e"))
