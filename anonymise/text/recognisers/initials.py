"""Initials that stand for a person, written with full stops: "S.B.", "L.W.", "J.McC", "P.L.".

Field notes, case records and typed transcripts shorten names to dotted initials. Two or more
capitals each closed by a full stop (or an initial joined to a Mc/Mac/O' surname stub) are a
person's initials unless the letters spell a common abbreviation ("U.K.", "P.S.", "a.m.", "U.S.",
"O.K.", "I.T.") or a kept term once the stops are dropped: the abbreviations are listed in
lexicon/cues.yaml (dotted_abbreviations), the terms read from the keep list. Letters that spell
a word are initials all the same when written with stops ("I.F.", "A.N.").
"""

from __future__ import annotations

import re

from anonymise.text import scores
from anonymise.text.casing import in_capitals
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import RegexRecogniser, Rule

ABBREVIATIONS = cue("dotted_abbreviations")
ERAS = cue("era_abbreviations")
_YEAR_BESIDE = re.compile(r"\d[ \t]*$|^[ \t]*\d")
# Services written with stops ("C.A.M.H.S.", "L.A.C."): nobody's initials. Two letters ("S.W.",
# "P.A.") may as well be someone's, so only acronyms of three letters or more.
SERVICES = frozenset(w for w in cue("service_acronyms") if len(w) >= 3)
# Roles written in capitals before an age ("YP (15)", "CYP, 9,"): a role, no one's initials.
ROLES = cue("speaker_roles") | cue("role_words") | cue("initialled_roles")
_ALL_SERVICES = cue("service_acronyms")


class InitialsRecogniser(RegexRecogniser):
    NAME = "initials"
    ENTITY = "PERSON"
    RULES = (
        # Typewriters spaced them: "B. M. (aged 13)", "the account of S. W. R.".
        Rule("dotted_initials", r"(?<![\w.])[A-Z]\.(?:[ ]?[A-Z]\.){1,2}(?![\w.])", scores.PERSON_INITIALS),
        Rule("dotted_initials", r"(?<![\w.])[A-Z]\.(?:Ma?c|O['’])[A-Z]\.?(?![\w])", scores.PERSON_INITIALS),
        # Notes and minutes write a person as initials and an age: "DL, 19, care leaver", "re: DS
        # (8)", "JW (11, Y6, Halcon Primary)", "(Y10 girl AH, 14,". Roles ("YP (15)") are not.
        # ... or a school year: "TJ (Y9, Oldham CLA)", "MK-O (Y11", "RB (Year 7".
        Rule("initials_with_age", r"(?<![\w.'’-])(?P<id>[A-Z]{2,3}(?:-[A-Z]{1,2})?)(?=[ \t]*\([ \t]*(?:\d{1,2}\b(?![:.]\d)|"
                                  r"Y(?:r|ear)?[ \t]*\d{1,2}\b)|"
                                  r",[ \t]*\d{1,2}[ \t]*[,;)](?!\d))", scores.PERSON_INITIALS),
        # A typed letter's reference, its author's and its typist's initials alone on a line
        # after the signature: "HGP/EW", "RJA/PH", "IJ/gmt".
        Rule("reference_initials", r"(?m)^[ \t]*(?P<id>[A-Z]{2,4})/[A-Za-z]{2,4}[ \t]*$", scores.PERSON_INITIALS),
        Rule("reference_initials", r"(?m)^[ \t]*[A-Z]{2,4}/(?P<id>[A-Za-z]{2,4})[ \t]*$", scores.PERSON_INITIALS),
    )
    EXPLAINS = {"dotted_initials": "initials written with full stops",
                "reference_initials": "a letter's reference: its author's and typist's initials",
                "initials_with_age": "capitals followed by an age, as notes write a person ('DL, 19')"}

    def validate(self, value, match, rule):
        letters = re.sub(r"[.\s]", "", value).lower()
        if letters in ABBREVIATIONS or value.lower() in ABBREVIATIONS or letters in SERVICES:
            return None
        if letters in ERAS:
            text = match.string
            if _YEAR_BESIDE.search(text[max(0, match.start() - 3):match.start()]) \
                    or _YEAR_BESIDE.search(text[match.end():match.end() + 3]):
                return None   # "A.D. 1066", "55 B.C.": the era
            return rule.score
        g = self.lexicon
        if g is not None and letters in g.keep:
            return None
        if rule.name == "reference_initials" and g is not None and g.zipf(letters) >= scores.ZIPF_NAME_OFTEN_WORD:
            return None   # "AND/OR" on a line of its own
        if rule.name == "initials_with_age":
            # "AH, 14," in a line of mixed case is someone, though "ah" is a word; in a line
            # typed in capitals it may be the word.
            if letters in ROLES or letters in _ALL_SERVICES or in_capitals(match.string, match.start()):
                return None
            return rule.score
        return rule.score   # "I.F." with its stops is someone's initials, though "if" is a word
