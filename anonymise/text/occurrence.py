"""One occurrence: does this place where an original's words stand again count as that identifier?

`anonymise.text.matching` says where an original is looked for (in which case, which originals at
all); this module judges each place it is found, once, for every gate: the anonymise stage's
residual scan, the report's leak check, the packager's key gate. An occurrence does not count

- inside a kept phrase ("White" in "White British"), or inside a citation form of a person the
  study description publishes ("Specimen, C."): the name is public there, as that role;
- inside template prose the caller marks as its own (the report's fixed text: "short numbers");
- where the words around it make it another type: a month in a date ("01 Jan 80"), a number in a
  count ("six or seven years ago"), for an original that is a month or a number word;
- where a person decided that this occurrence is not that identifier (decisions.py).

A binary file's header fields a format writer sets are the packager's to skip (anonymise/savfile.py
knows where they are). The month tables live with the date recogniser, which imports matching;
keeping this judgement in its own module keeps that import one-way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from anonymise.text.matching import KeptPhrases, kept_phrases
from anonymise.text.phrases import WORD, phrase_key

# Words after a number that make it a quantity ("seven years ago", "six of them"), and the words
# that join two numbers into a range ("six or seven"). The gates' own: the age recogniser's
# units are a regex of its own, for a different question.
_QUANTITY_WORDS = frozenset({"years", "year", "yrs", "months", "month", "weeks", "week", "days", "day", "hours",
                             "hour", "minutes", "mins", "times", "o", "clock", "pounds", "quid", "grand", "percent",
                             "per", "of", "hundred", "thousand", "million", "more", "less", "nights", "miles",
                             "kids", "children", "placements", "sessions", "visits", "people", "foot", "feet"})
_JOINERS = frozenset({"or", "to", "and", "of"})
_FIELD_BREAK = re.compile(r"[\t\n\r\x00-\x08\x0b\x0c\x0e-\x1f]| {2,}")
_ORDINAL_DAY = re.compile(r"^\d{1,2}(?:st|nd|rd|th)$")
_REACH = 120     # characters either side read to judge one occurrence
CONTEXT_WORDS = 6  # words either side (within the sentence) that name one occurrence


@lru_cache(maxsize=1)
def _words_of_type() -> dict[str, str]:
    """Single words that are a month or a number before they are a name ("Jan", "May", "Seven").
    Loaded on first use: the month tables live with the date recogniser."""
    from anonymise.text.numbers import ORDINAL_UNITS, TENS, UNITS
    from anonymise.text.recognisers.date_words import MONTH_ABBREVIATIONS, MONTHS

    kinds = {w.lower(): "number" for w in [*UNITS, *TENS, *ORDINAL_UNITS]}
    kinds.update({w.lower(): "month" for w in [*MONTHS, *MONTH_ABBREVIATIONS]})
    return kinds


def may_stand_as_other_type(original: str, kind: str) -> bool:
    """Can an occurrence of this original be a date or a number rather than `kind`? Only single
    words that are a month or a number word, of a type that is not itself a date or a number."""
    if kind in ("DATE", "AGE") or " " in original.strip():
        return False
    return original.strip().lower() in _words_of_type()


def _is_number(word: str) -> bool:
    return word.isdigit() or _words_of_type().get(word) == "number" or bool(_ORDINAL_DAY.match(word))


def _decoded(text: str | bytes, start: int, end: int, reach: int = _REACH) -> tuple[str, str, str]:
    """(before, found, after) around text[start:end], as str, `reach` characters (bytes) either side."""
    before, found, after = text[max(0, start - reach):start], text[start:end], text[end:end + reach]
    if isinstance(text, bytes):
        return tuple(part.decode("utf-8", "replace") for part in (before, found, after))
    return before, found, after


def other_type_at(text: str | bytes, start: int, end: int) -> str | None:
    """"date" or "number" when the words around text[start:end] make that word a date ("01 Jan 80",
    "the 3rd of May") or a number ("six or seven years ago"), else None. A name stands on its own:
    "Jan said", "Seven came round"."""
    before, found, after = _decoded(text, start, end, 40)
    role = _words_of_type().get(found.strip().lower())
    if role is None:
        return None
    # Only the words of the same phrase: in a data file the cell before ("10-15   Jan rang") is no
    # part of it, so a line break, a tab, a run of spaces or a control byte ends the phrase.
    ahead = [w.lower() for w in WORD.findall(_FIELD_BREAK.split(after, 1)[0])[:2]]
    behind = [w.lower() for w in WORD.findall(_FIELD_BREAK.split(before)[-1])[-2:]][::-1]
    next1, next2 = (ahead + ["", ""])[:2]
    prev1, prev2 = (behind + ["", ""])[:2]
    if role == "month":
        day_or_year = lambda w: (w.isdigit() and len(w) <= 4) or bool(_ORDINAL_DAY.match(w)) or w in _ordinals()
        if day_or_year(prev1) or day_or_year(next1) or (prev1 == "of" and day_or_year(prev2)):
            return "date"
        return None
    if (next1 in _QUANTITY_WORDS or _is_number(next1) or _is_number(prev1)
            or (next1 in _JOINERS and _is_number(next2)) or (prev1 in _JOINERS - {"of"} and _is_number(prev2))):
        return "number"
    return None


@lru_cache(maxsize=1)
def _ordinals() -> frozenset[str]:
    from anonymise.text.numbers import ORDINAL_UNITS

    return frozenset(ORDINAL_UNITS)


def published_name_forms(written: str) -> list[str]:
    """The forms in which a citation prints a person the study description names: "Specimen, C."
    -> also "C. Specimen", "C Specimen"; "Ann Example" -> also "Example, Ann", "Example, A.",
    "A. Example". Never the surname alone: "Specimen" in a transcript may be someone else."""
    written = " ".join(written.split())
    family, comma, given = (part.strip() for part in written.partition(","))
    if not comma:
        *first, family = written.split(" ") if " " in written else ("", written)
        given = " ".join(first)
    if not family or not given:
        return []
    initials = " ".join(f"{w[0]}." for w in WORD.findall(given))
    bare = " ".join(w[0] for w in WORD.findall(given))
    forms = [written, f"{family}, {given}", f"{given} {family}", f"{family}, {initials}", f"{initials} {family}",
             f"{bare} {family}", f"{family} {bare}"]
    return list(dict.fromkeys(f for f in forms if len(f.split()) > 1))


def published_phrases(settings) -> list[str]:
    """Every citation form of the people the study description publishes (creators, depositor)."""
    return sorted({form for person in getattr(settings, "published_people", ()) for form in published_name_forms(person)})


_TAG = re.compile(r"<[^<>]{0,300}>")
_RTF_BREAK = re.compile(r"\\(?:par|line|sect|page)(?![a-zA-Z])-?\d* ?")
_RTF_CONTROL = re.compile(r"\\(?:'[0-9a-fA-F]{2}|u-?\d+\??|[a-zA-Z]+-?\d* ?)|[{}]")
_JSON_ESCAPE = re.compile(r"\\[nrt]")
_JSON_KEY = re.compile(r'"[^"\n]{1,80}"\s*:\s*')
# A sentence ends at ".", "!" or "?" before a space, at a line break, and at a tab or a control
# byte: the end of a cell in a data file.
_SENTENCE_END = re.compile(r"[.!?]+(?=\s)|[\n\t\x00-\x08\x0b\x0c\x0e-\x1f]")
_CONTEXT_TOKEN = re.compile(r"[^\W_]+|\[\]")


def _readable(text: str, mask: bool = True) -> str:
    """The words a reader sees: markup, RTF control words and JSON escapes out, placeholders as "[]"
    (their numbers change between runs), so one occurrence reads the same in the anonymised transcript,
    its bundled RTF and the report's sample passage."""
    import html

    from anonymise.text.placeholders import BRACKETED

    text = html.unescape(_TAG.sub("\n", text))
    text = _RTF_CONTROL.sub("", _RTF_BREAK.sub("\n", text))
    text = _JSON_KEY.sub("\n", _JSON_ESCAPE.sub("\n", text).replace('\\"', "'"))
    return BRACKETED.sub("[]", text) if mask else text


def occurrence_context(text: str | bytes, start: int, end: int, mask: bool = True) -> tuple[str, str, str]:
    """(before, found, after): the readable words of the sentence around an occurrence; `mask`:
    placeholders as "[]"."""
    before, found, after = _decoded(text, start, end)
    before, after = _readable(before, mask), _readable(after, mask)
    cut = [m.end() for m in _SENTENCE_END.finditer(before)]
    before = before[cut[-1]:] if cut else before
    stop = _SENTENCE_END.search(after)
    after = after[:stop.end()] if stop else after
    squash = lambda s: re.sub(r"\s+", " ", s.replace("\ufffd", " "))
    return squash(before).lstrip(), found, squash(after).rstrip()


def occurrence_id(original: str, kind: str, text: str | bytes, start: int, end: int) -> str:
    """A stable name for one occurrence: the original, its type and up to CONTEXT_WORDS words either
    side in its sentence. The file is not part of it: the same words copied into the bundle or into
    a sample passage of the report are the same occurrence, and a person decides on it once."""
    import hashlib

    before, _found, after = occurrence_context(text, start, end)
    words = lambda s: " ".join(w.lower() for w in _CONTEXT_TOKEN.findall(s))
    left = words(before).split()[-CONTEXT_WORDS:]
    right = words(after).split()[:CONTEXT_WORDS]
    key = "\x1f".join([phrase_key(original), kind, " ".join(left), " ".join(right)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:12]


def marked_context(text: str | bytes, start: int, end: int, width: int = 60) -> str:
    """The sentence around an occurrence for a person to read, the occurrence marked <<like this>>."""
    before, found, after = occurrence_context(text, start, end, mask=False)
    lead = "…" if len(before) > width else ""
    tail = "…" if len(after) > width else ""
    return f"{lead}{before[-width:]}<<{found}>>{after[:width]}{tail}".strip()


class OccurrenceRule:
    """Does this occurrence of an original stand as that identifier? Every gate asks this.

    `kept`: phrases the collection always keeps; `published`: the citation forms of the people the
    study description names; `fixed`: template prose a gate's own text is built from (the report's),
    applied only where the caller says the text is that template's output; `decided`: occurrence ids
    a person marked "not that identifier"."""

    def __init__(self, kept: Iterable[str] = (), published: Iterable[str] = (), fixed: Iterable[str] = (),
                 decided: Iterable[str] = ()) -> None:
        self.kept = KeptPhrases(kept)
        self.published = KeptPhrases(published)
        self.fixed = KeptPhrases(fixed)
        self.decided = frozenset(decided)

    @classmethod
    def from_settings(cls, settings, fixed: Iterable[str] = (), decided: Iterable[str] = ()) -> OccurrenceRule:
        return cls(kept_phrases(settings), published_phrases(settings), fixed, decided)

    def config(self) -> tuple:
        """What a worker process needs to build the same rule."""
        return self.kept.phrases, self.published.phrases, self.fixed.phrases, sorted(self.decided)

    def in_words(self, text: str | bytes, start: int, end: int, typed: bool = True, fixed: bool = False) -> str | None:
        """Why the words around text[start:end] make it something else, or None if they do not:
        "kept phrase", "published name", "template", "date" or "number". `typed`: the original is a
        word that may be a month or a number (may_stand_as_other_type)."""
        if self.kept.covers(text, start, end):
            return "kept phrase"
        if self.published.covers(text, start, end):
            return "published name"
        if fixed and self.fixed.covers(text, start, end):
            return "template"
        if typed:
            return other_type_at(text, start, end)
        return None

    def why_not(self, original: str, kind: str, text: str | bytes, start: int, end: int,
                fixed: bool = False) -> str | None:
        """None if this occurrence counts as the identifier surviving; otherwise the reason it does not."""
        reason = self.in_words(text, start, end, may_stand_as_other_type(original, kind), fixed)
        if reason is None and self.decided and occurrence_id(original, kind, text, start, end) in self.decided:
            return "decision"
        return reason
