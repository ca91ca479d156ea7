"""The ReShare record sheet and the first page of the user guide as a person sees them: laid out
by headless Chromium (networking off) on a screen and at A4 print width, measured in the DOM as
the anonymisation report is (tests/anonymise/report/test_browser.py): no word split across
lines, no text wider than its box, no page wider than the paper. Screenshots are kept in the
test's temporary folder for a person to look at."""

from __future__ import annotations

import copy
from pathlib import Path

import pytest
from pypdf import PdfReader

from deposit.demo.generate import generate
from deposit.packager.guide import UserGuides
from deposit.paperwork import reshare
from manifests import layout
from manifests.loader import load_manifest
from tests.anonymise.report.devtools import Page, chromium
from tests.anonymise.report.test_browser import A4_PRINT, LAYOUT, SCREEN, decode_png, pixels

A4_HEIGHT_PX = int((297 - 2 * 16) * 96 / 25.4)   # the guide's first page: A4 less its top and bottom margins

pytestmark = pytest.mark.browser


def measure(tmp_path: Path, page: Path, width: int, media: str, height: int | None = None) -> tuple[dict, Path]:
    with Page(tmp_path / f"profile-{media}") as tab:
        tab.open(page.as_uri(), width, height=height or 1000, media=media)
        found = tab.evaluate(LAYOUT)
        shot = tab.screenshot(tmp_path / f"{page.stem}-{media}-{width}.png")
    return found, shot


def assert_laid_out(found: dict, shot: Path, width: int, words: int) -> None:
    where = f"laid out {width}px wide (screenshot: {shot})"
    assert found["width"] == width and found["words"] > words, found
    assert not found["split"], f"words split across lines, {where}: {found['split'][:20]}"
    assert not found["overflow"], f"content wider than its box, {where}: {found['overflow'][:10]}"
    assert found["scroll"] <= found["room"], f"the page is {found['scroll']}px wide, {where}"
    w, h, bpp, rows = decode_png(shot.read_bytes())
    ink = sum((r, g, b) != (255, 255, 255) for r, g, b in pixels(rows, bpp))
    assert ink / (w * h) > 0.03, f"only {ink} non-white pixels in {shot}"


@pytest.fixture(scope="module")
def manifest(tmp_path_factory) -> dict:
    chromium()
    folder = tmp_path_factory.mktemp("demo") / "collection"
    generate(folder, scale="small", seed=1)
    return load_manifest(folder)


@pytest.mark.parametrize("width, media", [SCREEN, A4_PRINT], ids=["screen-1280", "print-A4"])
def test_the_reshare_sheet_has_no_layout_breaks(tmp_path, manifest, width, media):
    page = tmp_path / "reshare_record.html"
    page.write_text(reshare.render_html(reshare.record_sheet(manifest)), encoding="utf-8")
    assert_laid_out(*measure(tmp_path, page, width, media), width, words=400)


def test_an_empty_field_sheet_has_no_layout_breaks_either(tmp_path, manifest):
    bare = copy.deepcopy(manifest)
    for key in ("alternative_title", "related_publications", "doi", "series"):
        bare["study"].pop(key)
    page = tmp_path / "reshare_bare.html"
    page.write_text(reshare.render_html(reshare.record_sheet(bare)), encoding="utf-8")
    assert_laid_out(*measure(tmp_path, page, *A4_PRINT), A4_PRINT[0], words=300)


@pytest.mark.parametrize("width, media", [SCREEN, A4_PRINT], ids=["screen-1280", "print-A4"])
def test_the_first_page_of_the_guide_has_no_layout_breaks(tmp_path, work, width, media):
    chromium()
    import yaml

    manifest = yaml.safe_load(work.manifest_copy.read_text("utf-8"))
    guides = UserGuides(work, manifest)
    names = ["tab/survey.tab", "text/sw01.txt", "mrdoc/900001_ddi.xml", "mrdoc/codebook.html",
             "mrdoc/allissue/team_manager_questionnaire_ukda_data_dictionary.rtf",
             layout.user_guide_place("900001"), "read900001.htm", "900001_file_information.rtf"]
    html = guides.html("tab", [(n, "A file of this folder, described as the inventory describes it") for n in names])
    page = tmp_path / "user_guide.html"
    page.write_text(html, encoding="utf-8")
    found, shot = measure(tmp_path, page, width, media, height=A4_HEIGHT_PX)
    assert_laid_out(found, shot, width, words=300)
    # and the printed PDF's first page starts the guide: cover, study and its description
    pdf, text, reason = guides.render("tab", [(n, "described") for n in names])
    assert pdf is not None, reason
    (tmp_path / "guide.pdf").write_bytes(pdf)
    first = PdfReader(str(tmp_path / "guide.pdf")).pages[0].extract_text()
    assert first.startswith("User guide, study 900001") and "Study number" in first
