"""The residual scan: does any original from the key survive anywhere in the outputs?

Run after everything is written, over the written files themselves (Word text
read back from the .docx), so it checks what will be deposited, not what we
meant to write. Any hit fails the run. Hits say where and what type, never
which original: the result goes into public reports.

The rules are propagation's (`registry.match_mode`), so the scan fails on real
leaks, not on words that were never identifiers: ages are not searched (a band
replaced "fourteen", and "fourteen" elsewhere means nothing); a date is searched
only when specific ("12 May 2013", not "2013"); an original that is also an
ordinary word ("Rose") is searched only where capitalised; and an uncertain
original still waiting for review is left to the review count, which blocks
packaging anyway. Placeholders written by the run are masked first, so an
original that happens to be a placeholder's word ("Town") is not a hit.
"""

from __future__ import annotations

import re
from pathlib import Path

from anonymise.text.phrases import PhraseMatcher, phrase_key
from anonymise.text.registry import match_mode

_BRACKETED = re.compile(r"\[[^\[\]\n]{1,80}\]")
_POSSESSIVE_TAIL = re.compile(r"['’]s?$")
MAX_HITS = 1000


def residual_scan(paths_or_texts, key_records, root=None) -> list[dict]:
    """Hits as [{file, location, type}]. Items are paths (read as documents) or (name, text) pairs."""
    matcher, placeholders = build_matcher(key_records)
    hits: list[dict] = []
    if not len(matcher):
        return hits
    for item in paths_or_texts:
        name, pieces = _pieces(item, root)
        for where, text in pieces:
            masked = _mask(text, placeholders)
            for start, _end, kind in matcher.find(masked):
                line = masked.count("\n", 0, start) + 1
                hits.append({"file": name, "location": f"{where} line {line}".strip(), "type": kind})
                if len(hits) >= MAX_HITS:
                    return hits
    return hits


def build_matcher(key_records) -> tuple[PhraseMatcher, set[str]]:
    matcher = PhraseMatcher()
    placeholders = set()
    searched = set()
    for record in key_records:
        replacement = record.get("replacement", "")
        placeholders.add(replacement)
        kind = record.get("type", "")
        if kind != "AGE" and not record.get("pending_review"):
            searched.add((kind, record["original"]))
    placeholders |= {_POSSESSIVE_TAIL.sub("", p) for p in placeholders}
    for kind, original in sorted(searched):
        mode = match_mode(phrase_key(original), kind)
        if mode is not None:
            matcher.add(original, kind, mode)
    return matcher, placeholders


def _mask(text: str, placeholders: set[str]) -> str:
    def blank(match: re.Match) -> str:
        return " " * len(match.group(0)) if match.group(0) in placeholders else match.group(0)
    return _BRACKETED.sub(blank, text)


def _pieces(item, root) -> tuple[str, list[tuple[str, str]]]:
    if isinstance(item, tuple):
        name, text = item
        return str(name), [("", text)]
    from anonymise.text.documents import read_document

    path = Path(item)
    name = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
    if path.suffix.lower() in (".tab", ".csv"):
        return name, [("", path.read_text(encoding="utf-8", errors="replace"))]
    return name, read_document(path).texts()
