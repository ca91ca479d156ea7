"""Gates: reasons to refuse packaging, each reported as its own problem.

    stage results   anonymise and describe must exist with status ok
    DDI             re-validated now (XSD, IDREFs, CESSDA profile)
    review          undecided review items (overridable: --allow-pending-review)
    residual        the anonymise stage's residual scan, plus a literal search here for
                    every original in the private key in every text file to be bundled
                    (no override; a person may decide that one occurrence is not that
                    identifier, in WORK/private/decisions.csv)
    keep list       a keep-list word standing as an identifier somewhere, undecided (no override)
    private files   nothing from WORK/private/, nothing that looks like a key (no override)
    formats         files not in a UKDS-preferred format (warning only)

Messages never quote an original: they say which file, where, the type and the placeholder
(or an occurrence id); WORK/private/gate_<gate>.log names the original with its context.
"""

from __future__ import annotations

import re
from pathlib import Path, PurePosixPath

from anonymise.report.writer import PUBLIC_HTML, PUBLIC_JSON
from anonymise.savfile import writer_controlled
from anonymise.text.decisions import finding
from deposit.packager.literal import FileScan, LiteralScanner, offsets_to_lines
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
REPORT_FILES = {PUBLIC_HTML, PUBLIC_JSON}   # built from the report's template: its fixed prose is not a leak


def check(work: Work, manifest: dict, files: list[Planned], allow_pending_review: bool = False,
          search_originals: bool = True) -> ProblemReport:
    """Every gate. With `search_originals=False` the key search is left out, for a caller that
    runs it alongside writing (`OriginalsSearch`) and refuses afterwards."""
    report = ProblemReport()
    _stage_results(work, report)
    _ddi(work, manifest, files, report)
    _review(work, report, allow_pending_review)
    _residual_result(work, report)
    _keep_list(work, report)
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
            report.add_problem("gate.stage_missing", location=str(path), stage=stage)
            continue
        result = read_json(path)
        if result.get("status") != "ok":
            errors = [p for p in result.get("problems", []) if p.get("severity") == "error"]
            first = f"{errors[0].get('location', '')} {errors[0].get('message', '')}".strip() if errors else ""
            report.add_problem("gate.stage_failed", location=str(path), variant=None if first else "no_detail",
                               stage=stage, errors=len(errors), first=first)


def _ddi(work: Work, manifest: dict, files: list[Planned], report: ProblemReport) -> None:
    """The collection's DDI must exist, and every DDI going into a bundle (one per format:
    each describes its own folder) must be valid."""
    name = layout.ddi_name(manifest["study"]["id"])
    path = work.metadata / name
    if not path.is_file():
        report.add_problem("gate.ddi_missing", location=str(path), name=name)
        return
    from metadata.validate import validate_ddi

    bundled = [f.source for f in files if f.source is not None and f.name.endswith("_ddi.xml")]
    for ddi in dict.fromkeys([path, *bundled]):
        shown = ddi.relative_to(work.root) if ddi.is_relative_to(work.root) else ddi
        try:
            result = validate_ddi(ddi)
        except UserError as exc:
            report.add_problem("gate.ddi_invalid", location=str(ddi), hint=exc.hint or None, variant="unreadable",
                               ddi=str(shown), reason=exc.message)
            continue
        for problem in result.errors:
            report.add_problem("gate.ddi_invalid", location=f"{ddi}:{problem.location}" if problem.location else str(ddi),
                               hint=problem.hint or None, ddi=str(shown), problem=problem.message)


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
        report.add_problem("gate.review_pending", location=str(work.review), variant="allowed" if allow else None,
                           pending=pending, folder=str(work.review))


def _residual_result(work: Work, report: ProblemReport) -> None:
    from anonymise.text.decisions import not_identifier

    path = work.result("anonymise")
    if not path.is_file():
        return  # already reported as a missing stage
    residual = ((read_json(path).get("details") or {}).get("residual")) or {}
    if residual.get("status") == "clean":
        return
    decided = not_identifier(work.decisions)
    hits = [h for h in residual.get("hits") or [] if h.get("occurrence") not in decided]
    if not hits and residual.get("hits"):
        report.add_problem("gate.residual", location=str(path), variant="decided_since")
    elif not hits:
        report.add_problem("gate.residual", location=str(path), variant="not_clean", status=residual.get("status"))
    for hit in hits:
        report.add_problem("gate.residual", location=f"{hit.get('file', '')}:{hit.get('location', '')}",
                           variant="at_occurrence" if hit.get("occurrence") else None, kind=hit.get("type", ""),
                           occurrence=str(hit.get("occurrence", "")), log=str(work.gate_log("residual")),
                           decisions=str(work.decisions))


def _keep_list(work: Work, report: ProblemReport) -> None:
    """A keep-list word standing as an identifier is published as written: only a person's
    decision lets it through (no override: --allow-pending-review would publish it silently)."""
    from anonymise.text.decisions import NOT_IDENTIFIER, read
    from anonymise.text.kept_words import GATE as KEEP_LIST

    for row in read(work.decisions):
        if row["gate"] == KEEP_LIST and row["decision"] != NOT_IDENTIFIER:
            report.add_problem("gate.kept_word_is_identifier", location=f"{row['file']}:{row['line']}",
                               kind=row["type"] or "identifier", file=row["file"], line=str(row["line"]),
                               occurrence=str(row["occurrence"]), log=str(work.gate_log(KEEP_LIST)),
                               decisions=str(work.decisions))


def searched_originals(records: list[dict], kept: list[str] = (), include_pending: bool = False,
                       published: list[str] = ()) -> LiteralScanner:
    """A scanner for the key's originals, by the rule the anonymise stage's residual scan
    follows (`anonymise.text.matching` and `.occurrence`), so the two never disagree about the same text."""
    from anonymise.text.matching import any_case_originals
    from anonymise.text.matching import searched_originals as searched
    from anonymise.text.occurrence import may_stand_as_other_type

    found = searched(records, include_pending)
    originals = {original for original, _kind, _mode in found}
    typed = {original for original, kind, _mode in found if may_stand_as_other_type(original, kind)}
    return LiteralScanner(sorted(originals), sorted(originals - any_case_originals(found)),
                          sorted({r.get("replacement", "") for r in records}), kept, published, sorted(typed))


def _settings(manifest: dict):
    from anonymise.text.settings import TextSettings

    return TextSettings.from_manifest(manifest or {})


def kept_phrases(manifest: dict) -> list[str]:
    from anonymise.text.matching import kept_phrases as phrases

    return phrases(_settings(manifest))


GATE = "package"
_REACH = 512          # bytes read around a hit in a file on disk, to judge it and name its context
MAX_PER_FILE = 20     # problems listed per file; the private log lists every one


class OriginalsSearch:
    """The key search over every text file to be bundled, started now (in worker processes for
    large inputs) and collected with `result()`: a ProblemReport, one problem per file and line.

    Each hit is judged by the rule every gate applies (anonymise.text.occurrence): not in a kept
    phrase or a published citation form, not a month in a date or a number in a count, not in the
    report's template prose (in the report's own files), not in a header field a format writer sets
    (a .sav's product name and creation date), not where a person decided it is not the identifier.
    What is left is named privately (WORK/private/gate_package.log, decisions.csv)."""

    def __init__(self, work: Work, files: list[Planned], manifest: dict | None = None,
                 include_pending: bool = False) -> None:
        from anonymise.report.template import template_phrases
        from anonymise.text.decisions import not_identifier
        from anonymise.text.matching import kept_phrases as phrases
        from anonymise.text.occurrence import OccurrenceRule, published_phrases

        self.work = work
        records = read_jsonl(work.key) if work.key.is_file() else []
        settings = _settings(manifest or {})
        self.rule = OccurrenceRule.from_settings(settings, fixed=template_phrases(), decided=not_identifier(work.decisions))
        self.scanner = searched_originals(records, phrases(settings), include_pending, published_phrases(settings))
        self.records: dict[str, tuple[str, str]] = {}
        for record in records:
            self.records.setdefault(str(record.get("original", "")), (str(record.get("type", "")),
                                                                      str(record.get("replacement", ""))))
        self.files = [f for f in files if self.scanner and
                      (f.text is not None or PurePosixPath(f.name).suffix.lower() in SCANNED_SUFFIXES)]
        paths = sorted({f.source for f in self.files if f.data is None and f.source is not None})
        self._on_disk = FileScan(self.scanner, paths)

    def result(self) -> ProblemReport:
        from anonymise.text import decisions as occurrences

        report = ProblemReport()
        on_disk = self._on_disk.offsets()
        found: list = []
        decided = 0
        for planned in self.files:
            items, skipped = self._findings(planned, on_disk)
            decided += skipped
            found += items
            for item in items[:MAX_PER_FILE]:
                report.add_problem("gate.original_found", location=f"data/{planned.name}:{item.line}",
                                   kind=item.type, shown=item.shown, origin=planned.origin, name=planned.name,
                                   line=item.line, log=str(self.work.gate_log(GATE)), occurrence=str(item.occurrence),
                                   decisions=str(self.work.decisions))
        if self.work.private.is_dir():
            occurrences.record(self.work.decisions, GATE, found)
            occurrences.write_log(self.work.gate_log(GATE), GATE, found, decided, self.work.decisions)
        return report

    def _findings(self, planned: Planned, on_disk: dict[Path, list[int]]) -> tuple[list, int]:
        """(Findings that stand as an identifier in one bundled file, occurrences a person decided on).
        A document read both as bytes and as text (RTF) lists an occurrence once: the raw bytes add
        only what the text does not show (an original in a control group or in escaped letters)."""
        seen: set[str] = set()
        out: list = []
        decided = 0
        views: list[tuple[bytes, int, list]] = []   # (bytes, their offset in the file, hits)
        if planned.text is not None:
            text = planned.text.encode("utf-8")
            views.append((text, -1, self.scanner.matches(text)))
        if planned.data is not None:
            views.append((planned.data, 0, self.scanner.matches(planned.data)))
        elif planned.source is not None:
            if planned.source.suffix.lower() == ".rtf":
                text = _rtf_text(planned.source).encode("utf-8")
                views.insert(0, (text, -1, self.scanner.matches(text)))
            views += [self._window(planned.source, offset) for offset in on_disk.get(planned.source, [])]
        report_file = PurePosixPath(planned.name).name in REPORT_FILES
        system_file = PurePosixPath(planned.name).suffix.lower() in (".sav", ".zsav") and _head(planned) in (b"$FL2", b"$FL3")
        for data, base, matches in views:
            for start, end, original, *line in matches:
                if system_file and base >= 0 and writer_controlled(base + start, base + end):
                    continue   # the .sav writer's own header text ("01 Jan 80"), not a value
                kind, placeholder = self.records.get(original, ("", ""))
                reason = self.rule.why_not(original, kind, data, start, end, fixed=report_file)
                if reason == "decision":
                    decided += 1
                if reason is not None:
                    continue
                item = finding(GATE, f"data/{planned.name}", original, kind, placeholder, data, start, end,
                               line[0] if line else None)
                if item.occurrence not in seen:
                    seen.add(item.occurrence)
                    out.append(item)
        return sorted(out, key=lambda f: (f.line, f.occurrence)), decided

    def _window(self, path: Path, offset: int) -> tuple[bytes, int, list[tuple[int, int, str, int]]]:
        """The bytes around a hit in a file on disk, where they start in the file, and that hit
        (positions in the window, and its line in the file)."""
        begin = max(0, offset - _REACH)
        with open(path, "rb") as handle:
            handle.seek(begin)
            data = handle.read(offset - begin + self.scanner.longest + _REACH)
        [line] = offsets_to_lines(path, [offset])
        return data, begin, [(s, e, o, line) for s, e, o in self.scanner.matches(data) if begin + s == offset]

    def cancel(self) -> None:
        self._on_disk.cancel()


def _rtf_text(path: Path) -> str:
    """RTF escapes every non-ASCII letter, so a raw search would miss 'Zoë'; search the text too."""
    from striprtf.striprtf import rtf_to_text

    return rtf_to_text(path.read_text("ascii", errors="replace"), errors="ignore")


def _private(work: Work, files: list[Planned], report: ProblemReport) -> None:
    private = work.private.resolve()
    for planned in files:
        if planned.source is not None and planned.source.resolve().is_relative_to(private):
            report.add_problem("gate.private_file", location=str(planned.source), origin=planned.origin, name=planned.name)
            continue
        path = PurePosixPath(planned.name)
        if privacy.KEY_NAMES.match(path.name):
            report.add_problem("gate.private_file", location=planned.origin, variant="named_like", name=planned.name)
            continue
        if path.suffix.lower() in privacy.SNIFF_SUFFIXES:
            head = _head(planned, privacy.SNIFF_BYTES)
            if privacy.looks_like_key(head.decode("utf-8", errors="replace")):
                report.add_problem("gate.private_file", location=planned.origin, variant="key_content", origin=planned.origin)


def _head(planned, size: int = 4) -> bytes:
    """The first bytes of a planned file (its path, or the Planned itself)."""
    if isinstance(planned, Planned):
        if planned.data is not None:
            return planned.data[:size]
        if planned.source is None:
            return b""
        planned = planned.source
    with open(planned, "rb") as handle:
        return handle.read(size)


def _names(files: list[Planned], report: ProblemReport) -> None:
    """'%' and control characters are legal in BagIt (percent-encoded) but bagit-python and
    many zip tools mishandle them; characters Windows cannot store break the download there."""
    for planned in files:
        if re.search(r"[%\x00-\x1f\x7f]", planned.name):
            report.add_problem("gate.file_name", location=planned.origin, path="data/" + planned.name)
        elif re.search(r'[:*?"<>|\\]', planned.name):
            report.add_problem("gate.file_name", location=planned.origin, variant="windows", path="data/" + planned.name)


def _formats(files: list[Planned], report: ProblemReport) -> None:
    for planned in files:
        if not layout.is_preferred(planned.name):
            report.add_problem("gate.format", location=planned.origin, name=planned.name, origin=planned.origin,
                               preferred=", ".join(sorted(layout.PREFERRED)))
