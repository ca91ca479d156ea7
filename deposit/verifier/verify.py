"""Verify a bundle (a zip or an unpacked folder): every check, every problem, one verdict.

Order: open safely (an unsafe or unreadable zip stops here, exit 2), then the
bag (structure, Payload-Oxum, checksums, completeness), the UKDS layout, the
DDI, data against DDI, private files, and the residual-identifier scan. The
checks after the bag still run when the bag fails, so one run lists everything.

With `bagit_only` the input is any BagIt bag, not necessarily one of ours: the bag
is judged by what BagIt 0.93 to 1.0 allow (deposit.bagit.PLAIN) and nothing else
is checked. Our own bundles are always judged by deposit.bagit.DEPOSIT.
"""

from __future__ import annotations

import re
import tempfile
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from deposit.bagit import (
    BAGIT_TXT,
    DEPOSIT,
    PAYLOAD,
    PLAIN,
    check_bag,
    manifest_algorithms,
    read_bag_info,
)
from deposit.verifier import content, guide, privacy
from deposit.verifier.safezip import Extracted, Limits, extract, open_archive
from manifests import layout
from manifests.errors import EXIT_FAILED, EXIT_OK, Problem, ProblemReport, UserError
from manifests.version import __version__

CHECKS = {
    "open": "the bundle can be opened safely",
    "bagit": "BagIt structure, Payload-Oxum, checksums, no missing or extra files",
    "layout": "UK Data Service folder layout",
    "ddi": "DDI Codebook against the XSD and the CESSDA profile",
    "data": "data files against the DDI: every variable described, case counts equal, counts as the depositor expected",
    "guide": "the user guide PDF opens and lists every file of its folder",
    "privacy": "no private-key files",
    "residual": "residual-identifier scan of transcripts, documents, metadata and data text (warnings only)",
}


@dataclass
class CheckResult:
    name: str
    status: str = "passed"  # passed | failed | warnings | skipped
    problems: list[Problem] = field(default_factory=list)
    note: str = ""

    def finish(self) -> "CheckResult":
        if self.status != "skipped":
            severities = {p.severity for p in self.problems}
            self.status = "failed" if "error" in severities else "warnings" if "warning" in severities else "passed"
        return self

    def to_dict(self) -> dict:
        return {"name": self.name, "description": CHECKS[self.name], "status": self.status, "note": self.note,
                "problems": [p.to_dict() for p in self.problems]}


@dataclass
class Verification:
    bundle: str
    kind: str
    bag_info: dict = field(default_factory=dict)
    files: int = 0
    bytes: int = 0
    checks: list[CheckResult] = field(default_factory=list)

    @property
    def report(self) -> ProblemReport:
        report = ProblemReport()
        for check in self.checks:
            report.extend(check.problems)
        return report

    @property
    def valid(self) -> bool:
        return self.report.ok

    @property
    def exit_code(self) -> int:
        return EXIT_OK if self.valid else EXIT_FAILED

    def to_dict(self) -> dict:
        report = self.report
        return {"bundle": self.bundle, "kind": self.kind, "valid": self.valid, "exit_code": self.exit_code,
                "tool_version": __version__, "bag_info": self.bag_info, "files": self.files, "bytes": self.bytes,
                "checks": [c.to_dict() for c in self.checks],
                "summary": {"errors": len(report.errors), "warnings": len(report.warnings)}}


def find_bag_root(folder: Path) -> tuple[Path | None, list[Problem]]:
    """The bag is the folder itself or its single top-level folder (how our zips are built)."""
    if (folder / BAGIT_TXT).is_file():
        return folder, []
    entries = sorted(folder.iterdir())
    candidates = [e for e in entries if e.is_dir() and (e / BAGIT_TXT).is_file()]
    if len(candidates) != 1:
        return None, [Problem.of("bagit.no_bag", location=folder.name)]
    strays = [e.name for e in entries if e != candidates[0]]
    return candidates[0], [Problem.of("bagit.outside_bag", location=name, name=name, bag=candidates[0].name)
                           for name in strays]


def _bag_count(info: dict) -> tuple[int, int] | None:
    match = re.fullmatch(r"\s*(\d+)\s+of\s+(\d+|\?)\s*", info.get("Bag-Count", ""))
    if not match:
        return None
    return int(match.group(1)), int(match.group(2)) if match.group(2).isdigit() else 0


def verify(bundle, limits: Limits = Limits(), residual: bool = True, bagit_only: bool = False,
           in_process: bool = False) -> Verification:
    """Verify a zip or a folder. Raises UserError (exit 2) for input that cannot be checked.
    `in_process`: scan for residual identifiers in this process, keeping the text engine for
    the next bundle (a worker verifying many bundles) instead of a helper process per bundle."""
    bundle = Path(bundle)
    if not bundle.exists():
        raise UserError("no such file or folder", location=str(bundle), hint="give the path of a bundle .zip or an unpacked bundle folder")
    with ResidualWorker(residual and not bagit_only, in_process) as worker:
        if bundle.is_dir():
            return _verify_folder(bundle, Verification(str(bundle), "folder"), worker, bagit_only=bagit_only)
        with open_archive(bundle) as archive:
            names = archive.namelist()
        prefix = bag_prefix(names)
        wanted = (lambda entry: not in_payload(entry, prefix)) if bagit_only else (lambda entry: needs_content(entry, prefix))
        with tempfile.TemporaryDirectory(prefix="ukds-verify-") as tmp:
            target = Path(tmp) / "bundle"
            target.mkdir()
            # every checksum the manifests ask for is taken while reading the zip, so payload
            # that is not written to disk is checked all the same
            found = extract(bundle, target, limits, wanted=wanted, algorithms=manifest_algorithms(names))
            return _verify_folder(target, Verification(str(bundle), "zip"), worker, found, bagit_only)


def bag_prefix(names: list[str]) -> str | None:
    """Where the bag sits in an archive, found as find_bag_root finds it on disk: '' at the
    top, 'name/' in one top folder; None when no bag is there."""
    if BAGIT_TXT in names:
        return ""
    tops = {name.split("/", 1)[0] for name in names if name.count("/") == 1 and name.endswith(f"/{BAGIT_TXT}")}
    return f"{tops.pop()}/" if len(tops) == 1 else None


def in_payload(entry: str, prefix: str | None) -> bool:
    return prefix is not None and entry.startswith(f"{prefix}{PAYLOAD}/")


# Payload the content checks read (DDI, data, transcripts and documents for the residual scan,
# anything the key sniffer opens). Other payload (PDFs, images) is hashed from the zip but
# never written to disk: less time, and less temporary space for a large bundle.
READ_SUFFIXES = (frozenset({".xml", ".tab", ".sav"}) | privacy.TEXT_SUFFIXES | privacy.SNIFF_SUFFIXES
                 | privacy.MARKUP_SUFFIXES)


def needs_content(entry: str, prefix: str | None) -> bool:
    # the user guide is the one PDF read: the guide check holds its file list to the bundle's
    path = PurePosixPath(entry)
    return (not in_payload(entry, prefix) or path.suffix.lower() in READ_SUFFIXES
            or (path.parent.as_posix().endswith(f"/{layout.MRDOC_PDF}") and path.name.endswith(layout.GUIDE_SUFFIX)))


_worker_detector = None


def _load_detector() -> None:
    global _worker_detector
    _worker_detector = privacy.make_detector()


def _scan_in_worker(root: str, names: list[str]) -> list[Problem]:
    return privacy.residual_scan(Path(root), names, detector=_worker_detector)


class ResidualWorker:
    """The residual scan in a process of its own, started first: loading the text engine
    takes seconds, and that happens while this process extracts and hashes the bundle."""

    def __init__(self, enabled: bool, in_process: bool = False) -> None:
        self.enabled = enabled
        self.in_process = in_process
        self._pool = None

    def __enter__(self) -> "ResidualWorker":
        if self.enabled and not self.in_process:
            import multiprocessing

            self._pool = multiprocessing.get_context("fork").Pool(1)
            self._loading = self._pool.apply_async(_load_detector)
        return self

    def scan(self, root: Path, names: list[str]) -> list[Problem]:
        if self.in_process:
            if _worker_detector is None:
                _load_detector()
            return _scan_in_worker(str(root), names)
        self._loading.get()  # ImportError: no text engine; the caller reports the check as skipped
        return self._pool.apply_async(_scan_in_worker, (str(root), names)).get()

    def __exit__(self, *exc) -> None:
        # terminate, not close: after an unsafe zip the model may still be loading, and
        # the user should not wait for it
        if self._pool is not None:
            self._pool.terminate()
            self._pool.join()


def _verify_folder(folder: Path, result: Verification, worker: "ResidualWorker", found: Extracted | None = None,
                   bagit_only: bool = False) -> Verification:
    bag = CheckResult("bagit", problems=list(found.damaged) if found else [])
    result.checks.append(bag)
    root, problems = find_bag_root(folder)
    bag.problems.extend(problems)
    if root is None:
        bag.finish()
        result.checks.extend(CheckResult(name, "skipped", note="no bag to check").finish() for name in list(CHECKS)[2:])
        return result
    prefix = "" if root == folder else f"{root.name}/"
    payload_root = root / PAYLOAD
    profile = PLAIN if bagit_only else DEPOSIT
    if found is not None:
        known = {name[len(prefix):]: digests for name, digests in found.digests.items() if name.startswith(prefix)}
        listing = {name[len(prefix):]: size for name, size in found.sizes.items()
                   if name.startswith(f"{prefix}{PAYLOAD}/")}
        bag.problems.extend(check_bag(root, profile, known, listing=listing))
        sizes = {name[len(PAYLOAD) + 1:]: size for name, size in listing.items()}
    else:
        bag.problems.extend(check_bag(root, profile))
        sizes = {p.relative_to(payload_root).as_posix(): p.stat().st_size for p in payload_root.rglob("*")
                 if p.is_file() and not p.is_symlink()} if payload_root.is_dir() else {}
    bag.finish()
    result.bag_info = {label: value for label, value in read_bag_info(root)}
    names = sorted(sizes)
    result.files = len(names)
    result.bytes = sum(sizes.values())
    if bagit_only:
        bag.note = f"judged by the {profile.name} rules (versions {profile.versions[-1]} to {profile.versions[0]})"
        result.checks.extend(CheckResult(name, "skipped", note="not asked for (--bagit-only)").finish()
                             for name in list(CHECKS)[2:])
        return result
    count = _bag_count(result.bag_info)
    complete = count is None or count[1] == 1

    result.checks.append(CheckResult("layout", problems=layout.check_payload(names)).finish())
    result.checks.extend(_content_checks(payload_root, names, complete))
    result.checks.append(_guide_check(payload_root, names))
    in_bag = [f"{PAYLOAD}/{n}" for n in names]  # privacy problems name files as the bag check does
    result.checks.append(CheckResult("privacy", problems=privacy.private_files(root, in_bag)).finish())
    result.checks.append(_residual_check(root, in_bag, worker))
    return result


def _folders(names: list[str]) -> dict[str, tuple[str, str]]:
    """UKDA folder -> (study id, format)."""
    out = {}
    for name in names:
        top = name.split("/", 1)[0]
        if match := layout.FOLDER.match(top):
            out[top] = (match["id"], match["format"])
    return out


def _content_checks(payload_root: Path, names: list[str], complete: bool) -> list[CheckResult]:
    ddi_check, data_check = CheckResult("ddi"), CheckResult("data")
    folders = _folders(names)
    validated = 0
    for folder, (study_id, fmt) in sorted(folders.items()):
        ddi_rel = f"{folder}/{layout.MRDOC}/{layout.ddi_name(study_id)}"
        ddi_label = f"data/{ddi_rel}"
        if ddi_rel not in names:
            continue  # the layout check already names the missing DDI
        ddi_path = payload_root / ddi_rel
        if ddi_check.status != "skipped":
            try:
                ddi_check.problems.extend(content.check_ddi(ddi_path, ddi_label))
                validated += 1
            except ImportError:
                ddi_check.status, ddi_check.note = "skipped", "the metadata package (metadata.validate) is not installed"
        suffix = layout.DATA_SUFFIX[fmt]
        data = [(f"data/{n}", payload_root / n) for n in names if n.startswith(f"{folder}/{fmt}/") and n.endswith(suffix)]
        data_check.problems.extend(content.check_consistency(ddi_path, data, ddi_label, complete))
        if complete:    # one part of a split bundle holds only some of the transcripts
            data_check.problems.extend(content.check_transcripts(ddi_path, set(names), folder, ddi_label))
    if not folders or not any(f"{folder}/{layout.MRDOC}/{layout.ddi_name(i)}" in names for folder, (i, _) in folders.items()):
        ddi_check.status = data_check.status = "skipped"
        ddi_check.note = data_check.note = "no DDI codebook in the bundle"
    elif ddi_check.status != "skipped":
        ddi_check.note = f"{validated} codebook(s) validated"
    return [ddi_check.finish(), data_check.finish()]


def _guide_check(payload_root: Path, names: list[str]) -> CheckResult:
    check = CheckResult("guide")
    guides = [(folder, study_id) for folder, (study_id, _fmt) in sorted(_folders(names).items())
              if f"{folder}/{layout.user_guide_place(study_id)}" in names]
    if not guides:
        check.status, check.note = "skipped", "no user guide PDF in the bundle (its readme says why)"
        return check
    try:
        for folder, study_id in guides:
            check.problems.extend(guide.check_guide(payload_root, folder, study_id, names))
    except ImportError:
        check.problems, check.status, check.note = [], "skipped", "pypdf is not installed, so the PDF cannot be read"
        return check
    check.note = f"{len(guides)} guide(s) read"
    return check.finish()


def _residual_check(root: Path, names: list[str], worker: ResidualWorker) -> CheckResult:
    check = CheckResult("residual")
    if not worker.enabled:
        check.status, check.note = "skipped", "switched off (--no-residual)"
        return check
    candidates = privacy.residual_candidates(names)
    if not candidates:
        check.status, check.note = "skipped", "no transcripts or documents to scan"
        return check
    try:
        check.problems = worker.scan(root, names)
    except ImportError as exc:
        check.status, check.note = "skipped", f"the text engine is not installed ({exc.name})"
        return check
    except Exception as exc:  # a fault in the text engine must not hide the integrity verdict
        check.problems = [Problem.of("residual.failed", exception=type(exc).__name__, reason=str(exc))]
        check.note = "scan failed"
        return check.finish()
    check.note = f"{len(candidates)} file(s) scanned at high precision"
    return check.finish()
