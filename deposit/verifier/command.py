"""`ukds-deposit verify BUNDLE [--json] [--bagit-only]`: what a secondary researcher runs after download.

Exit 0 when the bundle is valid (warnings allowed), 1 when a check failed,
2 when the input cannot be checked at all (missing, not a zip, unsafe zip).

`verify DIR_OF_ZIPS` (a folder holding .zip files and no bag of its own) verifies every zip
in it on the chosen engine (`--engine processes|dask`), one JSON line per bundle in the
zips' name order, and exits with the worst bundle's code.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from manifests.errors import EXIT_USAGE, Problem, ProblemReport, UserError
from manifests.executor import add_engine_arguments, executing
from manifests.fileio import dumps_json


def add_arguments(parser) -> None:
    parser.add_argument("bundle", help="a bundle .zip, the folder it was unpacked into, or a folder of bundle .zip files")
    parser.add_argument("--json", action="store_true", help="print the report as JSON (manifests/schemas/verify_report.schema.json)")
    parser.add_argument("--work", help="also record the result as WORK/results/verify.json")
    parser.add_argument("--max-total-bytes", type=int, default=None,
                        help="refuse zips that expand beyond this many bytes (default 64 GiB)")
    parser.add_argument("--no-residual", action="store_true", help="skip the residual-identifier scan (fast check of integrity only)")
    parser.add_argument("--bagit-only", action="store_true",
                        help="check any BagIt bag (versions 0.93 to 1.0, zipped or a folder) as a bag only: "
                             "no UK Data Service layout, DDI, data or residual-identifier checks")
    add_engine_arguments(parser, workers_help="with a folder of zips: processes or local Dask workers (default 2)")


def outputs(args) -> list:
    """The folders this command may write to (deposit/cli.py confines it to them): the work
    folder for the result, if given. The bundle is unpacked in a private temporary folder."""
    return [args.work]


def bundles_in(folder) -> list[Path] | None:
    """The zips of a folder of bundles, by name; None when the folder is itself a bag."""
    folder = Path(folder)
    if not folder.is_dir() or (folder / "bagit.txt").exists():
        return None
    zips = sorted(p for p in folder.iterdir() if p.suffix.lower() == ".zip" and p.is_file())
    return zips or None


def verify_one(bundle: str, options: dict) -> dict:
    """The JSON report of one bundle; an unusable one is a report too (exit code 2), so a
    map over many bundles never stops at one. The text engine stays loaded in the worker."""
    from deposit.verifier.render import unusable
    from deposit.verifier.verify import verify

    try:
        data = verify(bundle, in_process=True, **options).to_dict()
    except UserError as exc:
        report = getattr(exc, "report", None) or ProblemReport([Problem.of("open.unusable", location=exc.location, hint=exc.hint or None, reason=exc.message)])
        data = unusable(bundle, report)
    return json.loads(dumps_json(data))


def run(args) -> int:
    from deposit.verifier.render import render_text, unusable
    from deposit.verifier.safezip import Limits
    from deposit.verifier.verify import verify

    limits = Limits(max_total_bytes=args.max_total_bytes) if args.max_total_bytes else Limits()
    many = bundles_in(args.bundle)
    if many is not None:
        options = {"limits": limits, "residual": not args.no_residual, "bagit_only": args.bagit_only}
        reports: list[dict | None] = [None] * len(many)
        with executing(args.engine, args.workers, args.scheduler) as executor:
            for index, data in executor.map(verify_one, [str(b) for b in many], options):
                reports[index] = data
        for data in reports:   # in name order, whichever bundle finished first
            sys.stdout.write(json.dumps(data, ensure_ascii=False, sort_keys=True) + "\n")
        return max(data["exit_code"] for data in reports)
    try:
        result = verify(args.bundle, limits=limits, residual=not args.no_residual, bagit_only=args.bagit_only)
    except UserError as exc:
        report = getattr(exc, "report", None) or ProblemReport([Problem.of("open.unusable", location=exc.location, hint=exc.hint or None, reason=exc.message)])
        data = unusable(args.bundle, report)
        _record(args.work, data, report)
        if args.json:
            sys.stdout.write(dumps_json(data))
            return EXIT_USAGE
        raise
    data = result.to_dict()
    _record(args.work, data, result.report)
    sys.stdout.write(dumps_json(data) if args.json else render_text(data) + "\n")
    return result.exit_code


def _record(work_root: str | None, data: dict, report: ProblemReport) -> None:
    if not work_root:
        return
    from manifests.results import stage_result, write_result
    from manifests.workdir import Work

    summary = {"bundle": data["bundle"], "valid": data["valid"], "exit_code": data["exit_code"], **data["summary"]}
    write_result(Work.at(work_root), stage_result("verify", report, [], summary, {"report": json.loads(dumps_json(data))}))
