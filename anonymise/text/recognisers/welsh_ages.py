"""Ages said in Welsh, in Welsh or inside English: "Mae Cai yn naw oed", "dw i'n un ar
bymtheg", "fydd o'n ddeg ym mis Awst", "He's pedwar deg naw", "He died at saith deg un".
Bilingual speakers slip into Welsh for numbers, and a transcript keeps what they said.

"oed" (age) after a number makes it an age wherever it stands. Without it, the number must
follow "is/was" said of someone, in Welsh ("o'n", "hi'n", "i'n") or in English ("he's", "I
was", "died at"), and end its clause: "o'n ddeg munud" (ten minutes) and "dau o blant" (two
children) are counts. Inside English only numbers no English speaker says stay ages ("naw" and
"pump" are words too)."""

from __future__ import annotations

import re

from anonymise.text.numbers import WELSH_NUMBER, WELSH_NUMBER_UNMISTAKABLE, parse_age
from anonymise.text.recognisers.base import RegexRecogniser, Rule

MAX_AGE = 110
_START = r"(?<![\w'’])"
# Where an age said without "oed" ends: the clause closes, or "now", "in August", "this year".
_CLAUSE_END = (r"(?=\s*(?:[.,;:!?…(){}\[\]]|--|—|$)|\s+(?:ym|yn|rŵan|rwan|nawr|now|eleni|and|a|ac|oed|"
               r"flwyddyn\s+nesa|next)\b)")
# Welsh "is/was/will be" said of someone: "mae o'n", "oedd hi'n", "dw i'n", "fydd o'n".
_WELSH_BE = r"(?:\b(?:i|o|fo|e|fe|hi|ti|chi|nhw)['’]n)"
# English said of someone: "he's", "I was", "she's only", "died at".
_ENGLISH_BE = (r"(?:\b(?i:he|she|who)(?:['’]s|\s+(?i:is|was))|\bI(?:['’]m|\s+(?:am|was))|"
               r"\b[A-Z][a-zâêîôûŵŷ]+['’]s|\b(?i:died\s+)?at)")


class WelshAgeRecogniser(RegexRecogniser):
    NAME = "welsh_age"
    ENTITY = "AGE"
    RULES = (
        Rule("oed", rf"{_START}(?P<id>{WELSH_NUMBER}|\d{{1,3}})(?:\s+a\s+hanner)?\s+(?:mlwydd\s+)?oed\b",
             0.9, re.IGNORECASE, needs=r"\boed\b"),
        Rule("welsh_be", rf"{_WELSH_BE}\s+(?:dim\s+ond\s+)?(?P<id>{WELSH_NUMBER}){_CLAUSE_END}",
             0.8, re.IGNORECASE, needs=r"['’]n\s"),
        Rule("english_be", rf"{_ENGLISH_BE}\s+(?:(?i:only|just|nearly)\s+)?(?P<id>(?i:{WELSH_NUMBER_UNMISTAKABLE})){_CLAUSE_END}",
             0.8, needs=r"\b(?:deg|ddeg|deuddeg|ddeuddeg|pymtheg|bymtheg|deunaw|ugain|hugain|deugain|trigain|"
                        r"saith|wyth|chwech|chwe|pedwar|bedwar|pedair|tair|dwy|ddwy|ddau|dri)\b"),
    )

    def validate(self, value, match, rule):
        age = parse_age(value)
        if age is None or age > MAX_AGE:
            return None
        return rule.score
