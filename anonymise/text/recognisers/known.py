"""Identifiers listed in the manifest (anonymisation.known_identifiers): always found, in any
case, with their variants. Also home of `find_all`, the whole-word matcher the merge phase uses
to propagate confirmed names."""

from __future__ import annotations

import re
from typing import Iterable

from anonymise.text.detection import ENTITY_TYPES, Detection
from anonymise.text.recognisers.base import Recogniser


def _pattern(strings: Iterable[str]) -> re.Pattern | None:
    alts = sorted({s.strip() for s in strings if s and s.strip()}, key=len, reverse=True)
    if not alts:
        return None
    # Whitespace inside a string matches any whitespace run (names split by a line break).
    body = "|".join(r"\s+".join(re.escape(p) for p in a.split()) for a in alts)
    return re.compile(rf"(?<![\w])(?:{body})(?![\w])", re.IGNORECASE)


def find_all(text: str, strings: Iterable[str]) -> list[tuple[int, int]]:
    """Every whole-word, case-insensitive occurrence of any of `strings` in `text`, longest first."""
    pattern = _pattern(strings)
    return [m.span() for m in pattern.finditer(text)] if pattern else []


def _field(item, name, default=None):
    return item.get(name, default) if isinstance(item, dict) else getattr(item, name, default)


class KnownIdentifierRecogniser(Recogniser):
    NAME = "known"
    ENTITIES = tuple(ENTITY_TYPES)
    needs_doc = False

    def __init__(self, settings=None, gazetteers=None):
        super().__init__(settings, gazetteers)
        self.types: dict[str, str] = {}
        for item in getattr(settings, "known_identifiers", None) or ():
            type_ = str(_field(item, "type", "PERSON") or "PERSON").upper()
            if type_ not in ENTITY_TYPES:
                type_ = "PERSON"
            for s in [_field(item, "text")] + list(_field(item, "variants", None) or []):
                if s and str(s).strip():
                    self.types.setdefault(" ".join(str(s).lower().split()), type_)
        self.pattern = _pattern(self.types)

    def find(self, text, doc=None):
        if self.pattern is None:
            return []
        out = []
        for m in self.pattern.finditer(text):
            type_ = self.types.get(" ".join(m.group(0).lower().split()), "PERSON")
            out.append(Detection(m.start(), m.end(), type_, m.group(0), 1.0, self.NAME))
        return out
