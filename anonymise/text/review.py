"""The review file: uncertain detections waiting for a person's decision.

WORK/private/review/text_review.csv has one row per uncertain original (what counts
as the same original: `decision_key`), showing where it first occurs:

    file, line, context, type, why, suggested_replacement, occurrences, decision

The candidate is marked in the context like <<Rose>>; `why` says which rule found it
("everyday-word name in the name lists", "spaCy PERSON entity"). A reviewer writes
`replace` or `keep` in the decision column. Decisions are read back on the next
run and apply to that original everywhere in the collection; they survive
re-runs because the file is rewritten with them filled in. Undecided rows are
replaced (the safe default) but counted as pending, and the packager refuses a
bundle while any are pending.

The context shows originals, and a reviewer needs it to decide ("Rose" the person or the
flower?), so the file lives under WORK/private/, owner-only, never bundled. A review file an
earlier version left in WORK/review/ is read once and moved there (`move_legacy_review`),
keeping its decisions.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

from anonymise.text.answers import read_answer
from anonymise.text.phrases import phrase_key
from manifests.errors import UserError
from manifests.fileio import make_private_dir, remove, write_text

REVIEW_FILE = "text_review.csv"
COLUMNS = ("file", "line", "context", "type", "why", "suggested_replacement", "occurrences", "decision")
CONTEXT_CHARS = 60
_MARKED = re.compile(r"<<(.+?)>>", re.S)
_SPACE = re.compile(r"\s+")
_ANSWERS = {"replace": "replace", "r": "replace", "yes": "replace", "y": "replace",
            "keep": "keep", "k": "keep", "no": "keep", "n": "keep"}


@lru_cache(maxsize=1 << 16)   # asked of every candidate of every unit, most of them repeats
def decision_key(text: str) -> str:
    """What one review decision covers: an original's words, in any case, with or without
    accents, a possessive, curly quotes, or a hyphen or a space between them ("Sri-Lankan",
    "sri lankan"), and whatever type a detector gave them. The type is a detector's guess and
    detectors disagree from one transcript to the next ("She speaks Kyrgyz": a person; "in
    Kyrgyz": a place), while the registry already gives one original one placeholder whatever
    its type; the reviewer judged the words in their sentence. A longer original that contains
    them ("Tetum Smith") is another original."""
    folded = unicodedata.normalize("NFKD", phrase_key(text))
    return "".join(c for c in folded if not unicodedata.combining(c)).replace("-", " ")


def by_original(decisions: dict[tuple[str, str], str]) -> dict[str, str]:
    """(key, type) -> decision, as read from the file, to decision_key -> decision. Where rows
    for one original disagree, replacing is the safe reading."""
    out: dict[str, str] = {}
    for (key, _kind), decision in sorted(decisions.items()):
        original = decision_key(key)
        if out.get(original) != "replace":
            out[original] = decision
    return out


def context(text: str, start: int, end: int, width: int = CONTEXT_CHARS) -> str:
    """One line of text around the candidate, the candidate marked <<like this>>."""
    before = text[max(0, start - width):start]
    after = text[end:end + width]
    flat = lambda s: _SPACE.sub(" ", s)
    lead = "…" if start > width else ""
    tail = "…" if end + width < len(text) else ""
    return f"{lead}{flat(before).lstrip()}<<{flat(text[start:end])}>>{flat(after).rstrip()}{tail}"


def _decision(value: str, where: str) -> str | None:
    return read_answer(value, _ANSWERS, where, "review decision {value!r} is not 'replace' or 'keep'",
                       "write replace or keep in the decision column, or leave it empty")


def _rows(path: Path) -> list[dict]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read the review file: {exc}", location=str(path),
                        hint="save it as CSV (UTF-8) from your spreadsheet") from exc
    reader = csv.DictReader(io.StringIO(text))
    if not reader.fieldnames or not {"context", "type", "decision"} <= set(reader.fieldnames):
        return []
    return list(reader)


def _review_files(review_dir) -> list[Path]:
    folder = Path(review_dir)
    path = folder / REVIEW_FILE
    return [path] if path.is_file() else []


def decided(review_dir) -> list[dict]:
    """Every decided row as {"text": the candidate as written, "type", "decision"}. PRIVATE: the
    texts are originals (the report publishes only those a person decided to keep)."""
    items = []
    for path in _review_files(review_dir):
        for number, row in enumerate(_rows(path), start=2):
            decision = _decision(row.get("decision", ""), f"{path}:{number}")
            marked = _MARKED.search(row.get("context") or "")
            if decision is not None and marked:
                items.append({"text": marked.group(1), "type": (row.get("type") or "").strip().upper(),
                              "decision": decision})
    return items


def read_decisions(review_dir) -> dict[tuple[str, str], str]:
    """(normalised original, type) -> "replace" | "keep", for every decided row, as written (the
    registry applies each to the whole original: `by_original`)."""
    decisions: dict[tuple[str, str], str] = {}
    for item in decided(review_dir):
        key = (phrase_key(item["text"]), item["type"])
        # Conflicting rows for one original: replacing is the safe reading.
        if decisions.get(key) != "replace":
            decisions[key] = item["decision"]
    return decisions


def write_review(review_dir, items) -> Path | None:
    """Rewrite the review file from this run's uncertain items, keeping earlier decisions."""
    path = Path(review_dir) / REVIEW_FILE
    earlier = {}
    if path.is_file():
        for row in _rows(path):
            if _row_key(row) is not None:
                earlier[_row_key(row)] = row
    if not items and not earlier:
        return None
    rows = []
    current = set()
    for item in items:
        current.add(decision_key(item.key))
        rows.append({"file": item.file, "line": item.line,
                     "context": context(item.unit_text, item.start, item.end), "type": item.type, "why": item.why,
                     "suggested_replacement": item.suggestion, "occurrences": item.occurrences,
                     "decision": item.decision or ""})
    # A decided original that no longer turns up keeps its row, so the decision is not lost.
    for key in sorted(set(earlier) - current):
        row = earlier[key]
        if (row.get("decision") or "").strip():
            rows.append({c: row.get(c, "") for c in COLUMNS})
    _write_rows(path, rows)
    return path


def _write_rows(path: Path, rows: list[dict]) -> None:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    if not path.parent.exists():
        make_private_dir(path.parent)      # a folder made for the review file is owner-only, like the file
    write_text(path, buffer.getvalue(), private=True, encoding="utf-8-sig")


def move_legacy_review(work) -> Path | None:
    """Move a review file an earlier version wrote to WORK/review/ into WORK/private/review/.
    Its decided rows are kept; where both files decide one original, the one in private/ (the
    newer) wins. Returns the new path, or None when there was nothing to move."""
    old = Path(work.legacy_review) / REVIEW_FILE
    if not old.is_file():
        return None
    new = Path(work.review) / REVIEW_FILE
    rows = _rows(new) if new.is_file() else []
    have = {_row_key(row) for row in rows}
    rows += [row for row in _rows(old) if _row_key(row) is None or _row_key(row) not in have]
    _write_rows(new, [{c: row.get(c, "") for c in COLUMNS} for row in rows])
    remove(old)
    return new


def _row_key(row: dict) -> str | None:
    """The original a row decides (decision_key of its marked candidate)."""
    marked = _MARKED.search(row.get("context") or "")
    return decision_key(marked.group(1)) if marked else None


def _counts(review_dir) -> dict:
    counts = {"pending": 0, "replace": 0, "keep": 0}
    for path in _review_files(review_dir):
        for number, row in enumerate(_rows(path), start=2):
            decision = _decision(row.get("decision", ""), f"{path}:{number}")
            counts[decision or "pending"] += 1
    return counts


def pending_count(review_dir) -> int:
    """Uncertain originals nobody has decided on yet (the packager refuses while this is not 0)."""
    return _counts(review_dir)["pending"] if review_dir and Path(review_dir).is_dir() else 0


def review_summary(review_dir, root=None) -> dict:
    """{file (relative to root), pending, replace, keep} for the anonymise stage result."""
    path = Path(review_dir) / REVIEW_FILE
    counts = _counts(review_dir) if Path(review_dir).is_dir() else {"pending": 0, "replace": 0, "keep": 0}
    shown = ""
    if path.is_file():
        shown = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
    return {"file": shown, **counts}
