"""`ukds-deposit package WORK --out DIST`: gates, then the bundle zip(s).

Reads the study metadata from WORK/private/deposit.yaml (the manifest copy;
only the study block and file descriptions are used), the anonymised files,
metadata and reports from WORK. Refuses, one problem per reason, when a gate
fails (exit 1). Records WORK/results/package.json either way.
"""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from manifests import fileio
from manifests.containment import require_apart
from manifests.errors import EXIT_OK, ChecksFailed, ProblemReport, UserError


def add_arguments(parser) -> None:
    from deposit.packager.bundle import DEFAULT_MAX_BYTES
    from manifests.layout import FORMAT_CHOICES

    parser.add_argument("work", help="work folder written by 'ukds-deposit anonymise' and 'describe'")
    parser.add_argument("--out", required=True, help="folder for the bundle zip(s)")
    parser.add_argument("--format", default="tab", choices=FORMAT_CHOICES,
                        help="data as tab-delimited text, SPSS, or both (two complete UKDA folders)")
    parser.add_argument("--max-bytes", type=int, default=DEFAULT_MAX_BYTES,
                        help="split into several bags when a zip would be larger (default 2 GB, ReShare's limit)")
    parser.add_argument("--allow-pending-review", action="store_true",
                        help="package although review items are undecided (the residual and private-file gates have no override)")


def outputs(args) -> list:
    """The folders this command may write to (deposit/cli.py confines it to them): the bundles
    go to --out, the stage result to WORK/results."""
    return [args.out, args.work]


def run(args) -> int:
    from deposit.packager import bundle, gates, guide, plan
    from manifests import layout
    from manifests.loader import load_manifest
    from manifests.results import stage_result, write_result
    from manifests.workdir import Work

    work = Work.at(args.work)
    if not work.root.is_dir():
        raise UserError("no such work folder", location=str(work.root), hint="run 'ukds-deposit anonymise COLLECTION --work WORK' first")
    if not work.manifest_copy.is_file():
        raise UserError("the work folder has no manifest copy (private/deposit.yaml)", location=str(work.root),
                        hint="run 'ukds-deposit anonymise' first")
    if args.max_bytes < 1_000_000:
        raise UserError(f"--max-bytes {args.max_bytes} is too small to hold a bundle", hint="use at least 1000000")
    manifest = load_manifest(work.manifest_copy)
    # The review gate counts undecided items in WORK/private/review/; a file an earlier version
    # left in WORK/review/ is moved there first, so its pending rows still hold packaging back.
    try:
        from anonymise.text.review import move_legacy_review
    except ImportError:  # text engine not installed: the gate reads the stage result instead
        pass
    else:
        move_legacy_review(work)
    dist = Path(args.out)
    # Bundles go where they are shared: never into the collection, the work folder itself or
    # its private folder, where the key is.
    if dist.resolve() == work.root.resolve() or dist.resolve().is_relative_to(work.private.resolve()):
        raise UserError("--out is the work folder or inside its private folder", location=str(dist),
                        hint="give the bundles a folder of their own")
    if (collection := plan.collection_folder(work)) is not None:
        require_apart(collection, out=dist)
    formats = layout.formats_for(args.format)

    report = ProblemReport()
    files = [p for fmt in formats for p in plan.build(work, manifest, fmt, report)]
    guides = guide.UserGuides(work, manifest)
    parts = bundle.assemble(manifest, files, formats, args.max_bytes, guides)
    # A guide that could not be printed is a warning: the bundle is whole without it, and says so.
    report.extend(guides.problems)
    # Gates see every file of every part, the generated readme and inventory included;
    # a document shared by every part is checked once.
    everything = list({(f.name, f.source, f.data): f for part in parts for f in part}.values())
    report.extend(gates.check(work, manifest, everything, args.allow_pending_review, search_originals=False))
    details = {"dist": str(dist.resolve()), "format": args.format, "max_bytes": args.max_bytes, "bundles": [],
               "user_guide": "not printed" if guides.problems else "printed"}
    if not report.ok:
        _refuse(work, report, details)

    # The key search is the slow gate: it runs in worker processes while the zips are
    # written to a staging folder, and they are published only if it finds nothing.
    search = gates.OriginalsSearch(work, everything, manifest, args.allow_pending_review)
    fileio.ensure_folder(dist)
    staging = Path(tempfile.mkdtemp(prefix=".package-", dir=dist))
    try:
        try:
            written = bundle.write(parts, staging, manifest, args.format)
        except BaseException:
            search.cancel()
            raise
        report.extend(search.result())
        if not report.ok:
            _refuse(work, report, details)
        bundle.publish(staging, dist, manifest["study"]["id"], args.format, written)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    details["bundles"] = written
    summary = {"bundles": len(written), "bytes": sum(w["bytes"] for w in written),
               "payload_files": sum(w["payload_files"] for w in written)}
    write_result(work, stage_result("package", report, [w["file"] for w in written], summary, details))
    for problem in report:
        print(f"  [{problem.severity}] {problem.location}: {problem.message}")
    for entry in written:
        print(f"package: {dist / entry['file']} ({entry['bytes']} bytes, {entry['payload_files']} files, sha256 {entry['sha256']})")
    return EXIT_OK


def _refuse(work, report: ProblemReport, details: dict) -> None:
    from manifests.results import stage_result, write_result

    write_result(work, stage_result("package", report, [], {"bundles": 0, "refused": len(report.errors)}, details))
    raise ChecksFailed(f"packaging refused: {len(report.errors)} problem(s) must be fixed first", report)
