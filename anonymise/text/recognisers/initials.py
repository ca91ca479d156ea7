"""Initials that stand for a person, written with full stops: "S.B.", "L.W.", "J.McC", "P.L.".

Field notes, case records and typed transcripts shorten names to dotted initials. Two or more
capitals each closed by a full stop (or an initial joined to a Mc/Mac/O' surname stub) are a
person's initials unless the letters spell a common abbreviation ("U.K.", "P.S.", "a.m.") or an
very common word or a kept term once the stops are dropped ("U.S.", "O.K."): the abbreviations
are listed in lexicon/cues.yaml (dotted_abbreviations), the words and terms read from the lexicon.
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import RegexRecogniser, Rule

ABBREVIATIONS = cue("dotted_abbreviations")
# Services written with stops ("C.A.M.H.S.", "L.A.C."): nobody's initials. Two letters ("S.W.",
# "P.A.") may as well be someone's, so only acronyms of three letters or more.
SERVICES = frozenset(w for w in cue("service_acronyms") if len(w) >= 3)


class InitialsRecogniser(RegexRecogniser):
    NAME = "initials"
    ENTITY = "PERSON"
    RULES = (
        Rule("dotted_initials", r"(?<![\w.])[A-Z]\.(?:[A-Z]\.){1,2}(?![\w.])", scores.PERSON_INITIALS),
        Rule("dotted_initials", r"(?<![\w.])[A-Z]\.(?:Ma?c|O['’])[A-Z]\.?(?![\w])", scores.PERSON_INITIALS),
    )
    EXPLAINS = {"dotted_initials": "initials written with full stops"}

    def validate(self, value, match, rule):
        letters = re.sub(r"[.\s]", "", value).lower()
        if letters in ABBREVIATIONS or value.lower() in ABBREVIATIONS or letters in SERVICES:
            return None
        g = self.lexicon
        if g is not None and (g.very_common(letters) or letters in g.keep):
            return None
        return rule.score
