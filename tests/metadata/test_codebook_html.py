"""The HTML codebook: self-contained, escaped, and showing every variable with its numbers."""

import re

import lxml.html
import pytest

from manifests.loader import load_manifest
from manifests.workdir import Work
from metadata.codebook_html import render_codebook
from metadata.sources import collect
from tests.metadata.fixtures import example_manifest, make_work


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    work = make_work(tmp_path_factory.mktemp("html"))
    manifest = load_manifest(work / "private" / "deposit.yaml")
    inputs = collect(Work.at(work), manifest)
    return inputs, render_codebook(manifest, inputs)


def test_self_contained(page):
    _, html = page
    assert "<script" not in html.lower()
    assert not re.search(r'(src|href)="(https?:)?//', html), "no external resources"
    assert not re.search(r"@import|url\(", html)
    doc = lxml.html.fromstring(html)
    assert doc.find(".//title").text.startswith("Codebook: Care Planning")


def test_study_files_and_every_variable(page):
    inputs, html = page
    doc = lxml.html.fromstring(html)
    text = doc.text_content()
    assert "SYNTHETIC DEMONSTRATION DATA" in text
    assert "https://doi.org/10.5255/UKDA-SN-900001" in text
    for name in ("casefile_survey.sav", "casefile_survey.tab", "sw01.txt", "interview_guide.txt"):
        assert name in text
    sections = doc.findall(".//section")
    assert [s.find("h3/code").text for s in sections] == [v.name for v in inputs.data[0].variables]


def test_variable_details(page):
    inputs, html = page
    doc = lxml.html.fromstring(html)
    placement = doc.get_element_by_id("casefile_survey-5")
    rows = [[c.text_content() for c in tr] for tr in placement.findall(".//table[@class='categories']/tbody/tr")]
    variable = inputs.data[0].variables[4]
    assert [r[0] for r in rows] == [c.value for c in variable.categories]
    assert [int(r[2]) for r in rows] == [c.freq for c in variable.categories]
    assert "Not recorded (missing)" in rows[-1][1]
    assert "What type of placement" in placement.text_content()
    age = doc.get_element_by_id("casefile_survey-4")
    assert variable.name == "placement_type"
    stats = dict((tr[0].text_content(), tr[1].text_content()) for tr in age.findall(".//table[@class='stats']/tbody/tr"))
    assert stats["Mean"] == inputs.data[0].variables[3].stats["mean"]
    assert "local suppression" in age.text_content()


def test_text_is_escaped(tmp_path):
    data = example_manifest()
    data["study"]["abstract"] = "Uses <script>alert(1)</script> & more"
    work = make_work(tmp_path, data)
    manifest = load_manifest(work / "private" / "deposit.yaml")
    html = render_codebook(manifest, collect(Work.at(work), manifest))
    assert "<script>" not in html and "&lt;script&gt;alert(1)&lt;/script&gt; &amp; more" in html
