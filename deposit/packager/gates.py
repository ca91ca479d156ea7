"""Gates: reasons to refuse packaging, each reported as its own problem.

    stage results   anonymise and describe must exist with status ok
    DDI             re-validated now (XSD, IDREFs, CESSDA profile)
    review          undecided review items (overridable: --allow-pending-review)
    residual        the anonymise stage's residual scan, plus a literal search here for
                    every original in the private key in every text file to be bundled
                    (no override)
    private files   nothing from WORK/private/, nothing that looks like a key (no override)
    formats         files not in a UKDS-preferred format (warning only)

Messages never quote an original: they say which file, where, and the type.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from deposit.packager.literal import FileScan, LiteralScanner
from deposit.packager.plan import Planned
from deposit.verifier import privacy
from manifests import layout
from manifests.errors import ProblemReport, UserError
from manifests.fileio import read_json, read_jsonl
from manifests.workdir import Work

REQUIRED_STAGES = ("anonymise", "describe")
# Files whose bytes are searched for originals. .sav is included: its string values
# and labels are stored as plain bytes.
SCANNED_SUFFIXES = {".txt", ".tab", ".csv", ".rtf", ".htm", ".html", ".xml", ".json", ".sav", ""}


def check(work: Work, manifest: dict, files: list[Planned], allow_pending_review: bool = False,
          search_originals: bool = True) -> ProblemReport:
    """Every gate. With `search_originals=False` the key search is left out, for a caller that
    runs it alongside writing (`OriginalsSearch`) and refuses afterwards."""
    report = ProblemReport()
    _stage_results(work, report)
    _ddi(work, manifest, files, report)
    _review(work, report, allow_pending_review)
    _residual_result(work, report)
    if search_originals:
        report.extend(OriginalsSearch(work, files, manifest, allow_pending_review).result())
    _private(work, files, report)
    _names(files, report)
    _formats(files, report)
    return report


def _stage_results(work: Work, report: ProblemReport) -> None:
    for stage in REQUIRED_STAGES:
        path = work.result(stage)
        if not path.is_file():
            report.add("gate.stage_missing", f"the {stage} stage has not run (no results/{stage}.json)",
                       location=str(path), hint=f"run 'ukds-deposit {stage}' first")
            continue
        result = read_json(path)
        if result.get("status") != "ok":
            errors = [p for p in result.get("problems", []) if p.get("severity") == "error"]
            first = f": {errors[0].get('location', '')} {errors[0].get('message', '')}".rstrip() if errors else ""
            report.add("gate.stage_failed", f"the {stage} stage failed ({len(errors)} error(s)){first}",
                       location=str(path), hint=f"fix the problems and re-run 'ukds-deposit {stage}'")


def _ddi(work: Work, manifest: dict, files: list[Planned], report: ProblemReport) -> None:
    """The collection's DDI must exist, and every DDI going into a bundle (one per format:
    each describes its own folder) must be valid."""
    name = layout.ddi_name(manifest["study"]["id"])
    path = work.metadata / name
    if not path.is_file():
        report.add("gate.ddi_missing", f"the DDI codebook metadata/{name} does not exist", location=str(path),
                   hint="run 'ukds-deposit describe' first")
        return
    from metadata.validate import validate_ddi

    bundled = [f.source for f in files if f.source is not None and f.name.endswith("_ddi.xml")]
    for ddi in dict.fromkeys([path, *bundled]):
        shown = ddi.relative_to(work.root) if ddi.is_relative_to(work.root) else ddi
        try:
            result = validate_ddi(ddi)
        except UserError as exc:
            report.add("gate.ddi_invalid", f"{shown} cannot be read: {exc.message}", location=str(ddi), hint=exc.hint)
            continue
        for problem in result.errors:
            report.add("gate.ddi_invalid", f"{shown} is invalid: {problem.message}",
                       location=f"{ddi}:{problem.location}" if problem.location else str(ddi),
                       hint=problem.hint or "re-run 'ukds-deposit describe'")


def pending_reviews(work: Work) -> int:
    """Undecided review items, as the text engine counts them (its review CSVs)."""
    try:
        from anonymise.text.review import pending_count
    except ImportError:  # text engine not installed: fall back on what the anonymise stage recorded
        result = read_json(work.result("anonymise")) if work.result("anonymise").is_file() else {}
        return ((result.get("details") or {}).get("review") or {}).get("pending", 0)
    return pending_count(work.review)


def _review(work: Work, report: ProblemReport, allow: bool) -> None:
    pending = pending_reviews(work)
    if pending:
        report.add("gate.review_pending", f"{pending} review item(s) in {work.review} have no decision",
                   location=str(work.review), severity="warning" if allow else "error",
                   hint="decide each row (replace or keep) and re-run 'ukds-deposit anonymise'"
                   + ("" if allow else ", or pass --allow-pending-review to package anyway"))


def _residual_result(work: Work, report: ProblemReport) -> None:
    path = work.result("anonymise")
    if not path.is_file():
        return  # already reported as a missing stage
    residual = ((read_json(path).get("details") or {}).get("residual")) or {}
    if residual.get("status") == "clean":
        return
    hits = residual.get("hits") or []
    if not hits:
        report.add("gate.residual", f"the anonymise stage's residual scan did not report clean (status {residual.get('status')!r})",
                   location=str(path), hint="re-run 'ukds-deposit anonymise'")
    for hit in hits:
        report.add("gate.residual", f"the residual scan found an original {hit.get('type', '')} identifier in the anonymised output",
                   location=f"{hit.get('file', '')}:{hit.get('location', '')}",
                   hint="add it to known_identifiers in deposit.yaml and re-run 'ukds-deposit anonymise'; this gate has no override")


def searched_originals(records: list[dict], kept: list[str] = (), include_pending: bool = False) -> LiteralScanner:
    """A scanner for the key's originals, by the rule the anonymise stage's residual scan
    follows (`anonymise.text.matching`), so the two never disagree about the same text."""
    from anonymise.text.matching import any_case_originals
    from anonymise.text.matching import searched_originals as searched

    found = searched(records, include_pending)
    originals = {original for original, _kind, _mode in found}
    return LiteralScanner(sorted(originals), sorted(originals - any_case_originals(found)),
                          sorted({r.get("replacement", "") for r in records}), kept)


def kept_phrases(manifest: dict) -> list[str]:
    from anonymise.text.matching import kept_phrases as phrases
    from anonymise.text.settings import TextSettings

    return phrases(TextSettings.from_manifest(manifest))


class OriginalsSearch:
    """The key search over every text file to be bundled, started now (in worker processes for
    large inputs) and collected with `result()`: a ProblemReport, one problem per file and line."""

    def __init__(self, work: Work, files: list[Planned], manifest: dict | None = None,
                 include_pending: bool = False) -> None:
        records = read_jsonl(work.key) if work.key.is_file() else []
        self.scanner = searched_originals(records, kept_phrases(manifest or {}), include_pending)
        self.files = [f for f in files if self.scanner and
                      (f.text is not None or PurePosixPath(f.name).suffix.lower() in SCANNED_SUFFIXES)]
        paths = sorted({f.source for f in self.files if f.data is None and f.source is not None})
        self._on_disk = FileScan(self.scanner, paths)

    def result(self) -> ProblemReport:
        report = ProblemReport()
        on_disk = self._on_disk.result()
        for planned in self.files:
            lines: set[int] = set()
            if planned.text is not None:
                lines.update(self.scanner.scan_bytes(planned.text.encode("utf-8")))
            if planned.data is not None:
                lines.update(self.scanner.scan_bytes(planned.data))
            elif planned.source is not None:
                lines.update(on_disk.get(planned.source, []))
                if planned.source.suffix.lower() == ".rtf":
                    lines.update(self.scanner.scan_bytes(_rtf_text(planned.source).encode("utf-8")))
            for line in sorted(lines)[:20]:
                report.add("gate.original_found", f"an original identifier from the private key appears in {planned.origin} "
                           f"(bundle file data/{planned.name}), line {line}",
                           location=f"data/{planned.name}:{line}",
                           hint="the file must be anonymised again (add the identifier to known_identifiers); this gate has no override")
        return report

    def cancel(self) -> None:
        self._on_disk.cancel()


def _rtf_text(path: Path) -> str:
    """RTF escapes every non-ASCII letter, so a raw search would miss 'Zoë'; search the text too."""
    from striprtf.striprtf import rtf_to_text

    return rtf_to_text(path.read_text("ascii", errors="replace"), errors="ignore")


def _private(work: Work, files: list[Planned], report: ProblemReport) -> None:
    private = work.private.resolve()
    for planned in files:
        hint = "the private folder holds the key that undoes anonymisation; it is never bundled (no override)"
        if planned.source is not None and planned.source.resolve().is_relative_to(private):
            report.add("gate.private_file", f"{planned.origin} is in WORK/private/ and would be bundled as data/{planned.name}",
                       location=str(planned.source), hint=hint)
            continue
        path = PurePosixPath(planned.name)
        if privacy.KEY_NAMES.match(path.name):
            report.add("gate.private_file", f"data/{planned.name} is named like a private file", location=planned.origin, hint=hint)
            continue
        if path.suffix.lower() in privacy.SNIFF_SUFFIXES:
            head = planned.data[: privacy.SNIFF_BYTES] if planned.data is not None else _head(planned.source)
            if privacy.looks_like_key(head.decode("utf-8", errors="replace")):
                report.add("gate.private_file", f"{planned.origin} holds original -> replacement records (a private key)",
                           location=planned.origin, hint=hint)


def _head(path: Path) -> bytes:
    with open(path, "rb") as handle:
        return handle.read(privacy.SNIFF_BYTES)


def _names(files: list[Planned], report: ProblemReport) -> None:
    """'%' and control characters are legal in BagIt (percent-encoded) but bagit-python and
    many zip tools mishandle them; characters Windows cannot store break the download there."""
    for planned in files:
        if re.search(r"[%\x00-\x1f\x7f]", planned.name):
            report.add("gate.file_name", f"{'data/' + planned.name!r} has a '%' or a control character in its name",
                       location=planned.origin, hint="rename the file in the collection and re-run the stages")
        elif re.search(r'[:*?"<>|\\]', planned.name):
            report.add("gate.file_name", f"data/{planned.name} has a character Windows cannot use in file names",
                       location=planned.origin, severity="warning", hint="rename the file to letters, digits, '-', '_' and '.'")


def _formats(files: list[Planned], report: ProblemReport) -> None:
    for planned in files:
        if not layout.is_preferred(planned.name):
            report.add("gate.format", f"data/{planned.name} ({planned.origin}) is not in a UKDS-preferred format",
                       location=planned.origin, severity="warning",
                       hint="preferred: " + ", ".join(sorted(layout.PREFERRED)))
