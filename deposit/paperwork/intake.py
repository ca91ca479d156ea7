"""The intake summary: on one page, what the archive's intake check will look at first.

Counts against the expected counts (cases and variables per data file, transcripts per
participant type), variables without a label, categorical values without a label or outside
the labelled range, and the documentation present or missing (the consent form and information
sheet UKDS expects with interviews among it). Everything is read from what will be deposited,
WORK's anonymised files and metadata, with the same label checks `check` runs on the raw files
(deposit/checks/checks.yaml), so the two reports never disagree about what a finding is.

`gather` is the edge (it reads WORK); `render_html` is pure.
"""

from __future__ import annotations

from collections import Counter
from html import escape
from pathlib import Path

from deposit.checks.collection import CONSENT_DOCUMENTS
from manifests import layout
from manifests.workdir import Work
from metadata.user_guide import PARTICIPANTS

LABEL_CHECKS = ("missing_variable_labels", "unlabelled_values", "values_outside_labels")
SHOWN = 6   # findings listed per kind before the rest are counted: the summary stays one page


def _count(found, expected) -> dict:
    status = "not given" if expected is None else "as expected" if found == expected else "differs"
    return {"found": found, "expected": expected, "status": status}


def _documents(work: Work, manifest: dict, collection: Path | None) -> list[dict]:
    consent = {path: key for key, path in (manifest.get("consent") or {}).items()}
    rows = []
    for entry in sorted((f for f in manifest["files"] if f["role"] == "documentation"), key=lambda f: f["path"]):
        here = (work.anonymised / "documentation" / entry["path"]).is_file() or (
            collection is not None and (collection / entry["path"]).is_file())
        what = {"form": "Consent form", "information_sheet": "Information sheet"}.get(consent.get(entry["path"]), "")
        rows.append({"name": entry["path"], "what": what or entry.get("description") or "Documentation",
                     "status": "present" if here else "missing"})
    for key, expects in CONSENT_DOCUMENTS.items():
        if not (manifest.get("consent") or {}).get(key):
            rows.append({"name": f"consent.{key}", "what": f"UKDS expects {expects}",
                         "status": "missing" if any(f["role"] == "transcript" for f in manifest["files"]) else "not needed"})
    edition = work.metadata / layout.metadata_edition("tab")
    for name, what in ((layout.ddi_name(manifest["study"]["id"]), layout.GENERATED_DESCRIPTIONS["ddi"]),
                       ("codebook.html", layout.GENERATED_DESCRIPTIONS["codebook"])):
        rows.append({"name": f"mrdoc/{name}", "what": what, "status": "present" if (edition / name).is_file() else "missing"})
    report = work.reports / "anonymisation_report.html"
    rows.append({"name": "mrdoc/anonymisation_report.html", "what": layout.GENERATED_DESCRIPTIONS["report_html"],
                 "status": "present" if report.is_file() else "missing"})
    return rows


def gather(work: Work, manifest: dict, collection: Path | None) -> dict:
    """Read WORK (anonymised data, transcripts, metadata) and summarise it."""
    from anonymise.tabular import read_table
    from deposit.checks.config import load_checks
    from deposit.checks.data import check_table
    from metadata.sources import collect

    inputs = collect(work, manifest)
    checks = load_checks()
    chosen = {name: checks[name] for name in (*LABEL_CHECKS, "max_findings_per_variable")}
    data, findings = [], {name: [] for name in LABEL_CHECKS}
    for item in inputs.data:
        expected = dict(item.expected)
        variables = expected["variables"] - expected.get("variables-removed", 0) if "variables" in expected else None
        name = item.files[0].name
        data.append({"file": name, "cases": _count(item.cases, expected.get("cases")),
                     "variables": _count(len(item.variables), variables)})
        for problem in check_table(name, read_table(work.data / f"{item.stem}.sav"), chosen):
            findings[problem.code.removeprefix("check.")].append({"location": problem.location, "message": problem.message})
    found = Counter(t.participant_type or "other" for t in inputs.transcripts)
    expected = manifest.get("expected_transcripts")
    transcripts = [{"participant_type": kind, **_count(found.get(kind, 0), None if expected is None else expected.get(kind, 0))}
                   for kind in sorted(set(found) | set(expected or {}))]
    return {"study": {"id": manifest["study"]["id"], "title": manifest["study"]["title"]},
            "data": data, "transcripts": transcripts, "labels": findings,
            "documentation": _documents(work, manifest, collection)}


STYLE = """
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Arial,sans-serif;margin:0;color:#1d1d1f;line-height:1.35;font-size:14px}
main{max-width:60rem;margin:0 auto;padding:1rem 1.5rem}
h1{font-size:1.25rem;margin:.2rem 0 .6rem}h2{font-size:1rem;margin:1rem 0 .3rem;border-bottom:2px solid #702082}
table{border-collapse:collapse;width:100%;font-size:.9rem}th,td{border:1px solid #ccc;padding:.2rem .45rem;text-align:left;vertical-align:top}
th{background:#f1eaf3}td.num{text-align:right}.differs,.missing{color:#8a1c1c;font-weight:600}.muted{color:#555}
ul{margin:.2rem 0;padding-left:1.2rem}
@page{size:A4;margin:12mm}
"""

LABEL_TITLES = {"missing_variable_labels": "Variables without a label",
                "unlabelled_values": "Categorical values without a label",
                "values_outside_labels": "Categorical values outside the labelled range"}


def render_html(summary: dict) -> str:
    e = lambda v: escape(str(v), quote=True)
    cell = lambda c: f'<td class="num {e(c["status"]).replace(" ", "-")}">{c["found"]}</td><td class="num">' \
                     f'{"" if c["expected"] is None else c["expected"]}</td><td class="{e(c["status"])}">{e(c["status"])}</td>'
    parts = [f'<p class="muted">Intake summary, study {e(summary["study"]["id"])} (for the depositor)</p>',
             f'<h1>{e(summary["study"]["title"])}</h1>', "<h2>Counts against the expected counts</h2>",
             "<table><thead><tr><th>Data file</th><th>Cases</th><th>Expected</th><th></th><th>Variables</th>"
             "<th>Expected</th><th></th></tr></thead><tbody>"]
    parts += [f"<tr><td>{e(d['file'])}</td>{cell(d['cases'])}{cell(d['variables'])}</tr>" for d in summary["data"]]
    parts.append("</tbody></table>")
    if summary["transcripts"]:
        parts.append("<table><thead><tr><th>Transcripts</th><th>Found</th><th>Expected</th><th></th></tr></thead><tbody>")
        plural = lambda t: PARTICIPANTS.get(t, (t.replace("_", " "),) * 2)[1]
        kind = lambda t: plural(t)[:1].upper() + plural(t)[1:]
        parts += [f"<tr><td>{e(kind(t['participant_type']))}</td>{cell(t)}</tr>" for t in summary["transcripts"]]
        parts.append("</tbody></table>")
    for name, title in LABEL_TITLES.items():
        items = summary["labels"][name]
        parts.append(f"<h2>{e(title)}: {len(items)}</h2>")
        if items:
            parts.append("<ul>" + "".join(f"<li><code>{e(i['location'])}</code> {e(i['message'])}</li>"
                                          for i in items[:SHOWN]) + "</ul>")
            if len(items) > SHOWN:
                parts.append(f'<p class="muted">and {len(items) - SHOWN} more (the check report lists them all)</p>')
    parts.append("<h2>Documentation</h2><table><thead><tr><th>Document</th><th>What</th><th></th></tr></thead><tbody>")
    parts += [f"<tr><td>{e(d['name'])}</td><td>{e(d['what'])}</td><td class=\"{e(d['status'])}\">{e(d['status'])}</td></tr>"
              for d in summary["documentation"]]
    parts.append("</tbody></table>")
    return (f'<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
            f'<title>Intake summary: {e(summary["study"]["title"])}</title>\n<style>{STYLE}</style>\n</head>\n'
            f"<body>\n<main>\n{''.join(parts)}\n</main>\n</body>\n</html>\n")
