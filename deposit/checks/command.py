"""`ukds-deposit check COLLECTION [--work WORK] [--config checks.yaml] [--json]`.

Writes WORK/reports/check.json and check.html and the stage result
WORK/results/check.json (when --work is given), prints the findings, and exits
1 when any finding is an error (a missing or unreadable file, a duplicate ID),
0 otherwise. Identifiers in raw data are warnings: removing them is the
anonymise stage's job.
"""

from __future__ import annotations

import sys
from pathlib import Path

from manifests.containment import require_apart
from manifests.errors import EXIT_FAILED, EXIT_OK, Problem, ProblemReport


def add_arguments(parser) -> None:
    parser.add_argument("collection", help="collection folder holding deposit.yaml (never written to)")
    parser.add_argument("--work", help="work folder: the report goes to WORK/reports/check.json|html")
    parser.add_argument("--config", help="YAML overriding the shipped checks (same keys as deposit/checks/checks.yaml)")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--brief", action="store_true",
                        help="list errors only, and count the other findings per check (the reports hold them all)")


def run_checks(collection, config=None) -> dict:
    from deposit.checks.collection import check_collection
    from deposit.checks.config import load_checks
    from manifests.loader import load_collection, validate

    checks = load_checks(config)
    manifest = load_collection(collection)
    report = check_collection(collection, manifest, checks)
    validate(report, "check_report", "check report")
    return report


def write_outputs(work_root, report: dict) -> list[Path]:
    from deposit.checks.html import render_html
    from manifests.fileio import write_json, write_text
    from manifests.results import stage_result, write_result
    from manifests.workdir import Work

    work = Work.at(work_root)
    json_path = write_json(work.reports / "check.json", report)
    html_path = write_text(work.reports / "check.html", render_html(report))
    problems = ProblemReport([Problem.from_dict(p) for p in report["problems"]])
    outputs = [p.relative_to(work.root) for p in (json_path, html_path)]
    summary = {k: report["summary"][k] for k in ("files", "errors", "warnings", "info")}
    details = {"files": report["files"], "by_check": report["summary"]["by_check"]}
    write_result(work, stage_result("check", problems, outputs, summary, details))
    return [json_path, html_path]


def outputs(args) -> list:
    """The folders this command may write to (deposit/cli.py confines it to them)."""
    return [args.work]


def run(args) -> int:
    from manifests.fileio import dumps_json

    require_apart(args.collection, work=args.work)
    report = run_checks(args.collection, args.config)
    written = write_outputs(args.work, report) if args.work else []
    if args.json:
        sys.stdout.write(dumps_json(report))
    else:
        s = report["summary"]
        print(f"check: {s['files']} files, {s['errors']} errors, {s['warnings']} warnings, {s['info']} notes")
        for p in report["problems"]:
            if p["severity"] == "error" or (p["severity"] == "warning" and not args.brief):
                print(f"  [{p['severity']}] {p['location']}: {p['message']}")
        if args.brief and s["by_check"]:
            print("  findings per check: " + ", ".join(f"{name} {n}" for name, n in sorted(s["by_check"].items())))
        for path in written:
            print(f"  report: {path}")
    return EXIT_FAILED if report["summary"]["errors"] else EXIT_OK
