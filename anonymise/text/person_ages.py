"""An age written straight after a person found: "JW (11, Y6, Halcon Primary)", "Y10 girl AH,
14,", "child T.O'S., 11, DOB ...", "Zbigniew Wójcik, polish, fifty-three".

Notes, minutes and summaries give a person and then their age, in brackets or between commas.
The age rules read such an age after a word they know is a name; a name they cannot know
(initials, a surname no list holds) is found by other recognisers, so the age beside it is read
here, once the people are found. Only a number standing alone counts: "Kyle, 3 children" or
"Kyle, 2019" are no ages. One describing word may come between ("Wójcik, polish, 53").

Going round a group, people say who they are and then how old: "Wiktoria, but everyone says
Wiki. Fourteen." A sentence that is only a number, in the turn in which a person was just named,
is that age too.

After an age found, what follows it may be the same age again, or the next: "seven, goin' on
eight", "eight, nine next month", an age glossed in English after one said in Welsh.
"""

from __future__ import annotations

import re
from typing import Iterable

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.numbers import AND_A_BIT, CARDINAL, parse_age
from anonymise.text.recognisers.date_words import MONTHS
from anonymise.text.resolve import Cover

RULE = "age_beside_person"
RULE_AGAIN = "age_after_age"
OLDEST = 110
_AFTER = re.compile(rf"[\"”’')]*[ \t]*(?:,|\()[ \t]*(?:[^\W\d_]+,[ \t]*)?(?P<age>{CARDINAL}{AND_A_BIT}?)"
                    r"(?=[ \t]*(?:[,;)]|\.(?!\d)|$))", re.IGNORECASE | re.MULTILINE)

# A sentence that is only a number, after the sentence naming someone on the same line.
_NEXT_SENTENCE = re.compile(rf"[^\n]{{0,80}}?[.!?][ \t]+(?P<age>{CARDINAL}{AND_A_BIT}?)(?=[.!]?[ \t]*(?:\n|$))",
                            re.IGNORECASE)


# After an age found, the same age said again or the next one: "seven, goin' on eight", "eight,
# nine next month", "twelve in t' summer", "He's pedwar deg naw. Forty-nine." (the age glossed in
# English), "I was un ar ddeg. [to INT] Eleven."
_MONTHS = "|".join(m.lower() for m in MONTHS)
_NEXT_AGE = re.compile(
    rf"[ \t]*,[ \t]*(?:go(?:ing|in['’]?)[ \t]+on|rising|nearly|almost)[ \t]+(?P<hedged>{CARDINAL}{AND_A_BIT}?)\b"
    rf"|[ \t]*,[ \t]*(?P<next>{CARDINAL}{AND_A_BIT}?)[ \t]+(?:next[ \t]+(?:month|week|year|birthday)|"
    rf"in[ \t]+(?:the|t['’]?)[ \t]+(?:summer|spring|autumn|winter|new[ \t]+year)|in[ \t]+(?:{_MONTHS}))\b"
    rf"|[^\n.!?]{{0,12}}[.!?][ \t]+(?:\[[^\]\n]{{0,20}}\][ \t]+)?(?P<again>{CARDINAL}{AND_A_BIT}?)(?=[.!])",
    re.IGNORECASE)


def ages_beside(text: str, chosen: Iterable[Detection]) -> list[Detection]:
    """Ages standing straight after a person found in `text` (see the module's docstring)."""
    chosen = list(chosen)
    taken = Cover((d.start, d.end) for d in chosen)
    out = []
    for d in chosen:
        if d.uncertain or d.type not in ("PERSON", "AGE"):
            continue
        if d.type == "PERSON":
            m, group, rule = _AFTER.match(text, d.end) or _NEXT_SENTENCE.match(text, d.end), "age", RULE
        else:
            m = _NEXT_AGE.match(text, d.end)
            group, rule = (m.lastgroup, RULE_AGAIN) if m is not None else ("", "")
        if m is None or taken.overlapping(*m.span(group)):
            continue
        age = parse_age(m.group(group))
        if age is None or not 0 < age <= OLDEST:
            continue
        out.append(Detection(m.start(group), m.end(group), "AGE", m.group(group), scores.AGE_BESIDE_PERSON,
                             "propagation", False, rule))
    return out
