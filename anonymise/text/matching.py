"""The matching policy: where a confirmed original is looked for again.

Propagation (registry), the residual scan, the packager's key gate and the
report's searches all ask the same question, "in which case may this original
stand and still count as that identifier?"; this module is the one answer.
"""

from __future__ import annotations

from anonymise.text import scores
from anonymise.text.lexicon import cue
from anonymise.text.phrases import ANY_CASE, CAPITALISED, MID_SENTENCE, WORD


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
LONG_NUMBER = 6   # digits in one run from which a number identifies (no age, count or year is this long)


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
    words = WORD.findall(key)
    if not words:
        return None
    if kind == "DATE":
        return ANY_CASE if len(words) >= 2 and any(w.isdigit() for w in words) else None
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
