"""Where an original from the private key counts as found again.

Three searches ask "does an identifier survive?": the anonymise stage's residual
scan, the packager's key gate, and the end-to-end tests. They must agree, or a
run the anonymise stage calls clean is refused by the packager for the same
text. This module is the one rule they share:

- ages are not searched: a band replaced "14", and "14" elsewhere means nothing;
- an original still waiting for review is left to the review gate (unless the bundle is
  packaged before the review, when it is searched too);
- otherwise propagation's own rule (`matching.match_mode`): a bare year is not
  searched, an ordinary word that is also a name ("Rose") only where capitalised;
- a hit inside a phrase the collection always keeps is the phrase, not the
  identifier: "White" the teacher's surname is not found again in the ethnic
  group "White British", nor "Anytown" in the study's own "University of Anytown".
"""

from __future__ import annotations

from typing import Iterable

from anonymise.text.matching import match_mode
from anonymise.text.phrases import ANY_CASE, phrase_key


def searched_originals(records: Iterable[dict], include_pending: bool = False) -> list[tuple[str, str, str]]:
    """(original, type, mode) for every key record whose original counts if found again.
    `include_pending`: also originals still waiting for review, for a bundle packaged before
    they were decided (they were replaced where found, so finding one elsewhere is news)."""
    searched = set()
    for record in records:
        kind = record.get("type", "")
        if kind == "AGE" or (record.get("pending_review") and not include_pending):
            continue
        mode = match_mode(phrase_key(record["original"]), kind)
        if mode is not None:
            searched.add((record["original"], kind, mode))
    return sorted(searched)


def any_case_originals(searched: Iterable[tuple[str, str, str]]) -> set[str]:
    """Originals searched in any case under at least one record: that rule wins over a stricter one."""
    return {original for original, _kind, mode in searched if mode == ANY_CASE}


def kept_phrases(settings) -> list[str]:
    """Every phrase of two words or more the text pass always keeps: the built-in list
    (ethnic groups, research councils, festivals...) and the manifest's, which includes
    the organisations the study description names."""
    from anonymise.text.lexicon import keep_terms, normalise

    phrases = set(keep_terms()) | {normalise(k) for k in getattr(settings, "keep", ())}
    return sorted(p for p in phrases if " " in p)


class KeptPhrases:
    """Answers "is this hit part of a kept phrase written around it?" for str or UTF-8 bytes.

    Built once per search; for each original the phrases containing it as whole words are
    worked out on first use, so a hit costs a few slice comparisons."""

    def __init__(self, phrases: Iterable[str] = ()) -> None:
        self.phrases = sorted({" ".join(p.lower().split()) for p in phrases if len(p.split()) > 1})
        self._around: dict[str, list[tuple[int, int, str, bytes]]] = {}

    def __bool__(self) -> bool:
        return bool(self.phrases)

    def _containing(self, found: str) -> list[tuple[int, int, str, bytes]]:
        if found not in self._around:
            places = []
            for phrase in self.phrases:
                at = phrase.find(found)
                while at != -1:
                    end = at + len(found)
                    if (at == 0 or not phrase[at - 1].isalnum()) and (end == len(phrase) or not phrase[end].isalnum()):
                        places.append((at, len(phrase[:at].encode("utf-8")), phrase, phrase.encode("utf-8")))
                    at = phrase.find(found, at + 1)
            self._around[found] = places
        return self._around[found]

    def covers(self, text: str | bytes, start: int, end: int) -> bool:
        if not self.phrases:
            return False
        is_bytes = isinstance(text, bytes)
        found = text[start:end].decode("utf-8", "ignore") if is_bytes else text[start:end]
        found = " ".join(found.lower().split())
        for char_offset, byte_offset, phrase, encoded in self._containing(found):
            target = encoded if is_bytes else phrase
            begin = start - (byte_offset if is_bytes else char_offset)
            if begin >= 0 and _lower(text[begin:begin + len(target)]) == target:
                return True
        return False


def _lower(text: str | bytes) -> str | bytes:
    if isinstance(text, bytes):
        return text.decode("utf-8", "ignore").lower().encode("utf-8")
    return text.lower()
