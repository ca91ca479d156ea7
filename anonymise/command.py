"""`ukds-deposit anonymise COLLECTION --work WORK`: every anonymisation pass for a collection."""

from __future__ import annotations

import sys

from manifests.errors import EXIT_FAILED, EXIT_OK
from manifests.executor import add_engine_arguments


def add_arguments(parser) -> None:
    parser.add_argument("collection", help="collection folder holding deposit.yaml (never written to)")
    parser.add_argument("--work", required=True, help="work folder for anonymised files, reports and the private key")
    add_engine_arguments(parser, workers_help="processes (or local Dask workers) for the text pass (default 2)")


def outputs(args) -> list:
    """The folders this command may write to (deposit/cli.py confines it to them)."""
    return [args.work]


def run(args) -> int:
    from anonymise.stage import run as run_stage

    result = run_stage(args.collection, args.work, workers=args.workers, progress=sys.stderr.isatty(),
                       engine=args.engine, scheduler=args.scheduler)
    s = result["summary"]
    print(f"anonymise: {s['files_processed']} files, {s['identifiers_replaced']} identifiers replaced "
          f"({s['distinct_entities']} distinct), review pending {s['review_pending']}, residual scan {s['residual']}")
    for problem in result["problems"]:
        print(f"  [{problem['severity']}] {problem['location']}: {problem['message']}", file=sys.stderr)
    return EXIT_OK if result["status"] == "ok" else EXIT_FAILED
