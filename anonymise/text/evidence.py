"""Evidence in plain words: why a span was replaced, for the review file's "why" column.

A detection's evidence is `recogniser.rule (cue)`, e.g. "uk_person.title_name (Mrs)". Each
recogniser may explain its rules in an EXPLAINS table ("title_name": "title + name"); a rule
without an entry is shown by its name with spaces.
"""

from __future__ import annotations

import re
from functools import lru_cache

_EVIDENCE = re.compile(r"^(?P<recogniser>[\w-]+)(?:\.(?P<rule>\w+))?(?:\s+\((?P<cue>.*)\))?$", re.S)


@lru_cache(maxsize=1)
def _explanations() -> dict[str, str]:
    # Imported here, not at the top: the registry needs this only when there is something to
    # review, and importing every recogniser (and Presidio) would slow every command's start.
    from anonymise.text.recognisers import RECOGNISERS, WHOLE_TEXT_RECOGNISERS

    table = {}
    for cls in RECOGNISERS + WHOLE_TEXT_RECOGNISERS:
        for rule, words in getattr(cls, "EXPLAINS", {}).items():
            table[f"{cls.NAME}.{rule}"] = words
    return table


def explain(evidence: str) -> str:
    """ "uk_person.title_name (Mrs)" -> "title + name (Mrs)"; "spacy_ner.GPE" -> "spacy ner: GPE"."""
    m = _EVIDENCE.match(evidence or "")
    if m is None:
        return evidence or ""
    recogniser, rule, cue = m.group("recogniser"), m.group("rule"), m.group("cue")
    words = _explanations().get(f"{recogniser}.{rule}") if rule else None
    if words is None:
        words = recogniser.replace("_", " ") + (f": {rule.replace('_', ' ')}" if rule else "")
    return f"{words} ({cue})" if cue else words
