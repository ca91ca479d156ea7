"""The residual scan: does any original from the key survive anywhere in the outputs?

Run after everything is written, over the written files themselves (Word text
read back from the .docx), so it checks what will be deposited, not what we
meant to write. Any hit fails the run. Hits say where and what type, never
which original: the result goes into public reports; the private Finding beside
each (the original and its context) goes to WORK/private/ only.

Where an original counts as found again is `anonymise.text.matching`' rule, the
one the packager's key gate and the report's leak check use too. Placeholders written by the run are masked
first, so an original that happens to be a placeholder's word ("Town") is not a hit.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Iterable

from anonymise.text.decisions import Finding, finding
from anonymise.text.matching import searched_originals
from anonymise.text.occurrence import OccurrenceRule
from anonymise.text.phrases import PhraseMatcher, phrase_key
from anonymise.text.placeholders import BRACKETED

_POSSESSIVE_TAIL = re.compile(r"['’]s?$")
MAX_HITS = 1000
GATE = "residual"


def residual_scan(paths_or_texts, key_records, root=None, kept: Iterable[str] = (),
                  rule: OccurrenceRule | None = None) -> list[dict]:
    """Hits as [{file, location, type}]. Items are paths (read as documents) or (name, text) pairs;
    `kept`: the phrases the run always keeps (`matching.kept_phrases`), or a whole `rule`."""
    counted, _decided = residual_findings(paths_or_texts, key_records, root, kept, rule)
    return [hit for hit, _finding in counted]


def residual_findings(paths_or_texts, key_records, root=None, kept: Iterable[str] = (),
                      rule: OccurrenceRule | None = None) -> tuple[list[tuple[dict, Finding]], int]:
    """([(public hit, private Finding)], occurrences a person decided are not the identifier).

    Where an original counts is `matching.OccurrenceRule`'s answer, as at every other gate: not in
    a kept phrase or a published citation form, not a month in a date or a number in a count, not
    an occurrence a person decided on. The Finding names the original: it is for WORK/private/ only."""
    rule = rule or OccurrenceRule(kept)
    matcher, placeholders = build_matcher(key_records)
    replacement = _replacements(key_records)
    counted: list[tuple[dict, Finding]] = []
    decided = 0
    if not len(matcher):
        return counted, decided
    for item in paths_or_texts:
        name, pieces = read_pieces(item, root)
        for where, text in pieces:
            masked = _mask(text, placeholders)
            for start, end, (original, kind) in matcher.find(masked):
                # judged on the text as written: the placeholders around it are part of its context
                reason = rule.why_not(original, kind, text, start, end)
                if reason == "decision":
                    decided += 1
                if reason is not None:
                    continue
                line = masked.count("\n", 0, start) + 1
                hit = {"file": name, "location": f"{where} line {line}".strip(), "type": kind}
                placeholder = replacement.get((phrase_key(original), kind), "")
                counted.append((hit, finding(GATE, f"{name} {where}".strip(), original, kind, placeholder,
                                             text, start, end, line)))
                if len(counted) >= MAX_HITS:
                    return counted, decided
    return counted, decided


def _replacements(key_records) -> dict[tuple[str, str], str]:
    out: dict[tuple[str, str], str] = {}
    for record in key_records:
        out.setdefault((phrase_key(str(record.get("original", ""))), record.get("type", "")), record.get("replacement", ""))
    return out


def build_matcher(key_records) -> tuple[PhraseMatcher, set[str]]:
    matcher = PhraseMatcher()
    placeholders = {record.get("replacement", "") for record in key_records}
    placeholders |= {_POSSESSIVE_TAIL.sub("", p) for p in placeholders}
    for original, kind, mode in searched_originals(key_records):
        matcher.add(original, (original, kind), mode)
    return matcher, placeholders


def _mask(text: str, placeholders: set[str]) -> str:
    def blank(match: re.Match) -> str:
        return " " * len(match.group(0)) if match.group(0) in placeholders else match.group(0)
    return BRACKETED.sub(blank, text)


def read_pieces(item, root=None) -> tuple[str, list[tuple[str, str]]]:
    """(name, [(where, text)]) of a written output or a (name, text) pair, as the scans read it."""
    if isinstance(item, tuple):
        name, text = item
        return str(name), [("", text)]
    from anonymise.text.documents import read_document

    path = Path(item)
    name = str(path.relative_to(root)) if root and path.is_relative_to(root) else str(path)
    if path.suffix.lower() in (".tab", ".csv"):
        return name, [("", path.read_text(encoding="utf-8", errors="replace"))]
    return name, read_document(path).texts()
