"""`ukds-deposit run COLLECTION --work WORK --out DIST`: the whole job, stage by stage.

check -> anonymise -> describe -> package -> verify, each through its own
command (so the pipeline does exactly what a data manager running the stages
by hand would do), then a short summary read back from the stage results.
"""

from __future__ import annotations

import argparse
import importlib
from pathlib import Path

from deposit.cli import COMMANDS, run_command
from manifests.containment import require_apart
from manifests.errors import EXIT_OK, ChecksFailed
from manifests.executor import add_engine_arguments
from manifests.fileio import read_json
from manifests.workdir import Work


def add_arguments(parser) -> None:
    parser.add_argument("collection", help="collection folder holding deposit.yaml")
    parser.add_argument("--work", required=True, help="work folder")
    parser.add_argument("--out", required=True, help="folder for the bundle zip(s)")
    parser.add_argument("--format", default="tab", choices=("tab", "spss", "both"), help="data format(s) in the bundle")
    parser.add_argument("--allow-pending-review", action="store_true",
                        help="package even if review items are undecided (they stay replaced, the safe default); "
                             "the summary and the anonymisation report say how many")
    add_engine_arguments(parser, workers_help="processes (or local Dask workers) for the text pass (default 2)")


def call(command: str, argv: list[str]) -> int:
    """Run one registered command with its own argument parser."""
    module = importlib.import_module(COMMANDS[command][0])
    parser = argparse.ArgumentParser(prog=f"ukds-deposit {command}")
    module.add_arguments(parser)
    return run_command(module, parser.parse_args(argv))


def stages(args) -> list[tuple[str, list[str]]]:
    return [
        ("check", [args.collection, "--work", args.work, "--brief"]),   # every finding is in the check report
        ("anonymise", [args.collection, "--work", args.work, *engine_options(args)]),
        ("describe", [args.work]),
        ("package", [args.work, "--out", args.out, "--format", args.format]
         + (["--allow-pending-review"] if args.allow_pending_review else [])),
    ]


def engine_options(args) -> list[str]:
    """The engine options, passed on as the user gave them."""
    options = ["--engine", args.engine, "--workers", str(args.workers)]
    return options + (["--scheduler", args.scheduler] if args.scheduler else [])


def outputs(args) -> list:
    """The folders this command may write to; each stage is confined again to its own."""
    return [args.work, args.out]


def run(args) -> int:
    require_apart(args.collection, work=args.work, out=args.out)
    for name, argv in stages(args):
        print(f"== {name}", flush=True)
        code = call(name, argv)
        # check findings on raw inputs are what anonymise is for; only unreadable input stops the run.
        if code != EXIT_OK and name != "check":
            raise ChecksFailed(f"the {name} stage failed (exit {code}); see the messages above")
    # The bundles this run wrote, as the package stage recorded them: other zips in --out
    # (another study's, or a copy) are not this run's to verify.
    package = read_json(Work.at(args.work).result("package"))["details"]
    bundles = [Path(package["dist"]) / b["file"] for b in package["bundles"]]
    print("== verify", flush=True)
    verify_codes = [call("verify", [str(b), "--work", args.work]) for b in bundles]
    print(summary(Work.at(args.work), bundles, verify_codes))
    return EXIT_OK if verify_codes and all(c == EXIT_OK for c in verify_codes) else 1


def summary(work: Work, bundles: list[Path], verify_codes: list[int]) -> str:
    anon = read_json(work.result("anonymise"))
    s = anon["summary"]
    lines = ["", "Deposit summary",
             f"  files processed       {s['files_processed']}",
             f"  identifiers replaced  {s['identifiers_replaced']} ({s['distinct_entities']} distinct entities)",
             f"  residual scan         {s['residual']}",
             f"  review items pending  {s['review_pending']}"
             + (" (replaced by default; packaged with --allow-pending-review)" if s["review_pending"] else "")]
    for data in anon["details"].get("data", []):
        before, after = data.get("risk_before") or {}, data.get("risk_after") or {}
        if before:
            lines.append(f"  risk {data['file']}: k={data.get('k')} violations "
                         f"{before['k_violations'].get(str(data.get('k', 3)), '?')} -> {after.get('k_violations', {}).get(str(data.get('k', 3)), '?')}, "
                         f"sample uniques {before.get('sample_uniques')} -> {after.get('sample_uniques')}, "
                         f"expected re-identifications {before.get('expected_reidentifications', 0):.2f} -> {after.get('expected_reidentifications', 0):.2f}")
    for bundle, code in zip(bundles, verify_codes):
        lines.append(f"  bundle                {bundle}")
        lines.append(f"  verify                {'valid' if code == EXIT_OK else f'FAILED (exit {code})'}")
    lines.append(f"  private key (keep apart, never share): {work.key}")
    return "\n".join(lines)

