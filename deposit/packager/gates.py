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

import codecs
import re
from pathlib import Path, PurePosixPath

from deposit.errors import ProblemReport, UserError
from deposit.fileio import CHUNK, read_json, read_jsonl
from deposit.packager import layout
from deposit.packager.plan import Planned
from deposit.verifier import privacy
from deposit.workdir import Work

REQUIRED_STAGES = ("anonymise", "describe")
# Files whose bytes are searched for originals. .sav is included: its string values
# and labels are stored as plain bytes.
SCANNED_SUFFIXES = {".txt", ".tab", ".csv", ".rtf", ".htm", ".html", ".xml", ".json", ".sav", ""}
MIN_ORIGINAL = 2  # a one-character "original" would match everywhere and protect nothing


def check(work: Work, manifest: dict, files: list[Planned], allow_pending_review: bool = False) -> ProblemReport:
    report = ProblemReport()
    _stage_results(work, report)
    _ddi(work, manifest, files, report)
    _review(work, report, allow_pending_review)
    _residual_result(work, report)
    _literal_originals(work, files, report)
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
    name = layout.ddi_name(manifest["study"]["id"])
    path = work.metadata / name
    if not path.is_file():
        report.add("gate.ddi_missing", f"the DDI codebook metadata/{name} does not exist", location=str(path),
                   hint="run 'ukds-deposit describe' first")
        return
    from metadata.validate import validate_ddi

    try:
        result = validate_ddi(path)
    except UserError as exc:
        report.add("gate.ddi_invalid", f"metadata/{name} cannot be read: {exc.message}", location=str(path), hint=exc.hint)
        return
    for problem in result.errors:
        report.add("gate.ddi_invalid", f"metadata/{name} is invalid: {problem.message}",
                   location=f"{path}:{problem.location}" if problem.location else str(path),
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


def originals_pattern(originals) -> re.Pattern | None:
    """One case-insensitive, whole-word pattern for every original (longest first, so a
    full name wins over its first name)."""
    words = sorted({o.strip() for o in originals if len(o.strip()) >= MIN_ORIGINAL}, key=lambda o: (-len(o), o.casefold()))
    if not words:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w) for w in words) + r")(?!\w)", re.IGNORECASE)


def scan_stream(handle, pattern: re.Pattern, overlap: int) -> list[int]:
    """Line numbers (1-based) of matches in a binary stream read in chunks; memory stays flat.

    Each round searches the tail of the previous chunk plus the new chunk, so a name
    across a chunk boundary is still seen; a match starting in the new tail is left
    for the next round, so nothing is counted twice."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    lines: list[int] = []
    carry, line_base = "", 1
    while True:
        block = handle.read(CHUNK)
        text = carry + decoder.decode(block, final=not block)
        tail = len(text) - overlap if block else len(text)
        for match in pattern.finditer(text):
            if match.start() < tail:
                lines.append(line_base + text.count("\n", 0, match.start()))
        if not block:
            return lines
        cut = max(tail, 0)
        line_base += text.count("\n", 0, cut)
        carry = text[cut:]


def _literal_originals(work: Work, files: list[Planned], report: ProblemReport) -> None:
    if not work.key.is_file():
        return
    records = read_jsonl(work.key)
    types: dict[str, str] = {}
    for record in records:
        types.setdefault(record["original"].strip().casefold(), record.get("type", "identifier"))
    pattern = originals_pattern(r["original"] for r in records)
    if pattern is None:
        return
    overlap = max(len(o) for o in types) + 1
    for planned in files:
        suffix = PurePosixPath(planned.name).suffix.lower()
        if planned.text is None and suffix not in SCANNED_SUFFIXES:
            continue
        found: list[tuple[str, int]] = []
        if planned.text is not None:
            found += [("line", n) for n in _scan_text(planned.text, pattern)]
        if planned.data is not None:
            found += [("line", n) for n in _scan_text(planned.data.decode("utf-8", errors="replace"), pattern)]
        elif planned.source is not None:
            with open(planned.source, "rb") as handle:
                found += [("line", n) for n in scan_stream(handle, pattern, overlap)]
            if suffix == ".rtf":
                found += [("line", n) for n in _scan_text(_rtf_text(planned.source), pattern)]
        for _, line in sorted(set(found))[:20]:
            report.add("gate.original_found", f"an original identifier from the private key appears in {planned.origin} "
                       f"(bundle file data/{planned.name}), line {line}",
                       location=f"data/{planned.name}:{line}",
                       hint="the file must be anonymised again (add the identifier to known_identifiers); this gate has no override")


def _scan_text(text: str, pattern: re.Pattern) -> list[int]:
    return [text.count("\n", 0, m.start()) + 1 for m in pattern.finditer(text)]


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
