"""The report as a person sees it: rendered by headless Chromium with networking off.

The screenshot is decoded with zlib and struct only (no imaging library) and
must show a real page: many colours, a good share of ink, and the verdict
panel's colour near the top. Both the hand-built report of the fixtures and
the report the anonymise stage itself writes for the demonstration collection
are rendered. Chromium is Debian's `chromium` package
(`make browser` installs it). In CI (CI=true) a missing browser fails the
test; on a developer's machine it skips with the same message.
"""

from __future__ import annotations

import json
import re
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from anonymise.report.build import build_report
from anonymise.report.html import render_html
from anonymise.report.private import key_consistency
from deposit.cli import main
from tests.anonymise.report.devtools import CSS_PX_PER_MM, OFFLINE_FLAGS, Page, chromium

pytestmark = pytest.mark.browser

WIDTH, HEIGHT = 1200, 1600
VERDICT_READY_BG = (0xE7, 0xF4, 0xEC)  # --bg-pass in the page's CSS
VERDICT_BG = {"ready": VERDICT_READY_BG, "conditional": (0xFD, 0xF3, 0xDC), "not_ready": (0xFB, 0xE6, 0xE6)}
# The two widths a reviewer reads the page at: a laptop screen, and A4 portrait (210 mm)
# inside Chromium's default print margins (0.4 inch each side), laid out with the print
# style sheet. The page sets no @page rule: "page" is also a surname (see test_html.py).
A4_WIDTH_MM, PRINT_MARGIN_MM = 210, 0.4 * 25.4
SCREEN = (1280, "screen")
A4_PRINT = (int((A4_WIDTH_MM - 2 * PRINT_MARGIN_MM) * CSS_PX_PER_MM), "print")
# For every word of every text node laid out in lines (chart labels are placed, not wrapped):
# the distinct line tops of its characters. A word is letters, digits and underscores, joined
# by an apostrophe or a dot ("children's", "iro_01.docx") or by a hyphen before digits (a date
# "2025-01-31", a reference "CR-104233", a band "5-9"); a break after a slash, or after a
# hyphen before letters ("3-anonymity"), is a break between words. Also every text box whose content is wider than the box itself,
# and the page's own scroll width: a table wider than the page is cut off in print.
LAYOUT = r"""
(() => {
  const split = [], overflow = [];
  const range = document.createRange();
  const word = /[\p{L}\p{N}_]+(?:['’.][\p{L}\p{N}_]+|-\p{N}+)*/gu;
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  let words = 0;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('svg')) continue;
    for (const m of node.data.matchAll(word)) {
      range.setStart(node, m.index);
      range.setEnd(node, m.index + m[0].length);
      const rects = Array.from(range.getClientRects()).filter(r => r.width > 0);
      if (rects.length) words += 1;
      if (new Set(rects.map(r => Math.round(r.top))).size > 1) {
        split.push(m[0] + ' in <' + node.parentElement.tagName.toLowerCase() + '>');
      }
    }
  }
  for (const box of document.querySelectorAll('td, th, caption, p, dt, dd, h1, h2, h3, h4, blockquote, figcaption')) {
    if (box.scrollWidth > box.clientWidth + 1) overflow.push(box.tagName.toLowerCase() + ': ' + box.textContent.slice(0, 80));
  }
  const page = document.documentElement;
  return {words, split, overflow, scroll: page.scrollWidth, room: page.clientWidth, width: window.innerWidth};
})()
"""


def assert_no_word_is_split(tmp_path: Path, page: Path, width: int, media: str) -> None:
    """Lay the page out `width` CSS pixels wide as `media` in Chromium and measure in the DOM."""
    with Page(tmp_path / "profile") as tab:
        tab.open(page.as_uri(), width, media=media)
        found = tab.evaluate(LAYOUT)
        shot = tab.screenshot(tmp_path / f"{page.stem}-{media}-{width}.png")
    where = f"laid out {width}px wide for {media} (screenshot: {shot})"
    assert found["width"] == width and found["words"] > 500, found
    assert not found["split"], f"words split across lines, {where}: {found['split'][:20]}"
    assert not found["overflow"], f"content wider than its box, {where}: {found['overflow'][:10]}"
    assert found["scroll"] <= found["room"], f"the page is {found['scroll']}px wide, {where}"


def run_chromium(tmp_path: Path, *args: str) -> None:
    command = [chromium(), *OFFLINE_FLAGS, f"--user-data-dir={tmp_path / 'profile'}", *args]
    done = subprocess.run(command, capture_output=True, text=True, timeout=180)
    assert done.returncode == 0, done.stderr[-2000:]


def decode_png(data: bytes) -> tuple[int, int, int, list[bytearray]]:
    """8-bit RGB/RGBA, non-interlaced PNG (what Chromium writes) -> rows of raw pixel bytes."""
    assert data[:8] == b"\x89PNG\r\n\x1a\n", "not a PNG"
    pos, idat, header = 8, [], None
    while pos < len(data):
        length, kind = struct.unpack(">I4s", data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + length]
        pos += 12 + length
        if kind == b"IHDR":
            header = struct.unpack(">IIBBBBB", body)
        elif kind == b"IDAT":
            idat.append(body)
        elif kind == b"IEND":
            break
    width, height, depth, colour, _, _, interlace = header
    assert depth == 8 and interlace == 0 and colour in (2, 6), f"unexpected PNG format {header}"
    bpp = 3 if colour == 2 else 4
    stride = width * bpp
    raw = zlib.decompress(b"".join(idat))
    rows, prev, i = [], bytearray(stride), 0
    for _ in range(height):
        kind, line = raw[i], bytearray(raw[i + 1:i + 1 + stride])
        i += 1 + stride
        # Undo the per-row filter (PNG spec, section 9).
        if kind == 1:
            for x in range(bpp, stride):
                line[x] = (line[x] + line[x - bpp]) & 255
        elif kind == 2:
            for x in range(stride):
                line[x] = (line[x] + prev[x]) & 255
        elif kind == 3:
            for x in range(stride):
                line[x] = (line[x] + ((line[x - bpp] if x >= bpp else 0) + prev[x]) // 2) & 255
        elif kind == 4:
            for x in range(stride):
                a = line[x - bpp] if x >= bpp else 0
                b = prev[x]
                c = prev[x - bpp] if x >= bpp else 0
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                line[x] = (line[x] + (a if pa <= pb and pa <= pc else b if pb <= pc else c)) & 255
        rows.append(line)
        prev = line
    return width, height, bpp, rows


def pixels(rows: list[bytearray], bpp: int):
    for row in rows:
        for x in range(0, len(row), bpp):
            yield row[x], row[x + 1], row[x + 2]


@pytest.fixture
def report_page(tmp_path, manifest, result, key_records, near_perfect) -> Path:
    page = tmp_path / "anonymisation_report.html"
    report = build_report(manifest, result, "0.1.0", consistency=key_consistency(key_records), recall=near_perfect)
    page.write_text(render_html(report), encoding="utf-8")
    return page


@pytest.fixture(scope="module")
def pipeline_page(tmp_path_factory) -> tuple[Path, str]:
    """The public report the anonymise stage writes (and the packager bundles) for the small
    demonstration collection, with its verdict. Chromium is looked for first, so a machine
    without it skips (or CI fails) before the slow run."""
    chromium()
    base = tmp_path_factory.mktemp("pipeline")
    assert main(["demo", str(base / "collection"), "--scale", "small", "--seed", "1"]) == 0
    assert main(["anonymise", str(base / "collection"), "--work", str(base / "work")]) == 0
    reports = base / "work" / "reports"
    status = json.loads((reports / "anonymisation_report.json").read_text(encoding="utf-8"))["verdict"]["status"]
    return reports / "anonymisation_report.html", status


def assert_readable(tmp_path: Path, page: Path, verdict_bg: tuple[int, int, int]) -> None:
    shot = tmp_path / "report.png"
    run_chromium(tmp_path, f"--screenshot={shot}", f"--window-size={WIDTH},{HEIGHT}", page.as_uri())
    width, height, bpp, rows = decode_png(shot.read_bytes())
    assert (width, height) == (WIDTH, HEIGHT)
    colours: set[tuple[int, int, int]] = set()
    ink = 0
    for r, g, b in pixels(rows, bpp):
        colours.add((r, g, b))
        ink += (r, g, b) != (255, 255, 255)
    assert len(colours) > 50, f"only {len(colours)} colours: the page looks blank"
    assert ink / (width * height) > 0.05, f"only {ink} non-white pixels"
    # The verdict panel is drawn within the first screenful, i.e. at the top.
    top = sum(1 for px in pixels(rows[: height // 3], bpp) if px == verdict_bg)
    assert top > 20000, "the verdict panel is not visible at the top"


def test_screenshot_shows_a_readable_page(tmp_path, report_page):
    assert_readable(tmp_path, report_page, VERDICT_READY_BG)


@pytest.mark.slow
def test_the_report_the_pipeline_writes_renders(tmp_path, pipeline_page):
    page, status = pipeline_page
    assert_readable(tmp_path, page, VERDICT_BG[status])


@pytest.mark.parametrize("width, media", [SCREEN, A4_PRINT], ids=["screen-1280", "print-A4"])
def test_no_word_is_split_across_lines(tmp_path, report_page, width, media):
    assert_no_word_is_split(tmp_path, report_page, width, media)


@pytest.mark.slow
@pytest.mark.parametrize("width, media", [SCREEN, A4_PRINT], ids=["screen-1280", "print-A4"])
def test_no_word_is_split_in_the_report_the_pipeline_writes(tmp_path, pipeline_page, width, media):
    assert_no_word_is_split(tmp_path, pipeline_page[0], width, media)


def test_prints_to_pdf(tmp_path, report_page):
    pdf = tmp_path / "report.pdf"
    run_chromium(tmp_path, f"--print-to-pdf={pdf}", "--no-pdf-header-footer", report_page.as_uri())
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF")
    pages = len(re.findall(rb"/Type\s*/Page(?!s)", data))
    assert 2 <= pages <= 40, f"{pages} printed pages"


def test_missing_chromium_fails_in_ci_and_skips_locally(monkeypatch):
    monkeypatch.setattr(shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="make browser"):
        chromium()
    monkeypatch.setenv("CI", "")
    with pytest.raises(pytest.skip.Exception, match="make browser"):
        chromium()
