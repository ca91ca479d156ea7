"""The matching policy: where a confirmed original is looked for again, and where it counts as found.

Propagation (registry), the residual scan, the packager's key gate, the verifier and the
end-to-end tests all ask the same questions: "in which case may this original stand and still
be that identifier?" (`match_mode`) and "does this hit count as the original surviving?"
(`searched_originals`, `KeptPhrases`). They must agree, or a run the anonymise stage calls
clean is refused by the packager for the same text; this module is the one answer:

- ages are not searched: a band replaced "14", and "14" elsewhere means nothing;
- an original still waiting for review is left to the review gate (unless the bundle is
  packaged before the review, when it is searched too);
- otherwise propagation's own rule (`match_mode`): a bare year is not searched, an ordinary
  word that is also a name ("Rose") only where capitalised;
- a hit inside a phrase the collection always keeps is the phrase, not the identifier:
  "White" the teacher's surname is not found again in the ethnic group "White British", nor
  "Anytown" in the study's own "University of Anytown".

Whether one place where an original is found counts as that identifier (kept and published
phrases, template prose, a month in a date, a person's decision) is judged in
`anonymise.text.occurrence`, which every gate calls.
"""

from __future__ import annotations

from typing import Iterable

from anonymise.text import scores
from anonymise.text.lexicon import cue, keep_terms, normalise
from anonymise.text.phrases import ANY_CASE, CAPITALISED, MID_SENTENCE, WORD, phrase_key, strip_possessive
from anonymise.text.placeholders import only_titles


def _lexicon():
    from anonymise.text.lexicon import load
    return load()


# Organisations and streets whose several-word name holds a word rarer than this (by Zipf
# frequency: "Oakwood", "Acorns") are matched in any case, like a name that is no word at all.
_NAMED_PLACES = frozenset({"SCHOOL", "COURT", "HOSPITAL", "CHILDRENS_HOME", "CHARITY", "GP_SURGERY", "STREET",
                           "ORGANISATION"})
DISTINCTIVE = scores.ZIPF_ORDINARY
# Words of organisation names that the frequency list lacks but that name nothing on their own.
_ORGANISATION_WORDS = cue("organisation_words")
# Letters with stops that are also an abbreviation everyone writes ("A.M.", "P.S."): someone's
# initials where a header names them, but spread they would take every "10 a.m." too.
_DOTTED_ABBREVIATIONS = cue("dotted_abbreviations")
LONG_NUMBER = 6   # digits in one run from which a number identifies (no age, count or year is this long)


def cased_initials(text: str) -> bool:
    """Initials told apart by a small letter ("MAr" beside "MA"): they stand for someone only
    as written, so they are not spread in any case ("MAR-\nRIED" elsewhere)."""
    word = text.strip()
    return 2 <= len(word) <= 3 and word.isalpha() and word[0].isupper() \
        and not (word.isupper() or word.islower() or word.istitle())


def spells_abbreviation(initials: str) -> bool:
    """Whether initials spell an abbreviation everyone writes ("A.M.", "P.S."): someone's where a
    header or a label gives them, but never to be looked for elsewhere."""
    words = WORD.findall(initials)
    return bool(words) and all(len(w) == 1 for w in words) and "".join(words).lower() in _DOTTED_ABBREVIATIONS


def match_mode(key: str, kind: str = "PERSON", confirmed: bool = False) -> str | None:
    """Where a confirmed original is looked for again (propagation, and the residual scan).

    Propagation multiplies whatever it is given, so it is strict with ordinary English:
    a lone word too common to be a name on its own ("I", "care") is not spread at all
    unless a person confirmed it; a very common word that is also a name ("Harry",
    "Will") only where capitalised mid-sentence; an ordinary word ("Daisy") or a phrase
    of ordinary words ("Care Services") only where capitalised -- but an organisation or street
    of several words with one uncommon word ("Oakwood Primary School") in any case. Anything else ("Tracey",
    "Walsh", "NR32 4TT", "12 May 2013") is matched in any case. A date is only spread
    when it has two parts or more and a number: "2013" alone says little.
    `confirmed` (a manifest identifier or a reviewer's "replace") lifts the first two
    limits to "where capitalised". The residual scan uses the same rules unconfirmed, so
    it never flags a place propagation was told to leave alone."""
    lexicon = _lexicon()
    # The matcher reads "Tracey's" as "Tracey", so a key is judged without its possessive: "DO'S"
    # (someone's initials) would otherwise be no word, and "do" would be spread everywhere.
    words = WORD.findall(strip_possessive(key)[0])
    if not words:
        return None
    if kind == "DATE":
        return ANY_CASE if len(words) >= 2 and any(w.isdigit() for w in words) else None
    if spells_abbreviation(key):
        return None
    if only_titles(" ".join(words)):
        return None   # "Mrs" found alone is no one's name: spread, it took every "Mrs" of the collection
    if len(words) == 1:
        word = words[0]
        if word.isdigit() and len(word) >= LONG_NUMBER:
            return ANY_CASE      # a phone or NHS number written without spaces: specific, never a count
        if len(word) < 2 or word.isdigit():
            return CAPITALISED if confirmed and len(word) > 1 else None
        if lexicon.very_common(word):
            if confirmed:
                return CAPITALISED
            return MID_SENTENCE if lexicon.is_name(word) else None
        return CAPITALISED if lexicon.is_word(word) else ANY_CASE
    if kind in _NAMED_PLACES and any(len(w) > 2 and not w.isdigit() and w not in _ORGANISATION_WORDS
                                     and lexicon.zipf(w) < DISTINCTIVE for w in words):
        return ANY_CASE   # "the oakwood primary school lot": one uncommon word makes the phrase a name
    return CAPITALISED if all(lexicon.is_word(w) for w in words) else ANY_CASE



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

