"""The keep list's own leak: a word on the keep list that stands as an identifier somewhere.

A word on `anonymisation.keep` is never replaced. If the same word also names a person or a
place somewhere ("Specimen" kept because a creator is called so, "Mrs Specimen" the family
support worker in one transcript), keeping it publishes that identifier, silently. So after the
outputs are written, every sentence where a kept word stands is read again by the detector
without the manifest's keep list (built-in keep terms and the organisations the study description
publishes still apply), at its high-precision settings; where it would have replaced the kept word,
the occurrence is listed for a person to decide (decisions.py, gate "keep_list"): `not_identifier`
if it is the kept word there, or take the word off the keep list so it is replaced where it names
someone. Nothing is published by default without that answer: the packager refuses while any such
occurrence is undecided.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import replace

from anonymise.text.decisions import Finding, finding
from anonymise.text.lexicon import normalise
from anonymise.text.residual import read_pieces

GATE = "keep_list"
# A kept word inside a date or an age is not a name ("Christmas 2012" is the festival).
_NOT_NAMES = frozenset({"DATE", "AGE"})


def _pattern(terms: list[str]) -> re.Pattern | None:
    terms = sorted({" ".join(t.split()) for t in terms if t.strip()}, key=len, reverse=True)
    if not terms:
        return None
    alternation = "|".join(r"\s+".join(re.escape(w).replace("'", "['’]") for w in t.split()) for t in terms)
    return re.compile(rf"(?<![^\W_])(?:{alternation})(?![^\W_])", re.IGNORECASE)


def kept_word_findings(items: Iterable, keep: list[str], settings, root=None, detector=None) -> list[Finding]:
    """Every occurrence of a word of `keep` (the manifest's keep list) in the written outputs `items`
    that the detector, not told to keep it, takes for an identifier. PRIVATE: the Findings hold the word."""
    pattern = _pattern(keep)
    if pattern is None:
        return []
    lines: list[tuple[str, str, int, str]] = []   # (file, whole text, offset of the line, line)
    for item in items:
        name, pieces = read_pieces(item, root)
        for where, text in pieces:
            offset = 0
            for line in text.split("\n"):
                if pattern.search(line):
                    lines.append((f"{name} {where}".strip(), text, offset, line))
                offset += len(line) + 1
    if not lines:
        return []
    if detector is None:
        from anonymise.text.pipeline import build_detector

        own = {normalise(k) for k in keep}
        detector = build_detector(replace(settings, keep=[k for k in settings.keep if normalise(k) not in own]))
    found: list[Finding] = []
    for (name, text, offset, line), detections in zip(lines, detector.detect([l[3] for l in lines], high_precision=True)):
        for match in pattern.finditer(line):
            for detection in detections:
                if detection.start <= match.start() and match.end() <= detection.end and detection.type not in _NOT_NAMES:
                    found.append(finding(GATE, name, match.group(0), detection.type, "", text,
                                         offset + match.start(), offset + match.end()))
                    break
    return found
