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
"""

from __future__ import annotations

import re
from typing import Iterable

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.numbers import AND_A_BIT, CARDINAL, parse_age
from anonymise.text.resolve import Cover

RULE = "age_beside_person"
OLDEST = 110
_AFTER = re.compile(rf"[\"”’')]*[ \t]*(?:,|\()[ \t]*(?:[^\W\d_]+,[ \t]*)?(?P<age>{CARDINAL}{AND_A_BIT}?)"
                    r"(?=[ \t]*(?:[,;)]|\.(?!\d)|$))", re.IGNORECASE | re.MULTILINE)

# A sentence that is only a number, after the sentence naming someone on the same line.
_NEXT_SENTENCE = re.compile(rf"[^\n]{{0,80}}?[.!?][ \t]+(?P<age>{CARDINAL}{AND_A_BIT}?)(?=[.!]?[ \t]*(?:\n|$))",
                            re.IGNORECASE)


def ages_beside(text: str, chosen: Iterable[Detection]) -> list[Detection]:
    """Ages standing straight after a person found in `text` (see the module's docstring)."""
    chosen = list(chosen)
    taken = Cover((d.start, d.end) for d in chosen)
    out = []
    for d in chosen:
        if d.type != "PERSON" or d.uncertain:
            continue
        m = _AFTER.match(text, d.end) or _NEXT_SENTENCE.match(text, d.end)
        if m is None or taken.overlapping(*m.span("age")):
            continue
        age = parse_age(m.group("age"))
        if age is None or not 0 < age <= OLDEST:
            continue
        out.append(Detection(m.start("age"), m.end("age"), "AGE", m.group("age"), scores.AGE_BESIDE_PERSON,
                             "propagation", False, RULE))
    return out
