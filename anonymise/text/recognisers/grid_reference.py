"""Location references (GRID_REFERENCE): what3words addresses ("///crisp.window.ledge",
"slash slash slash filled dot count dot soap") and Ordnance Survey grid references
("ST 5705 7205", "SK 123 456", "TQ30038050"), each of which pins a place to a few metres."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.cued import CuedRecogniser
from anonymise.text.recognisers.spoken import DOT, SLASH, SP

# The Ordnance Survey's 100 km squares that cover Great Britain.
OS_SQUARES = frozenset("""HL HM HN HO HP HQ HR HS HT HU HW HX HY HZ NA NB NC ND NE NF NG NH NJ NK NL NM NN
NO NP NR NS NT NU NW NX NY NZ OV SC SD SE SH SJ SK SM SN SO SP SR SS ST SU SV SW SX SY SZ TA TF TG TL
TM TQ TR TV""".split())
_W3W_WORD = r"[a-z]{2,}"


class GridReferenceRecogniser(CuedRecogniser):
    NAME = "grid_reference"
    ENTITY = "GRID_REFERENCE"
    CONTEXT = ("grid ref", "grid reference", "ngr", "os ref", "os grid", "ordnance survey", "grid",
               "what3words", "what 3 words", "what three words", "w3w")
    CONTEXT_BEFORE = 50
    RULES = (
        Rule("what3words", rf"(?<![\w/])(?P<id>///{_W3W_WORD}\.{_W3W_WORD}\.{_W3W_WORD})(?![\w]|\.\w)", 0.95,
             re.IGNORECASE),
        Rule("what3words_spoken", rf"\b(?P<id>{SLASH}{SP}{SLASH}{SP}{SLASH}{SP}{_W3W_WORD}{SP}{DOT}{SP}"
                                  rf"{_W3W_WORD}{SP}{DOT}{SP}{_W3W_WORD})\b", 0.9, re.IGNORECASE),
        # Without the slashes, three words joined by dots only after "what3words".
        Rule("what3words_bare", rf"(?<![\w/.@])(?P<id>{_W3W_WORD}\.{_W3W_WORD}\.{_W3W_WORD})(?![\w@]|\.\w)", 0.8,
             re.IGNORECASE, needs_context=True),
        Rule("what3words_bare_spoken", rf"\b(?P<id>{_W3W_WORD}{SP}{DOT}{SP}{_W3W_WORD}{SP}{DOT}{SP}"
                                       rf"{_W3W_WORD})\b", 0.8, re.IGNORECASE, needs_context=True),
        Rule("os_grid", r"(?<![\w-])(?P<id>[HNOST][A-HJ-Z] ?\d{2,5} ?\d{2,5})(?![\w-])", 0.85, re.IGNORECASE),
    )

    def validate(self, value, match, rule):
        if rule.name == "what3words_bare_spoken" and not self._says_w3w(match):
            return None
        if rule.name != "os_grid":
            return rule.score
        square, digits = value[:2], value[2:]
        if square.upper() not in OS_SQUARES:
            return None
        groups = digits.split()
        figures = "".join(groups)
        if len(figures) % 2 or not 4 <= len(figures) <= 10:
            return None
        if len(groups) == 2 and len(groups[0]) != len(groups[1]):
            return None   # easting and northing are given to the same precision
        # "ST 5705 7205" in capitals, two halves of three or more figures: a grid reference
        # whatever surrounds it; shorter, run together or in lower case, only near "grid ref".
        if square.isupper() and len(groups) == 2 and len(groups[0]) >= 3:
            return rule.score
        return rule.score if self.has_context(match.string, match.start(), match.end()) else None

    def _says_w3w(self, match) -> bool:
        """Spoken dots need the words "what three words" themselves, not just "grid"."""
        before = match.string[max(0, match.start() - self.CONTEXT_BEFORE):match.start()].lower()
        return re.search(r"what ?(?:3|three) ?words|w3w", before) is not None
