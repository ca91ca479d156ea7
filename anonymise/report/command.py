"""`ukds-deposit report WORK`: re-render the anonymisation report from a WORK folder.

Reads WORK/results/anonymise.json, the manifest copy WORK/private/deposit.yaml
and the private key (needed for the leak check and the private variant), then
writes the same files the anonymise stage writes. Useful after a review
decision changed nothing but the report, or after a toolkit upgrade.
"""

from __future__ import annotations

from pathlib import Path

from anonymise.report.writer import write_reports  # also what the anonymise stage calls
from manifests.errors import EXIT_OK, UserError
from manifests.workdir import Work

__all__ = ["add_arguments", "run", "load_inputs", "write_reports"]


def add_arguments(parser) -> None:
    parser.add_argument("work", help="work folder written by 'ukds-deposit anonymise'")


def load_inputs(work: Work) -> tuple[dict, dict, list[dict]]:
    """The manifest, the anonymise result and the key records, with one clear message for what is missing."""
    from manifests.fileio import read_jsonl
    from manifests.loader import load_manifest
    from manifests.results import read_result

    if not work.root.is_dir():
        raise UserError(f"no work folder at {work.root}", hint="give the folder passed to 'ukds-deposit anonymise --work'")
    result = read_result(work, "anonymise")
    if not isinstance(result, dict) or not isinstance(result.get("details"), dict):
        raise UserError("results/anonymise.json has no details to report on", location=str(work.result("anonymise")),
                        hint="re-run 'ukds-deposit anonymise'")
    if not work.manifest_copy.is_file():
        raise UserError(f"the manifest copy {work.manifest_copy} is missing", hint="re-run 'ukds-deposit anonymise'")
    manifest = load_manifest(work.manifest_copy)
    if not work.key.is_file():
        raise UserError(f"the private key {work.key} is missing; the report cannot be checked for originals without it",
                        hint="run the report where the key is kept, or re-run 'ukds-deposit anonymise'")
    try:
        key_records = read_jsonl(work.key)
    except ValueError as exc:
        raise UserError(f"the private key is not valid JSON Lines ({exc})", location=str(work.key)) from None
    return manifest, result, key_records


def outputs(args) -> list:
    """The folders this command may write to (deposit/cli.py confines it to them)."""
    return [args.work]


def run(args) -> int:
    from anonymise.text.review import move_legacy_review

    work = Work.at(Path(args.work))
    manifest, result, key_records = load_inputs(work)
    move_legacy_review(work)          # the report counts the decisions, wherever an earlier version left them
    written = write_reports(work, manifest, result, key_records)
    for path in written:
        print(f"report: wrote {path}")
    return EXIT_OK
