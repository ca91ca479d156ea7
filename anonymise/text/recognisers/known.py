"""Identifiers listed in the manifest (anonymisation.known_identifiers): always found, with their
variants, in any case -- except those made of ordinary words ("Will", "Hope", "the Bell"), which
count only where capitalised as the manifest writes them, so "I will ring" and "there is hope"
stay (the registry's `match_mode(..., confirmed=True)` rule). Also home of `find_all`, the whole-word matcher the merge phase uses
to propagate confirmed names."""

from __future__ import annotations

from typing import Iterable

from anonymise.text import scores
from anonymise.text.detection import ENTITY_TYPES, Detection
from anonymise.text.phrases import CAPITALISED, WORD, CaselessStrings, phrase_key
from anonymise.text.recognisers.base import Recogniser

# From this Zipf frequency a word of a known identifier is an everyday word ("will", "hope"):
# the identifier then counts only where capitalised. Rarer words ("Bluebell") count in any case.
_EVERYDAY = scores.ZIPF_ORDINARY


def find_all(text: str, strings: Iterable[str]) -> list[tuple[int, int]]:
    """Every whole-word, case-insensitive occurrence of any of `strings` in `text`, longest first."""
    return CaselessStrings(strings).spans(text)


def _key(value: str) -> str:
    return " ".join(value.lower().replace("’", "'").split())


def _field(item, name, default=None):
    return item.get(name, default) if isinstance(item, dict) else getattr(item, name, default)


class KnownIdentifierRecogniser(Recogniser):
    NAME = "known"
    ENTITIES = tuple(ENTITY_TYPES)
    needs_doc = False

    def __init__(self, settings=None, lexicon=None):
        super().__init__(settings, lexicon)
        self.types: dict[str, str] = {}
        # key -> positions of the words that must be capitalised in the text (None: any case)
        self.capitals: dict[str, tuple[int, ...] | None] = {}
        for item in getattr(settings, "known_identifiers", None) or ():
            type_ = str(_field(item, "type", "PERSON") or "PERSON").upper()
            if type_ not in ENTITY_TYPES:
                type_ = "PERSON"
            for s in [_field(item, "text")] + list(_field(item, "variants", None) or []):
                if s and str(s).strip():
                    key = _key(str(s))
                    if key not in self.types:
                        self.types[key] = type_
                        self.capitals[key] = self._capitals(str(s), type_)
        self.strings = CaselessStrings(self.types)

    def _capitals(self, value: str, type_: str) -> tuple[int, ...] | None:
        """Which words of a known string must be capitalised where it is found: those the manifest
        capitalises (the first, if it capitalises none), when the string is made of ordinary words
        (`match_mode` would match it only capitalised) with at least one everyday word among them."""
        from anonymise.text.matching import match_mode

        words = WORD.findall(value)
        if not words or not any(w[:1].isalpha() for w in words):
            return None
        mode = match_mode(phrase_key(value), type_, confirmed=True)
        g = self.lexicon
        everyday = g is None or any(g.zipf(w.lower()) >= _EVERYDAY for w in words)
        if mode not in (None, CAPITALISED) or not everyday:
            return None
        marked = tuple(i for i, w in enumerate(words) if w[:1].isupper())
        return marked or (0,)

    def find(self, text, doc=None):
        out = []
        for start, end in self.strings.spans(text):
            value = text[start:end]
            key = _key(value)
            capitals = self.capitals.get(key)
            if capitals:
                words = WORD.findall(value)
                if any(i < len(words) and not words[i][:1].isupper() for i in capitals):
                    continue   # "I will ring", "there is hope": the words, not the known names
            type_ = self.types.get(key, "PERSON")
            out.append(Detection(start, end, type_, value, scores.KNOWN, self.NAME, rule="manifest"))
        return out
