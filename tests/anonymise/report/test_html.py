"""The HTML page as a reader gets it: structure, self-containment, no originals, same bytes."""

from __future__ import annotations

import re
from html.parser import HTMLParser

import pytest

from anonymise.report.build import build_report
from anonymise.report.html import render_html
from anonymise.report.leak import find_originals
from anonymise.report.private import build_private_report, key_consistency

VOID = {"meta", "br", "wbr", "link", "img", "input", "hr"}


class Outline(HTMLParser):
    """Start tags in document order, with a check that every element is closed in order."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict]] = []
        self.stack: list[str] = []
        self.text: dict[int, str] = {}
        self.errors: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag not in VOID:
            self.stack.append(tag)

    def handle_startendtag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_endtag(self, tag):
        if not self.stack or self.stack[-1] != tag:
            self.errors.append(f"unexpected </{tag}> with open {self.stack[-3:]}")
            return
        self.stack.pop()

    def handle_data(self, data):
        index = len(self.tags) - 1
        self.text[index] = self.text.get(index, "") + data


def outline(page: str) -> Outline:
    parser = Outline()
    parser.feed(page)
    parser.close()
    return parser


@pytest.fixture
def page(manifest, result, key_records, near_perfect):
    return render_html(build_report(manifest, result, "0.1.0", consistency=key_consistency(key_records),
                                    recall=near_perfect))


def test_well_formed_with_headings_in_order(page):
    parsed = outline(page)
    assert not parsed.errors and not parsed.stack
    names = [t for t, _ in parsed.tags]
    assert names.count("h1") == 1
    assert names.index("h1") < names.index("h2") < names.index("h3")
    headings = [parsed.text.get(i, "") for i, (t, _) in enumerate(parsed.tags) if t == "h2"]
    for expected in ("Verdict: Ready to share", "1. Summary", "2. Transcripts", "3. Data files",
                     "4. What a reviewer should still check by hand"):
        assert expected in headings


def test_every_table_has_a_caption_and_the_verdict_comes_first(page):
    parsed = outline(page)
    names = [t for t, _ in parsed.tags]
    tables = [i for i, t in enumerate(names) if t == "table"]
    assert len(tables) >= 10
    for i in tables:
        assert names[i + 1] == "caption", "a table without a caption"
        assert parsed.text.get(i + 1, "").strip()
    verdict = next(i for i, (t, a) in enumerate(parsed.tags) if a.get("id") == "verdict")
    assert verdict < tables[0]
    assert page.index("Verdict: Ready to share") < page.index("<table")


def test_inline_svg_charts_for_identifiers_and_risk(page):
    assert page.count("<svg") == 3  # one bar chart + a histogram per data file
    assert "Identifiers replaced per file, by type" in page
    assert "Risk per record in data/casefile_survey.sav" in page


def test_self_contained_no_external_references(page):
    assert not re.search(r"https?://", page)
    assert not re.search(r"\bsrc\s*=", page)
    assert not re.search(r"<link\b", page, re.I)
    assert not re.search(r"<script\b", page, re.I)
    assert not re.search(r"url\(|@import", page)
    assert not re.search(r"<(img|iframe|object|embed)\b", page, re.I)
    # Only in-page anchors.
    assert all(h.startswith("#") for h in re.findall(r'href="([^"]*)"', page))


def test_prints_cleanly(page):
    assert "@media print" in page and "break-inside: avoid" in page and "display: table-header-group" in page


def test_no_original_appears(page, key_records):
    assert find_originals({"html": page}, key_records) == []


def test_same_report_same_bytes(manifest, result, key_records):
    first = render_html(build_report(manifest, result, "0.1.0", consistency=key_consistency(key_records)))
    second = render_html(build_report(manifest, result, "0.1.0", consistency=key_consistency(key_records)))
    assert first.encode() == second.encode()


def test_text_from_the_data_is_escaped(manifest, variant):
    result = variant()
    result["details"]["samples"] = [{"file": "t.txt", "text": "<script>x</script> met [Person 1] & left"}]
    page = render_html(build_report(manifest, result, "0.1.0"))
    assert "<script>" not in page
    assert '&lt;script&gt;x&lt;/script&gt; met <span class="ph">[Person 1]</span> &amp; left' in page


def test_verdict_shown_for_each_outcome(manifest, variant):
    result = variant()
    result["details"]["review"]["pending"] = 3
    page = render_html(build_report(manifest, result, "0.1.0"))
    assert 'class="verdict verdict-conditional"' in page and "Share after the checks listed" in page
    result["details"]["residual"].update(status="hits", hits=[{"file": "a.docx", "location": "3", "type": "PERSON"}])
    page = render_html(build_report(manifest, result, "0.1.0"))
    assert 'class="verdict verdict-not_ready"' in page and "Not ready to share" in page


def test_private_variant_shows_originals_under_a_banner(manifest, result, key_records):
    page = render_html(build_private_report(manifest, result, "0.1.0", key_records))
    assert "PRIVATE" in page and 'id="private"' in page
    assert find_originals({"html": page}, key_records)  # it is meant to show them
    assert page.index("private-banner") < page.index('id="verdict"')


def test_markup_and_css_use_no_common_names(page):
    """The leak check and the bundle search match whole words in any case, so a tag or CSS
    word that is also a name ("mark", "max", "li", "aria") would make a real person called
    Mark, Max, Li or Aria look like a leak. Only these unavoidable, rare-as-name words remain."""
    from anonymise.report.html import STYLE
    from anonymise.text.lexicon import load

    unavoidable = {"font", "lang", "meta", "sans", "ui"}  # <meta charset>, lang="en", font-family
    names = {n.casefold() for n in load().first_names} | {n.casefold() for n in load().surnames}
    markup = " ".join(re.findall(r"<[^>]+>", page)) + STYLE
    words = {w.casefold() for w in re.findall(r"[^\W\d_]+", markup)}
    assert words & names <= unavoidable, sorted(words & names - unavoidable)


def test_page_labels_the_date_and_says_what_the_residual_scan_leaves_out(manifest, result, key_records):
    from anonymise.report.private import key_counts

    page = render_html(build_report(manifest, result, "0.1.0", consistency=key_consistency(key_records),
                                    counts=key_counts(key_records)))
    assert "Study version date: 2015-07-15 (not the date the anonymisation ran)" in page
    assert "Dated " not in page
    assert "What the scan does not look for, and why:" in page and "Exact ages" in page
    # the data files' free text is counted per file, next to the transcripts
    assert "Identifiers replaced in documentation and in free-text answers of data files" in page
    assert "free-text answers (data file)" in page


def test_each_variable_is_one_row_with_everything_that_happened_to_it(page):
    caption = "What happened to each variable in data/casefile_survey.sav"
    body = page[page.index(caption):]
    body = body[:body.index("</table>")]
    rows = re.findall(r"<tr>(.*?)</tr>", body.split("<tbody>")[1])
    assert len(rows) == 9
    age_band = [r for r in rows if r.startswith("<td>age_band")]
    assert len(age_band) == 1
    assert "<b>Banded</b>" in age_band[0] and "<b>Locally suppressed</b>: 4 values" in age_band[0]
    assert "key variable" in age_band[0]
    legal = next(r for r in rows if r.startswith("<td>legal_status"))
    assert "<b>Kept unchanged</b>. Why:" in legal and ": unchanged" not in legal


def test_risk_not_measured_is_said_not_drawn_as_zero(manifest, variant):
    result = variant()
    survey = result["details"]["data"][0]
    survey.update(keys=[], risk_before=None, risk_after=None, risk_distribution_before=[], risk_distribution_after=[])
    page = render_html(build_report(manifest, result, "0.1.0"))
    section = page[page.index('id="data-1"'):page.index('id="data-2"')]
    assert "<b>Not measured.</b> No key variables were named for this file and the tool proposed none" in section
    assert "<svg" not in section and "Records per risk band" not in section
    assert "0 before" not in section and "–" not in section
    assert page.count("<svg") == 2  # the bar chart and the questionnaire's histogram


def test_proposed_keys_are_listed_with_reasons(manifest, variant):
    result = variant()
    survey = result["details"]["data"][0]
    survey["keys"] = []
    survey["proposed_keys"] = [{"variable": "la", "reason": "an area an intruder may know"}]
    for side in ("risk_before", "risk_after"):
        survey[side]["keys"] = ["la"]
    page = render_html(build_report(manifest, result, "0.1.0"))
    section = page[page.index('id="data-1"'):page.index('id="data-2"')]
    assert "<b>No key variables were named in the manifest.</b> The tool proposed <code>la</code>" in section
    assert "Key variables the tool proposed for data/casefile_survey.sav" in section
    assert "<td>la</td><td>an area an intruder may know</td>" in section
    assert '<span class="where">proposed key</span>' in section


def test_the_page_says_what_the_scan_cannot_see_and_what_was_probably_missed(manifest, result, key_records, figures):
    from anonymise.report.private import key_counts

    report = build_report(manifest, result, "0.1.0", counts=key_counts(key_records),
                          recall=figures(0.85, (0.82, 0.88), PERSON=(0.9, (0.88, 0.92))))
    page = render_html(report)
    verdict = page[page.index('id="verdict"'):page.index("<nav>")]
    assert "The residual scan can only find again what the detector already found" in verdict
    assert "The residual scan cannot find these: a person needs to read the text where it matters" in verdict
    section = page[page.index("<h3>What the detector may have missed</h3>"):page.index("<h3>Sample passages</h3>")]
    assert "gold-test: 60 documents, 98,000 words, measured <span class=\"nobr\">2025-01-31</span>" in section
    people = next(r for r in re.findall(r"<tr>(.*?)</tr>", section) if r.startswith("<td>People</td>"))
    person_rows = [r for r in key_records if r["type"] == "PERSON" and r.get("detector") != "data_rule"]
    assert f'<td class="num">{len(person_rows)}</td>' in people and "90% (88% to 92%)" in people
    assert "<td>Identifying numbers</td><td>Case reference</td>" in section
    assert "These identifiers were not found by the residual scan and are still in the output." in section
    assert find_originals({"html": page}, key_records) == []


def test_recall_not_measured_is_said_plainly(manifest, result):
    page = render_html(build_report(manifest, result, "0.1.0"))
    section = page[page.index("<h3>What the detector may have missed</h3>"):page.index("<h3>Sample passages</h3>")]
    assert '<p class="statement"><b>Not measured.</b> The detector' in section
    assert "about" not in section.split("</table>")[0].split("<table")[1]
