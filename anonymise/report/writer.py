"""Write the reports to a WORK folder: the file I/O edge of the report package.

Order matters: build, validate, render, check for originals, and only then
write. If the leak check fires nothing public is written, so a half-safe
report can never be picked up by the packager.
"""

from __future__ import annotations

from pathlib import Path

from anonymise.report.build import build_report
from anonymise.report.html import render_html
from anonymise.report.leak import assert_no_originals
from anonymise.report.private import build_private_report, key_consistency
from deposit.fileio import dumps_json, make_private_dir, write_text
from deposit.workdir import Work
from manifests.loader import validate

PUBLIC_JSON = "anonymisation_report.json"
PUBLIC_HTML = "anonymisation_report.html"
PRIVATE_HTML = "anonymisation_report_private.html"
SCHEMA = "anonymisation_report"


def _tool_version() -> str:
    from deposit import __version__

    return __version__


def render_public(manifest: dict, anonymise_result: dict, key_records: list[dict], tool_version: str) -> dict[str, str]:
    """{file name: text} for the public report, validated and checked for originals. Writes nothing."""
    report = build_report(manifest, anonymise_result, tool_version, consistency=key_consistency(key_records))
    validate(report, SCHEMA, PUBLIC_JSON)
    texts = {PUBLIC_JSON: dumps_json(report), PUBLIC_HTML: render_html(report)}
    assert_no_originals(texts, key_records)
    return texts


def write_reports(work: Work, manifest: dict, anonymise_result: dict, key_records: list[dict],
                  tool_version: str | None = None) -> list[Path]:
    """WORK/reports/anonymisation_report.json|html (public) and WORK/private/anonymisation_report_private.html (0600).

    Returns the paths written, public ones first."""
    version = tool_version or _tool_version()
    texts = render_public(manifest, anonymise_result, key_records, version)
    written = [write_text(work.reports / name, text) for name, text in texts.items()]
    private = build_private_report(manifest, anonymise_result, version, key_records)
    make_private_dir(work.private)
    written.append(write_text(work.private / PRIVATE_HTML, render_html(private), private=True))
    return written
