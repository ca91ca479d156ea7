"""Per-occurrence decisions: "this occurrence is not that identifier", made by a person, kept private.

A gate that finds an original from the key standing again (the anonymise stage's residual scan,
the report's leak check, the packager's key gate) or a keep-list word standing as an identifier
lists every such occurrence in WORK/private/decisions.csv, one row each:

    occurrence, gate, file, line, type, placeholder, context, decision

`context` is the sentence around it, the occurrence marked <<like this>>; `occurrence` names it by
its words (`matching.occurrence_id`), so a row holds across runs and across the copies of one text
(the anonymised transcript, its RTF in the bundle, a sample passage in the report). A person writes
in the decision column:

    not_identifier   this occurrence is not that identifier (the same word meaning something else
                     here): every gate lets it stand, and the report counts it as a person's decision
    identifier       it is the identifier: the anonymisation missed it, the gates keep refusing
                     until it is replaced (add the spelling to known_identifiers and run anonymise)

An empty decision is undecided: the gate refuses. Rows a person decided are kept for good; undecided
rows a gate no longer finds are dropped when that gate runs again. The file shows originals, so it is
written owner-only under WORK/private/, like the key; `write_log` writes each gate's private log.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from anonymise.text.answers import read_answer
from anonymise.text.occurrence import marked_context, occurrence_id
from manifests.errors import UserError
from manifests.fileio import remove, write_text

COLUMNS = ("occurrence", "gate", "file", "line", "type", "placeholder", "context", "decision")
NOT_IDENTIFIER = "not_identifier"
IDENTIFIER = "identifier"
_ANSWERS = {"not_identifier": NOT_IDENTIFIER, "not identifier": NOT_IDENTIFIER, "not-identifier": NOT_IDENTIFIER,
            "not": NOT_IDENTIFIER, "no": NOT_IDENTIFIER, "n": NOT_IDENTIFIER,
            "identifier": IDENTIFIER, "yes": IDENTIFIER, "y": IDENTIFIER}


@dataclass(frozen=True)
class Finding:
    """One occurrence a gate counts as an original surviving. PRIVATE: it holds the original."""

    gate: str
    file: str
    line: int
    original: str
    type: str
    placeholder: str
    context: str
    occurrence: str

    @property
    def shown(self) -> str:
        """How a public line names it: the placeholder the key gives the original, else the occurrence id."""
        return self.placeholder or f"occurrence {self.occurrence}"


def finding(gate: str, file: str, original: str, kind: str, placeholder: str, text: str | bytes, start: int,
            end: int, line: int | None = None) -> Finding:
    """The Finding for text[start:end] (str or bytes); `line` defaults to its line in `text`."""
    if line is None:
        line = text.count(b"\n" if isinstance(text, bytes) else "\n", 0, start) + 1
    return Finding(gate, file, line, original, kind, placeholder, marked_context(text, start, end),
                   occurrence_id(original, kind, text, start, end))


def _decision(value: str, where: str) -> str | None:
    return read_answer(value, _ANSWERS, where, "decision {value!r} is neither 'not_identifier' nor 'identifier'",
                       "write not_identifier where the occurrence is not that identifier, or leave it empty")


def read(path: str | Path) -> list[dict]:
    """Every row, the decision normalised (None when empty). A missing file has no rows."""
    path = Path(path)
    if not path.is_file():
        return []
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read the decisions file: {exc}", location=str(path),
                        hint="save it as CSV (UTF-8) from your spreadsheet") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"occurrence", "decision"} <= set(reader.fieldnames):
        raise UserError("the decisions file has no 'occurrence' and 'decision' columns", location=str(path),
                        hint="keep the header row as written; delete the file to start again")
    rows = []
    for number, row in enumerate(reader, start=2):
        row = {c: (row.get(c) or "").strip() for c in COLUMNS}
        row["decision"] = _decision(row["decision"], f"{path}:{number}")
        if row["occurrence"]:
            rows.append(row)
    return rows


def not_identifier(path: str | Path) -> frozenset[str]:
    """Occurrence ids a person decided are not the identifier."""
    return frozenset(r["occurrence"] for r in read(path) if r["decision"] == NOT_IDENTIFIER)


def decided_not_identifier(path: str | Path) -> list[dict]:
    """{"type", "occurrence"} of every "not_identifier" decision, for the report to count by type."""
    return [{"type": r["type"], "occurrence": r["occurrence"]} for r in read(path) if r["decision"] == NOT_IDENTIFIER]


def record(path: str | Path, gate: str, findings: Iterable[Finding]) -> Path | None:
    """Merge this run of `gate` into the decisions file: its findings as rows (a decision already
    made for an occurrence is kept), its undecided rows it no longer finds dropped, every decided
    row and other gates' rows kept. Returns the path, or None when there is nothing to keep."""
    path = Path(path)
    earlier = {r["occurrence"]: r for r in read(path)}
    rows: dict[str, dict] = {}
    for item in findings:
        if item.occurrence in rows:
            continue
        before = earlier.get(item.occurrence) or {}
        rows[item.occurrence] = {"occurrence": item.occurrence, "gate": gate, "file": item.file, "line": str(item.line),
                                 "type": item.type, "placeholder": item.placeholder, "context": item.context,
                                 "decision": before.get("decision")}
    for occurrence, row in earlier.items():
        if occurrence not in rows and (row["decision"] or row["gate"] != gate):
            rows[occurrence] = row
    if not rows:
        if path.is_file():
            remove(path)
        return None
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in sorted(rows.values(), key=lambda r: (r["gate"], r["file"], int(r["line"] or 0), r["occurrence"])):
        writer.writerow(row | {"decision": row["decision"] or ""})
    write_text(path, buffer.getvalue(), private=True, encoding="utf-8-sig")
    return path


GATE_NAMES = {"residual": "the anonymise stage's residual scan", "report": "the anonymisation report's leak check",
              "package": "the packager's key gate", "keep_list": "the keep-list check"}


def write_log(path: str | Path, gate: str, findings: list[Finding], decided: int = 0, decisions: str | Path = "",
              advice: str = "") -> Path | None:
    """WORK/private/gate_<gate>.log: every occurrence `gate` counted, with the original, file, line and
    context, for the data manager only. Without findings an earlier log is removed: it would describe
    a run that no longer stands."""
    path = Path(path)
    if not findings:
        if path.is_file():
            remove(path)
        return None
    name = GATE_NAMES.get(gate, gate)
    lines = [f"PRIVATE: what {name} found. It shows original identifiers: keep it under WORK/private/, never share it.",
             "",
             f"{len(findings)} occurrence(s) count as an original identifier still standing"
             + (f"; {decided} more were decided 'not_identifier' by a person" if decided else "") + ".",
             ""]
    for item in sorted(findings, key=lambda f: (f.file, f.line, f.occurrence)):
        lines.append(f"{item.file}, line {item.line}: {item.type} {item.original!r}"
                     f"{f' (replaced elsewhere by {item.placeholder})' if item.placeholder else ''}, occurrence {item.occurrence}")
        lines.append(f"    {item.context}")
    lines += ["", "What to do, for each occurrence:",
              (f"  - it is not that identifier (the same word meaning something else here): write {NOT_IDENTIFIER} "
               f"in its row of {decisions or 'the decisions file'} and run the command again;"),
              "  - it is that identifier: " + (advice or "the anonymisation missed it here; add this spelling to "
                                                         "anonymisation.known_identifiers in deposit.yaml and run "
                                                         "'ukds-deposit anonymise' again."),
              "Never put an identifier on the keep list to get past a gate: that publishes it everywhere.", ""]
    write_text(path, "\n".join(lines), private=True)
    return path
