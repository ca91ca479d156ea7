"""Write the reports to a WORK folder: the file I/O edge of the report package.

Order matters: build, validate, render, check for originals, and only then
write. If the leak check fires nothing public is written (and an earlier
run's public report is removed), so neither a half-safe nor a stale report
can be picked up by the packager.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from anonymise.report.build import build_report
from anonymise.report.html import render_html
from anonymise.report.leak import GATE, find_originals, leak_error, leak_findings
from anonymise.report.private import build_private_report, key_consistency, key_counts, person_decisions
from manifests.fileio import dumps_json, make_private_dir, remove, write_text
from manifests.loader import validate
from manifests.workdir import Work

PUBLIC_JSON = "anonymisation_report.json"
PUBLIC_HTML = "anonymisation_report.html"
PRIVATE_HTML = "anonymisation_report_private.html"
SCHEMA = "anonymisation_report"
RECALL_FILE = "measured_recall.json"  # in anonymise/text/, written by the evaluation on the sealed gold corpus


def _tool_version() -> str:
    from manifests.version import __version__

    return __version__


def measured_recall() -> dict | None:
    """The text pass's recall as measured on the sealed gold corpus and shipped with the package
    (anonymise/text/measured_recall.json), checked against its schema; None if it is absent."""
    path = resources.files("anonymise.text").joinpath(RECALL_FILE)
    if not path.is_file():
        return None
    figures = json.loads(path.read_text(encoding="utf-8"))
    validate(figures, "measured_recall", str(path))
    return figures


def read_decisions(work: Work) -> dict:
    """The decisions a person made, as the report may show them: the review file's (replace or keep
    an uncertain original everywhere) and the private decisions file's per-occurrence ones ("this
    occurrence is not that identifier", anonymise/text/decisions.py), counted by type."""
    from anonymise.text.decisions import decided_not_identifier
    from anonymise.text.review import decided

    return person_decisions(decided(work.review), decided_not_identifier(work.decisions))


def occurrence_rule(work: Work, manifest: dict):
    """The rule every gate applies (matching.OccurrenceRule), with the report's template as its fixed
    prose and the per-occurrence decisions a person made."""
    from anonymise.report.template import template_phrases
    from anonymise.text.decisions import not_identifier
    from anonymise.text.occurrence import OccurrenceRule
    from anonymise.text.settings import TextSettings

    return OccurrenceRule.from_settings(TextSettings.from_manifest(manifest), fixed=template_phrases(),
                                        decided=not_identifier(work.decisions))


def render_public(manifest: dict, anonymise_result: dict, key_records: list[dict], tool_version: str,
                  decisions: dict | None = None, recall: dict | None = None,
                  rule=None) -> tuple[dict[str, str], list[dict]]:
    """({file name: text}, leaks) for the public report, validated. Writes nothing.

    `leaks` lists every original found in those texts, WITH the original: it is
    for the private report only. `decisions`: read_decisions(work); `recall`: measured_recall();
    `rule`: occurrence_rule(work, manifest)."""
    report = build_report(manifest, anonymise_result, tool_version, consistency=key_consistency(key_records),
                          counts=key_counts(key_records), decisions=decisions, recall=recall)
    validate(report, SCHEMA, PUBLIC_JSON)
    texts = {PUBLIC_JSON: dumps_json(report), PUBLIC_HTML: render_html(report)}
    return texts, find_originals(texts, key_records, reveal=True, rule=rule)


def write_reports(work: Work, manifest: dict, anonymise_result: dict, key_records: list[dict],
                  tool_version: str | None = None) -> list[Path]:
    """WORK/reports/anonymisation_report.json|html (public) and WORK/private/anonymisation_report_private.html (0600).

    The public files are written only if no original appears in them; otherwise
    OriginalLeak is raised after the private report (which lists the leaks) is
    written, so the data manager can see what to fix. Returns the paths written."""
    from anonymise.text import decisions as occurrences

    version = tool_version or _tool_version()
    decisions, recall = read_decisions(work), measured_recall()
    rule = occurrence_rule(work, manifest)
    texts, leaks = render_public(manifest, anonymise_result, key_records, version, decisions, recall, rule)
    private = build_private_report(manifest, anonymise_result, version, key_records, leaks=leaks, decisions=decisions,
                                   recall=recall)
    make_private_dir(work.private)
    private_path = write_text(work.private / PRIVATE_HTML, render_html(private), private=True)
    # Each occurrence, with its context, goes to the private log and the decisions file, where a
    # person can say "this occurrence is not that identifier" instead of keeping the word everywhere.
    found, decided = leak_findings(texts, key_records, rule) if leaks else ([], 0)
    occurrences.record(work.decisions, GATE, found)
    log = occurrences.write_log(work.gate_log(GATE), GATE, found, decided, work.decisions,
                                advice="a public field of the report carries an original: that is a bug of the "
                                       "tool; please report it")
    if leaks:
        # A report from an earlier run no longer describes this one: remove it so the
        # packager finds no public report rather than a stale one.
        for name in texts:
            remove(work.reports / name)
        raise leak_error([{k: v for k, v in hit.items() if k != "original"} for hit in leaks],
                         hint=f"{log} names each with its context (and {private_path} lists them); where an occurrence "
                              f"is not that identifier, write not_identifier in its row of {work.decisions} and run "
                              "again; never put an identifier on the keep list to get past this check")
    written = [write_text(work.reports / name, text) for name, text in texts.items()]
    return written + [private_path]
