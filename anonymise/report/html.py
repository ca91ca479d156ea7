"""Render the anonymisation report (the JSON dict) as ONE self-contained HTML page.

Everything the page needs is inside it: inline CSS, inline SVG charts, no
scripts, fonts, images or links to anything outside, so it opens offline from
a bundle years later and prints cleanly. It reads only the report dict, never
the stage result or the manifest: what the HTML shows is what the JSON holds.
The verdict comes first, before any table, because that is what a reviewer
came for.
"""

from __future__ import annotations

import math
import re
from html import escape

import anonymise.report.svg as svg
from anonymise.report.build import SCAN_SCOPE, described_steps, pct, plural, whole
from anonymise.text.detection import ENTITY_TYPES

STYLE = """
:root { --ink: #1b1b1b; --muted: #555; --line: #d0d0d0; --pass: #0b6b3a; --attention: #8a5a00;
        --fail: #a0161b; --bg-pass: #e7f4ec; --bg-attention: #fdf3dc; --bg-fail: #fbe6e6; }
* { box-sizing: border-box; }
html { font-family: system-ui, sans-serif; color: var(--ink);
       line-height: 1.45; font-size: 16px; }
body { margin: 0 auto; width: 62rem; padding: 1.5rem 1.5rem 3rem; background: #fff; }
@media screen and (width < 66rem) { body { width: auto; } figure { inline-size: auto; } }
h1 { font-size: 1.7rem; margin: .2rem 0 .4rem; line-height: 1.2; }
h2 { font-size: 1.35rem; margin: 2.2rem 0 .6rem; padding-bottom: .2rem; border-bottom: 2px solid var(--ink); }
h3 { font-size: 1.1rem; margin: 1.6rem 0 .5rem; }
h4 { font-size: 1rem; margin: 1.2rem 0 .4rem; }
p { margin: .4rem 0 .8rem; }
.kicker { text-transform: uppercase; letter-spacing: .06em; font-size: .8rem; color: var(--muted); margin: 0; }
.meta { color: var(--muted); margin: 0 0 1rem; }
.badge { display: inline-block; padding: .05rem .5rem; border-radius: .3rem; font-size: .8rem; font-weight: 600;
         background: #eef; border: 1px solid #99b; color: #224; }
.verdict { border: 2px solid; border-radius: .4rem; padding: .8rem 1.1rem; margin: 1rem 0 1.4rem; }
.verdict h2 { border: 0; margin: 0 0 .5rem; padding: 0; font-size: 1.45rem; }
.verdict-ready { border-color: var(--pass); background: var(--bg-pass); }
.verdict-conditional { border-color: var(--attention); background: var(--bg-attention); }
.verdict-not_ready { border-color: var(--fail); background: var(--bg-fail); }
.reasons p { margin: .3rem 0; padding-left: 6.2rem; text-indent: -6.2rem; }
.outcome { display: inline-block; width: 5.8rem; text-indent: 0; font-weight: 700; font-size: .85rem; }
.outcome-pass { color: var(--pass); } .outcome-attention { color: var(--attention); } .outcome-fail { color: var(--fail); }
table { border-collapse: collapse; margin: .6rem 0 1.2rem; width: 100%; font-size: .92rem; }
caption { text-align: left; font-weight: 600; padding: .3rem 0; }
th, td { border-bottom: 1px solid var(--line); padding: .3rem .5rem; text-align: left; vertical-align: top; }
thead th { border-bottom: 2px solid var(--ink); background: #f3f3f3; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
tr.total td { font-weight: 700; border-top: 2px solid var(--ink); }
.better { color: var(--pass); } .worse { color: var(--fail); }
figure { margin: .8rem 0 1.2rem; inline-size: 47rem; }
figcaption { font-size: .88rem; color: var(--muted); }
svg.chart { display: block; width: 100%; height: auto; font-family: inherit; }
svg .chart-title { font-size: 14px; font-weight: 600; fill: var(--ink); }
svg .label, svg .value, svg .legend { font-size: 12px; fill: var(--ink); }
svg .tick { font-size: 11px; fill: var(--muted); }
svg .grid { stroke: #e4e4e4; stroke-width: 1; } svg .axis { stroke: var(--ink); stroke-width: 1; }
blockquote { margin: .5rem 0; padding: .4rem .8rem; border-left: 4px solid #9aa; background: #f7f8f8; }
blockquote cite { display: block; font-size: .8rem; color: var(--muted); font-style: normal; }
.nobr { text-wrap-mode: nowrap; }
.ph { background: #fff0a8; padding: 0 .1rem; border-radius: .15rem; }
.statement { border-left: 4px solid var(--ink); padding: .4rem .8rem; background: #f6f6f6; }
p.item { margin: .15rem 0 .15rem 1.2rem; }
p.step { margin: 0 0 .25rem; }
.checks dt { font-weight: 700; margin-top: .7rem; }
.checks dd { margin: .1rem 0 0 1.2rem; }
.where { font-size: .85rem; color: var(--muted); }
.private-banner { background: var(--fail); color: #fff; font-weight: 700; padding: .6rem 1rem; border-radius: .3rem; }
footer { margin-top: 2.5rem; font-size: .85rem; color: var(--muted); border-top: 1px solid var(--line); padding-top: .6rem; }
@media print {
  html { font-size: 10pt; }
  body { width: auto; padding: 0; }
  nav { display: none; }
  * { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  h2, h3, h4 { break-after: avoid; }
  table, figure, blockquote, .verdict, .statement { break-inside: avoid; }
  thead { display: table-header-group; }
  tr { break-inside: avoid; }
}
"""

_PLACEHOLDER = re.compile(r"\[[^\[\]\n]{1,40}\]")
OUTCOME_WORDS = {"pass": "✓ passed", "attention": "! check", "fail": "✗ failed"}
PARTICIPANT_WORDS = {
    "social_worker": "social worker", "iro": "IRO", "parent": "parent", "young_person": "young person",
    "focus_group": "focus group", "professional_focus_group": "professional focus group",
    "young_people_focus_group": "young people's focus group", "team_manager": "team manager",
    "childrens_guardian": "children's guardian", "case_file": "case file", "other": "other",
}
MAX_TYPE_COLUMNS = 6
DATE_WORDS = {
    "study.version.date": ("Study version date", "the study's version date (study.version.date in the manifest)"),
    "study.deposit_date": ("Study deposit date", "the study's deposit date (study.deposit_date in the manifest)"),
    "none": ("Undated", "none: the manifest gives no version or deposit date"),
}
# What the residual scan does not look for, and why (anonymise/text/matching.py is the rule).
NOT_SEARCHED = (
    # No example words here: any word quoted could be an original of some collection.
    "Exact ages: each was replaced by an age band, and the same number elsewhere (a count, a time) says nothing "
    "about anyone.",
    "Detections still waiting for a person's decision: the review step holds the deposit back until each one is "
    "decided, and they are replaced by default.",
    "A year on its own and other short numbers: they occur everywhere as counts and dates.",
    "Ordinary English words that are also first names or surnames, and names made only of ordinary words, are "
    "searched only where written with a capital letter, as a name would be; in lower case they are the word.",
    "An original inside a phrase the collection always keeps (such as an ethnic group or the study's own "
    "university) counts as the phrase, not as the identifier.",
)
SETTING_WORDS = {
    "replacement_style": "Replacement style (brackets, role or pseudonym)",
    "age_bands": "Exact ages replaced by age bands",
    "spacy_model": "Language model for names and places",
    "keep_count": "Terms on the keep list (never replaced)",
    "known_count": "Known identifiers supplied by the depositor",
    "tool_version": "Tool version that anonymised",
    "review_threshold": "Score below which a detection goes to review",
    "workers": "Worker processes",
}


def _e(value) -> str:
    return escape(str(value), quote=True)


# 2025-01-31, CR-104233, 5-9: one token, never broken at a hyphen. The style uses text-wrap-mode
# rather than the older property, whose name starts with a surname (see test_html.py).
_NUMBERED = re.compile(r"\w+(?:-\d+)+")


def _t(value) -> str:
    """Text for the page (a cell, a list, a sentence): escaped, with a break opportunity after
    each slash and none inside a hyphenated number.

    Nothing in the page may break inside a word (no `break-all`): a file path's only
    break opportunities are between its folders, so "transcripts/iro_01.docx" wraps as
    "transcripts/" and "iro_01.docx", never as "iro_01.d" and "ocx"; a date or a reference
    stays whole ("2025-01-31", not "2025-01-" and "31"). The leak check reads the page with
    <wbr> taken out, as a reader sees it; the span around a number keeps it one piece of text."""
    text = _e(value).replace("/", "/<wbr>")
    return _NUMBERED.sub(lambda m: f'<span class="nobr">{m.group(0)}</span>', text)


def _n(value) -> str:
    """Numbers as a reader wants them: thousands separators, at most three decimals."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        return f"{value:,.3f}".rstrip("0").rstrip(".") if value else "0"
    return _e(value)


def _words(identifier: str) -> str:
    return identifier.replace("_", " ").capitalize()


def _type_words(kind: str) -> str:
    """An identifier type as its placeholder names it ("NHS number", "GP surgery"), else in words."""
    return ENTITY_TYPES.get(kind) or _words(kind)


def table(caption: str, headers: list[str], rows: list[list], numeric: set[int] = frozenset(),
          total: list | None = None, cls: str = "") -> str:
    """A table with a caption; cells are escaped here unless given as `Raw`."""
    num = ' class="num"'
    head = "".join(f'<th scope="col"{num if i in numeric else ""}>{_e(h)}</th>' for i, h in enumerate(headers))
    body = []
    for row in rows + ([total] if total else []):
        cells = []
        for i, cell in enumerate(row):
            text = cell.html if isinstance(cell, Raw) else (_n(cell) if i in numeric else _t(cell))
            cells.append(f'<td class="num">{text}</td>' if i in numeric else f"<td>{text}</td>")
        body.append(f'<tr class="total">{"".join(cells)}</tr>' if row is total else f"<tr>{''.join(cells)}</tr>")
    if not rows:
        body.append(f'<tr><td colspan="{len(headers)}">none</td></tr>')
    klass = f' class="{cls}"' if cls else ""
    return (f"<table{klass}><caption>{_e(caption)}</caption><thead><tr>{head}</tr></thead>"
            f"<tbody>{''.join(body)}</tbody></table>")


class Raw:
    """Trusted markup for a table cell (built here from escaped parts)."""

    def __init__(self, html: str) -> None:
        self.html = html


def _placeholders_marked(text: str) -> str:
    escaped = _e(text)
    return _PLACEHOLDER.sub(lambda m: f"<span class=\"ph\">{m.group(0)}</span>", escaped)


# ---------------------------------------------------------------- sections

def _header(report: dict) -> str:
    c = report["collection"]
    badges = ' <span class="badge">Synthetic demonstration data</span>' if c.get("synthetic") else ""
    doi = f" · doi:{_t(c['doi'])}" if c.get("doi") else ""
    version = f" · version {_e(c['version'])}" if c.get("version") else ""
    tool = report["tool"]
    ran = (f" (anonymised with {_e(tool['anonymised_with'])})" if tool.get("anonymised_with") not in (None, tool["version"]) else "")
    private = f'<p class="private-banner">{_e(report["private"]["banner"])}</p>' if "private" in report else ""
    return (f"<header>{private}<p class=\"kicker\">Anonymisation report · study {_e(c['id'])}</p>"
            f"<h1>{_e(c['title'])}</h1>"
            f"<p class=\"meta\">{_e(DATE_WORDS.get(report['date_source'], DATE_WORDS['none'])[0])}"
            f"{': ' + _e(report['date']) if report['date_source'] != 'none' else ''}"
            f" (not the date the anonymisation ran){version}{doi} · produced by {_e(tool['name'])} "
            f"{_e(tool['version'])}{ran}{badges}</p></header>")


def _verdict(report: dict) -> str:
    v = report["verdict"]
    items = "".join(
        f'<p class="{_e(r["outcome"])}"><span class="outcome outcome-{_e(r["outcome"])}">'
        f'{_e(OUTCOME_WORDS.get(r["outcome"], r["outcome"]))}</span> {_t(r["message"])}</p>'
        for r in v["reasons"])
    if not items:
        items = "<p>No automatic check applied: nothing was anonymised.</p>"
    return (f'<section id="verdict" class="verdict verdict-{_e(v["status"])}">'
            f'<h2>Verdict: {_e(v["label"])}</h2>'
            f'<div class="reasons">{items}</div>'
            f'<p>The automatic checks cannot judge everything: section 4 lists what a reviewer should still read for.</p>'
            f"</section>")


def _nav(report: dict) -> str:
    entries = [("summary", "Summary"), ("transcripts", "Transcripts"), ("data", "Data files"),
               ("checks", "What to check by hand")]
    if "private" in report:
        entries.append(("private", "Private: the key"))
    links = " · ".join(f'{i}. <a href="#{a}">{_e(t)}</a>' for i, (a, t) in enumerate(entries, 1))
    return f"<nav><h2>Contents</h2><p>{links}</p></nav>"


def _summary(report: dict) -> str:
    paragraphs = "".join(f"<p>{_t(s)}</p>" for s in report["summary"]["plain_language"]) or "<p>Nothing was anonymised.</p>"
    settings = [[SETTING_WORDS.get(k, _words(k)), v if not isinstance(v, bool) else ("yes" if v else "no")]
                for k, v in report["settings"].items()]
    settings.append(["Date shown at the top", f"{DATE_WORDS.get(report['date_source'], DATE_WORDS['none'])[1]}; "
                     "the report carries no run date, so the same inputs always give the same bundle"])
    issues = ""
    if report["stage"]["issues"]:
        issues = table("Problems the anonymise stage reported (by code)", ["Severity", "Code", "Count"],
                       [[i["severity"], i["code"], i["count"]] for i in report["stage"]["issues"]], numeric={2})
    return (f'<section id="summary"><h2>1. Summary</h2><h3>What was done</h3>{paragraphs}'
            f"<h3>Tool and settings</h3>{table('Settings used for this run', ['Setting', 'Value'], settings)}{issues}</section>")


def _type_columns(by_type_total: dict) -> tuple[list[str], bool]:
    ranked = sorted(by_type_total, key=lambda t: (-by_type_total[t], t))
    if len(ranked) <= MAX_TYPE_COLUMNS + 1:
        return ranked, False
    return ranked[:MAX_TYPE_COLUMNS], True


def _transcripts(report: dict) -> str:
    t = report["transcripts"]
    if not t["files"] and not t["entities"]["distinct"]:
        return '<section id="transcripts"><h2>2. Transcripts</h2><p>This collection has no transcripts.</p></section>'
    totals = t["totals"]
    types, other = _type_columns(totals["by_type"])
    headers = ["File", "Participant", "Words", "Replaced", *[_words(x) for x in types], *(["Other"] if other else [])]
    numeric = set(range(2, len(headers)))

    def type_cells(by_type: dict) -> list:
        cells = [by_type.get(x, 0) for x in types]
        return cells + ([sum(n for k, n in by_type.items() if k not in types)] if other else [])

    rows = [[r["file"], PARTICIPANT_WORDS.get(r.get("participant_type", ""), r.get("participant_type", "")),
             r["words"], r["replaced"], *type_cells(r["by_type"])] for r in t["files"]]
    total = ["All transcripts", "", totals["words"], totals["replaced"], *type_cells(totals["by_type"])]
    chart_rows = [{"label": c["file"], "parts": c["by_type"]} for c in report["charts"]["identifiers_per_file"]]
    chart = svg.stacked_bars(chart_rows, "Identifiers replaced per file, by type")
    shown = "" if len(chart_rows) <= svg.MAX_BARS else f" The chart shows the first {svg.MAX_BARS} files; the tables list all."
    per_type = table("Identifiers replaced by type, all transcripts", ["Type", "Replaced"],
                     [[_words(k), v] for k, v in sorted(totals["by_type"].items(), key=lambda kv: (-kv[1], kv[0]))],
                     numeric={1}, total=["All types", totals["replaced"]])
    parts = [
        '<section id="transcripts"><h2>2. Transcripts</h2>',
        "<h3>Identifiers replaced per file and type</h3>",
        _counted(report),
        f"<figure>{chart}<figcaption>Each bar is one file (transcripts first, then documentation and data files whose "
        f"text had replacements); colours are identifier types.{shown}</figcaption></figure>",
        table("Identifiers replaced per transcript", headers, rows, numeric=numeric, total=total),
        _other_files(report),
        per_type,
        _entities(t["entities"]),
        _review(report),
        _keep_list(report),
        _residual(t["residual"]),
        _missed(report),
        _samples(t["samples"]),
        "</section>",
    ]
    return "".join(parts)


def _counted(report: dict) -> str:
    """What each identifier figure counts, so that they can be added up."""
    figures, t = report["summary"]["figures"], report["transcripts"]
    text_rows = report["charts"]["identifiers_per_file"]
    text_total = sum(r["total"] for r in text_rows)
    rules = figures["identifiers_replaced"] - text_total
    items = [f"<b>{t['totals']['replaced']:,}</b> in the transcripts, counted per transcript below;"]
    others = text_total - t["totals"]["replaced"]
    if others > 0:
        items.append(f"<b>{others:,}</b> in documentation and in the free-text answers of data files, by the same "
                     "text pass, counted per file in the second table;")
    if rules > 0 and t["entities"]["consistency"]["source"] != "key":
        # Built without the private key: only the run's total is known beyond the transcripts.
        items.append(f"<b>{rules:,}</b> in documentation and data files (not broken down: this report was built "
                     "without the private key).")
    elif rules > 0:
        items.append(f"<b>{rules:,}</b> data values removed or recoded by rules on data variables (a dropped name or "
                     "postcode column, renumbered case identifiers, relabelled authorities): see section 3.")
    return (f"<p>The private key records <b>{figures['identifiers_replaced']:,}</b> replacements in all:</p>"
            + "".join(f'<p class="item">– {item}</p>' for item in items))


def _other_files(report: dict) -> str:
    transcript_files = {r["file"] for r in report["transcripts"]["files"]}
    data_files = {d["file"] for d in report["data"]}
    rows = [r for r in report["charts"]["identifiers_per_file"] if r["file"] not in transcript_files]
    if not rows:
        return ""
    body = [[r["file"], "free-text answers (data file)" if r["file"] in data_files else "documentation", r["total"],
             ", ".join(f"{_words(k).lower()} {v:,}" for k, v in sorted(r["by_type"].items(), key=lambda kv: (-kv[1], kv[0])))]
            for r in rows]
    return table("Identifiers replaced in documentation and in free-text answers of data files", ["File", "What", "Replaced", "By type"],
                 body, numeric={2}, total=["All these files", "", sum(r["total"] for r in rows), ""])


def _entities(e: dict) -> str:
    c = e["consistency"]
    text = (f"<p>Transcripts, documentation and the free-text answers of data files are anonymised together, so one "
            f"person or place gets one placeholder in every file. <b>{e['distinct']:,} distinct placeholders</b> were used "
            f"(dates, ages, postcodes and similar share one unnumbered placeholder per kind); {e['in_several_files']:,} of "
            "them appear in more than one file.</p>")
    if c["source"] == "key":
        text += (f"<p>Checked against the private key, these placeholders stand for {c['entities']:,} distinct originals "
                 f"(each written form of a name, place or number counted once): <b>{c['consistent']:,} of {c['entities']:,} "
                 f"({_n(round(float(c['share']) * 100, 1))}%)</b> were replaced by one and the same placeholder everywhere "
                 "they occur.</p>")
    else:
        text += (f"<p>From the public list of placeholders: <b>{c['consistent']:,} of {c['entities']:,} "
                 f"({_n(round(float(c['share']) * 100, 1))}%)</b> stand for one entity only.</p>")
    spans = table("Distinct entities by the number of files they appear in", ["Files", "Entities"],
                  [[f"{n} file" + ("" if n == "1" else "s"), v] for n, v in e["files_spanned"].items()], numeric={1})
    types = table("Distinct entities by type", ["Type", "Entities"],
                  [[_words(k), v] for k, v in sorted(e["by_type"].items(), key=lambda kv: (-kv[1], kv[0]))], numeric={1})
    top = table(f"The {len(e['top'])} most frequent entities (placeholders only)", ["Placeholder", "Type", "Files", "Occurrences"],
                [[x["placeholder"], _words(x["type"]), x["files"], x["occurrences"]] for x in e["top"]], numeric={2, 3})
    return f"<h3>Distinct entities and consistency</h3>{text}{spans}{types}{top}"


def _review(report: dict) -> str:
    """Decisions a person made, counted by type: what the tool decided is elsewhere in the report."""
    r, d = report["transcripts"]["review"], report["person_decisions"]
    where = f" The decisions are kept in {_e(r['file'])}, which is private." if r["file"] else ""
    intro = (f"<p>Detections the tool was unsure of were listed for a person to decide: replace the word everywhere, "
             f"or keep it everywhere as written. A person may also decide that one occurrence is not the identifier "
             f"(the same word meaning something else there). These are decisions a person made, not the tool; they are "
             f"counted here by the type the tool detected, without the words themselves.{where}</p>")
    totals = d["totals"]
    if d["source"] == "stage":
        rows = [["Replaced everywhere", totals["replace"]], ["Kept everywhere", totals["keep"]],
                ["Still pending (replaced until decided)", r["pending"]]]
        counted = table("Decisions a person made (by type: not known, this report was built without the review file)",
                        ["Decision", "Count"], rows, numeric={1})
    else:
        rows = [[_type_words(x["type"]), x["replace"], x["keep"], x["not_identifier"]] for x in d["by_type"]]
        counted = table("Decisions a person made, by identifier type",
                        ["Type", "Replaced everywhere", "Kept everywhere", "Not the identifier here (one occurrence)"],
                        rows, numeric={1, 2, 3},
                        total=["All types", totals["replace"], totals["keep"], totals["not_identifier"]] if rows else None)
        counted += f"<p>Still waiting for a person's decision (replaced until decided): {r['pending']:,}.</p>"
    return f"<h3>Decisions a person made</h3>{intro}{counted}"


KEEP_WORDS = {
    "manifest": "listed in the manifest (anonymisation.keep)",
    "study": "named in the study description, which the catalogue record publishes",
}


def _keep_list(report: dict) -> str:
    k = report["keep_list"]
    rows = [[x["term"], Raw(f"<b>a reviewer decided to keep it</b> (detected as {_e(_type_words(x['type']).lower())})")
             if x["source"] == "review" else KEEP_WORDS[x["source"]]] for x in k["terms"]]
    reviewed = sum(1 for x in k["terms"] if x["source"] == "review")
    missing = ("" if k["review_read"] else
               " This report was built without the review file, so words a reviewer decided to keep are not listed.")
    return ("<h3>Words kept on purpose (the keep list)</h3>"
            "<p>The text pass never replaces these words, anywhere: the data manager decided to publish them. Check that "
            "none is a person's name or a place that identifies someone, since a name on this list stays in every file. "
            f"{plural(reviewed, 'word')} came from a reviewer's decision.{missing} The tool's built-in list of general terms "
            "(countries, national bodies and services, months and festivals, census ethnic groups) is the same for every "
            "collection and is not listed.</p>"
            + table("Every word on the keep list, and why it is there", ["Word or phrase", "Kept because"], rows))


def _residual(r: dict) -> str:
    if r["status"] == "clean":
        text = (f"<p><b>Clean.</b> After writing, every output file ({r['checked_files']:,}) was searched for the "
                f"originals in the key that the scan looks for ({r['originals_checked']:,} distinct originals, whole words). "
                f"None was found. {_t(SCAN_SCOPE)} The next part estimates how many it missed.</p>")
    elif r["status"] == "hits":
        text = (f"<p><b>Originals found.</b> The scan found {len(r['hits']):,} original identifier(s) in the output. "
                "Which originals is recorded only in the private report.</p>"
                + table("Where the residual scan found originals", ["File", "Location", "Type"],
                        [[h.get("file", ""), h.get("location", ""), _words(h.get("type", ""))] for h in r["hits"]]))
    else:
        text = "<p>No residual scan was recorded.</p>"
    if r["status"] != "not_run":
        # Paragraphs, not a list: the page's markup avoids words that are also names ("li").
        items = "".join(f'<p class="item">– {_e(item)}</p>' for item in NOT_SEARCHED)
        text += f"<p>What the scan does not look for, and why:</p>{items}"
    return f"<h3>Residual scan</h3>{text}"


GROUP_WORDS = {
    "PERSON": "People", "PLACE": "Places", "ORGANISATION": "Organisations", "DATE": "Dates", "AGE": "Ages",
    "CONTACT": "Contact details", "ID": "Identifying numbers", "OTHER": "Other (no group yet)",
}


def _misses(value, span) -> str:
    if span is None:
        return "not measured"
    low, high = span
    return (f"about {whole(value)} ({whole(low, math.floor)} to "
            f"{whole(high, math.ceil) if high is not None else 'no upper bound'})")


def _missed(report: dict) -> str:
    """What the detector probably missed, by kind: what the residual scan cannot see."""
    m = report["recall"]
    measured = m["status"] == "measured"
    rows = []
    for g in m["groups"]:
        if not g["replaced"] and not g["types"] and g["recall"] is None:
            continue
        recall = (f"{pct(g['recall'])} ({pct(g['ci95'][0])} to {pct(g['ci95'][1])})" if g["recall"] is not None
                  else "not measured")
        missed = ("none found, so no estimate" if not g["replaced"] and g["recall"] is not None
                  else _misses(g["expected_missed"], g["expected_range"]))
        rows.append([GROUP_WORDS.get(g["group"], g["group"]), ", ".join(_type_words(t) for t in g["types"]) or "–",
                     g["replaced"], recall, missed])
    total = m["total"]
    overall = f"{pct(m['overall']['recall'])} overall" if measured else "not measured"
    figures = table("Identifiers replaced, the detector's measured recall and the identifiers it probably missed, by kind",
                    ["Kind", "Types counted", "Replaced", "Measured recall (95% interval)", "Probably missed (range)"],
                    rows, numeric={2}, total=["All kinds", "", total["replaced"], overall,
                                              _misses(total["expected_missed"], total["expected_range"])])
    where = ("every text the pass read: transcripts, documentation and free-text answers" if m["scope"] == "text"
             else "the transcripts only (this report was built without the private key's counts)")
    if measured:
        s = m["source"]
        intro = (f"<p>{_e(SCAN_SCOPE)} How many it missed can only be estimated, from its recall measured on the sealed "
                 f"split of a gold corpus written independently of this tool ({_t(s['corpus'])}: {s['documents']:,} "
                 f"documents, {s['words']:,} words, measured {_t(s['measured_on'])}). For each kind, about replaced × "
                 "(1 − recall) ÷ recall were missed; the range comes from the recall's 95% interval. It is an estimate: "
                 "this collection is not the gold corpus, and the replacements counted include any false detections. "
                 f"Replacements counted: {where}.</p>")
    else:
        intro = f'<p class="statement"><b>Not measured.</b> {_t(m["statement"])}</p><p>{_t(SCAN_SCOPE)}</p>'
    return (f"<h3>What the detector may have missed</h3>{intro}{figures}"
            "<p><b>These identifiers were not found by the residual scan and are still in the output.</b> Where it "
            "matters (young people's and parents' accounts, free text about families, anything to be shared "
            "widely) a person needs to read the text.</p>")


def _samples(samples: list[dict]) -> str:
    if not samples:
        return "<h3>Sample passages</h3><p>No passage with a placeholder was sampled.</p>"
    quotes = "".join(f"<blockquote><p>{_placeholders_marked(s['text'])}</p><cite>{_t(s['file'])}</cite></blockquote>"
                     for s in samples)
    return ("<h3>Sample passages</h3><p>Passages taken from the anonymised transcripts, so they show placeholders "
            f"(highlighted) where identifiers were.</p>{quotes}")


RISK_LABELS = (
    ("records", "Records"),
    ("k2", "Records violating 2-anonymity"),
    ("k3", "Records violating 3-anonymity"),
    ("k5", "Records violating 5-anonymity"),
    ("sample_uniques", "Sample uniques"),
    ("expected_reidentifications", "Expected re-identifications"),
    ("mean_risk", "Mean individual risk"),
    ("max_risk", "Maximum individual risk"),
)


def _change(before, after) -> Raw:
    if before is None or after is None:
        return Raw("–")
    if after < before:
        return Raw(f'<span class="better">{_n(after - before)}</span>')
    if after > before:
        return Raw(f'<span class="worse">+{_n(after - before)}</span>')
    return Raw("no change")


def _step(word: str, detail: str, why: str) -> str:
    """One thing done to a variable: what, the detail, and the reason, as a short paragraph."""
    return (f'<p class="step"><b>{_t(word[:1].upper() + word[1:])}</b>{": " + _t(detail) if detail else ""}'
            f'{". Why: " + _t(why) if why else ""}.</p>')


def _data_file(d: dict, index: int) -> str:
    intro = []
    if d.get("description"):
        intro.append(_e(d["description"]))
    intro.append(f"{d['records']:,} records; {d['variables_before']} variables before, {d['variables_after']} after")
    if d.get("weight"):
        intro.append(f"weighted by {_e(d['weight'])}")
    key_words = {"manifest": "key variable", "proposed": "proposed key"}.get(d["keys_source"], "")
    decisions = table(f"What happened to each variable in {d['file']}", ["Variable", "What happened, and why"],
                      [[Raw(_t(v["variable"]) + (f'<br><span class="where">{key_words}</span>' if v["key"] else "")),
                        Raw("".join(_step(*step) for step in described_steps(v)))] for v in d["variables"]])
    suppress = table(f"Values suppressed per variable in {d['file']}", ["Variable", "Values suppressed"],
                     [[v, n] for v, n in d["suppressions"].items()], numeric={1},
                     total=["All variables", sum(d["suppressions"].values())] if d["suppressions"] else None)
    loss = table(f"Information loss in {d['file']}", ["Measure", "Value"],
                 [[_words(k), v] for k, v in d["info_loss"].items()], numeric={1})
    return (f'<h3 id="data-{index}">{_e(d["file"])}</h3><p>{"; ".join(intro)}.</p>'
            f"<h4>Variables changed and why</h4>{decisions}"
            f"<h4>Key variables and risk</h4>{_risk(d, index)}"
            f"<h4>Suppression and information loss</h4>{suppress}{loss}"
            f'<h4>Residual risk</h4><p class="statement">{_t(d["statement"])}</p>')


def _keys(d: dict) -> str:
    codes = lambda names: ", ".join(f"<code>{_e(k)}</code>" for k in names)
    if d["keys_source"] == "proposed":
        proposed = table(f"Key variables the tool proposed for {d['file']}", ["Variable", "Why the tool proposed it"],
                         [[p["variable"], p["reason"] or "no reason given"] for p in d["proposed_keys"]])
        return (f"<p><b>No key variables were named in the manifest.</b> The tool proposed {codes(d['risk_keys'])} "
                "as what an intruder could know, and measured risk on them; a person must confirm them or name "
                f"others.</p>{proposed}")
    return f"<p>Key variables (what an intruder is assumed to know): {codes(d['risk_keys'])}.</p>"


def _risk(d: dict, index: int) -> str:
    """The risk table, chart and bands, or plainly "not measured": a table of dashes and a chart
    of zeros would read as "no risk" where nothing was counted."""
    before, after = d["risk"]["before"], d["risk"]["after"]
    dist = d["risk_distribution"]
    if dist["before"] is None and dist["after"] is None:
        return ('<p class="statement"><b>Not measured.</b> No key variables were named for this file'
                + (" and the tool proposed none" if not d["proposed_keys"] else "")
                + ", so re-identification risk was not measured: there are no figures before or after anonymisation. "
                "Section 4 lists the variables published.</p>")
    unmeasured = Raw("not measured")
    risk_rows = [[label, before.get(key) if dist["before"] is not None else unmeasured,
                  after.get(key) if dist["after"] is not None else unmeasured,
                  _change(before.get(key), after.get(key))] for key, label in RISK_LABELS]
    risk_rows = [[cell if cell is not None else unmeasured for cell in row] for row in risk_rows]
    risk = table(f"Disclosure risk on the key variables in {d['file']}, before and after",
                 ["Measure", "Before", "After", "Change"], risk_rows, numeric={1, 2, 3})
    bands = [[b, x, y] for b, x, y in zip(dist["bins"], dist["before"] or [unmeasured] * len(dist["bins"]),
                                          dist["after"] or [unmeasured] * len(dist["bins"]))]
    dist_table = table(f"Records per risk band in {d['file']}", ["Chance of re-identification", "Before", "After"],
                       bands, numeric={1, 2})
    chart = ""
    if dist["before"] is not None and dist["after"] is not None:
        drawn = svg.paired_histogram(dist["bins"], dist["before"], dist["after"], f"Risk per record in {d['file']}",
                                     ident=f"risk-{index}")
        chart = (f"<figure>{drawn}<figcaption>Light bars: before anonymisation; dark blue bars: after. Bars further "
                 "right mean records that are easier to re-identify.</figcaption></figure>")
    return (f"{_keys(d)}<p>Target: every combination shared by at least {d['k']} records. The figures below measure "
            f"risk on these variables only; section 4 lists the other variables published.</p>{risk}{chart}{dist_table}")


def _data(report: dict) -> str:
    if not report["data"]:
        return '<section id="data"><h2>3. Data files</h2><p>This collection has no data files.</p></section>'
    return ('<section id="data"><h2>3. Data files</h2>'
            + "".join(_data_file(d, i + 1) for i, d in enumerate(report["data"])) + "</section>")


def _checks(report: dict) -> str:
    items = []
    for c in report["manual_checks"]:
        where = ""
        if c["where"]:
            # Variables are listed in full: each is a question for the reviewer.
            limit = len(c["where"]) if any("::" in w for w in c["where"]) else 12
            listed = ", ".join(_t(w) for w in c["where"][:limit])
            more = f" and {len(c['where']) - limit} more" if len(c["where"]) > limit else ""
            where = f'<br><span class="where">Where: {listed}{more}</span>'
        items.append(f"<dt>{_e(c['topic'])}</dt><dd>{_e(c['why'])}{where}</dd>")
    return ('<section id="checks"><h2>4. What a reviewer should still check by hand</h2>'
            "<p>The tool finds names, places, numbers and dates, and measures risk on the key variables. "
            "It cannot judge indirect identifiers. Read for these:</p>"
            f'<dl class="checks">{"".join(items)}</dl></section>')


def _private(report: dict) -> str:
    if "private" not in report:
        return ""
    p = report["private"]
    key = table("Every distinct original and its placeholder(s) (inconsistent ones first)",
                ["Original", "Other spellings", "Placeholder(s)", "One placeholder", "Type", "Files", "Occurrences"],
                [[r["original"], ", ".join(s for s in r["spellings"] if s != r["original"]), ", ".join(r["replacements"]),
                  "yes" if r["consistent"] else "NO", r["type"], len(r["files"]), r["occurrences"]] for r in p["key"]],
                numeric={5, 6})
    known = table("Known identifiers from the manifest", ["Identifier", "Type", "Found in the collection"],
                  [[k["text"], k["type"], "yes" if k["found"] else "no"] for k in p["known_identifiers"]])
    leaks = ""
    if p.get("leaks"):
        leaks = ("<p><b>The public report was not written:</b> these originals from the key appear in it. "
                 "A common word taken for a name must be fixed in the text pass (or added to the keep list); "
                 "an original in a public field is a bug.</p>"
                 + table("Originals found in the public report", ["Original", "Type", "Found in"],
                         [[h["original"], h["type"], h["text"]] for h in p["leaks"]]))
    return (f'<section id="private"><h2>Private: the key</h2><p class="private-banner">{_e(p["banner"])}</p>'
            f"{leaks}<p>{p['key_records']:,} replacements recorded in the key.</p>{known}{key}</section>")


def render_html(report: dict) -> str:
    """The whole page. Deterministic: the same report gives the same text."""
    c = report["collection"]
    title = f"Anonymisation report: {c['title']}" + (" (PRIVATE)" if "private" in report else "")
    body = "".join([
        _header(report), _verdict(report), _nav(report), _summary(report), _transcripts(report),
        _data(report), _checks(report), _private(report),
        f'<footer>Rendered from anonymisation_report.json (report format {report["report_version"]}). '
        "This page is self-contained: it uses no network, scripts, fonts or images from elsewhere.</footer>",
    ])
    return ("<!DOCTYPE html>\n"
            '<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n{body}\n</body>\n</html>\n")
