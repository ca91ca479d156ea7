"""The residual scan: does any original from the key survive anywhere in the outputs?

Run after everything is written, over the written files themselves (Word text
read back from the .docx), so it checks what will be deposited, not what we
meant to write. Any hit fails the run. Hits say where and what type, never
which original: the result goes into public reports.

Where an original counts as found again is `anonymise.text.matching`' rule, the
one the packager's key gate uses too. Placeholders written by the run are masked
first, so an original that happens to be a placeholder's word ("Town") is not a hit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from anonymise.text.matching import KeptPhrases, searched_originals
from anonymise.text.phrases import PhraseMatcher
from anonymise.text.placeholders import BRACKETED

_POSSESSIVE_TAIL = re.compile(r"['’]s?$")
MAX_HITS = 1000


def residual_scan(paths_or_texts, key_records, root=None, kept: Iterable[str] = ()) -> list[dict]:
    """Hits as [{file, location, type}]. Items are paths (read as documents) or (name, text) pairs;
    `kept`: the phrases the run always keeps (`originals.kept_phrases`)."""
    matcher, placeholders = build_matcher(key_records)
    kept_phrases = KeptPhrases(kept)
    hits: list[dict] = []
    if not len(matcher):
        return hits
    for item in paths_or_texts:
        name, pieces = _pieces(item, root)
        for where, text in pieces:
            masked = _mask(text, placeholders)
            for start, end, kind in matcher.find(masked):
                if kept_phrases.covers(masked, start, end):
                    continue
                line = masked.count("\n", 0, start) + 1
                hits.append({"file": name, "location": f"{where} line {line}".strip(), "type": kind})
                if len(hits) >= MAX_HITS:
                    return hits
    return hits


def build_matcher(key_records) -> tuple[PhraseMatcher, set[str]]:
    matcher = PhraseMatcher()
    placeholders = {record.get("replacement", "") for record in key_records}
    placeholders |= {_POSSESSIVE_TAIL.sub("", p) for p in placeholders}
    for original, kind, mode in searched_originals(key_records):
        matcher.add(original, kind, mode)
    return matcher, placeholders


def _mask(text: str, placeholders: set[str]) -> str:
    def blank(match: re.Match) -> str:
        return " " * len(match.group(0)) if match.group(0) in placeholders else match.group(0)
    return BRACKETED.sub(blank, text)


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
