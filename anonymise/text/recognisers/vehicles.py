"""Vehicle registrations: the current GB style ("WU70 HBD"), the older prefix and suffix styles
("A123 BCD", "ABC 123D"), Northern Irish marks ("KFZ 7183") and Irish plates ("131-MN-4472"),
written tidily or read out with spaces ("W U 7 0 H B D").

Each style is checked against the rules the DVLA, DVA and Irish registration offices issue by
(letters never used, age identifiers, county codes). Only the current style and the unmistakable
forms (three-letter Northern Irish marks, hyphenated Irish plates) stand alone in capitals; the
rest, and anything in lower case, needs a word about vehicles nearby ("reg", "van", "plate").
"""

from __future__ import annotations

import re

from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import Rule, lexicon_of
from anonymise.text.recognisers.cued import CuedRecogniser

# Letters never issued in the positions named (DVLA).
_NOT_FIRST = set("IQZ")          # first letter of a current-style memory tag
_NOT_SECOND = set("IQZ")
_NOT_RANDOM = set("IQ")          # the three random letters
_NOT_AGE_LETTER = set("IOQUZ")   # prefix and suffix year letters
# Northern Ireland's two-letter county codes: every mark contains one.
NI_CODES = frozenset("""AZ BZ CZ DZ EZ FZ GZ HZ IA IB IG IJ IL IW JI JZ KZ LZ MZ NZ OI OZ PZ RZ SZ TZ UI UZ
VZ WZ XI XZ YZ""".split())
# Irish county and city codes.
IE_CODES = frozenset("""C CE CN CW D DL G KE KK KY L LD LH LK LM LS MH MN MO OY RN SO T TN TS W WD WH WW WX""".split())


_CURRENT = r"[A-Z]{2}\d{2} ?[A-Z]{3}"
_CURRENT_SPOKEN = r"[A-Z] ?[A-Z] ?\d ?\d ?[A-Z] ?[A-Z] ?[A-Z]"
_PREFIX = r"[A-Z]\d{1,3} ?[A-Z]{3}"
_SUFFIX = r"[A-Z]{3} ?\d{1,3}[A-Z]"
_NI = r"[A-Z]?[A-Z]{2} ?\d{1,4}"
_IRISH = r"\d{2,3}[ -]?[A-Z]{1,2}[ -]?\d{1,6}"
# Plates of the countries families bring cars from: Romania's county letters, two figures and
# three letters ("IS 27 MHP", "B 123 ABC"); Ukraine's and Bulgaria's two letters, four figures,
# two letters ("AX 4521 KP"). Read near a word about vehicles.
_ABROAD = r"[A-Z]{1,2} ?\d{2,3} ?[A-Z]{3}|[A-Z]{2} ?\d{4} ?[A-Z]{2}"
# Britain's first, dateless marks (to 1963): up to three letters and up to four figures ("KAX 913").
_DATELESS = r"[A-Z]{1,3} ?\d{1,4}"
_EDGE_L = r"(?<![\w-])"
_EDGE_R = r"(?![\w-])"


def _current_ok(plate: str) -> bool:
    p = plate.replace(" ", "").upper()
    if len(p) != 7 or p[0] in _NOT_FIRST or p[1] in _NOT_SECOND or set(p[4:]) & _NOT_RANDOM:
        return False
    age = int(p[2:4])
    # March plates carry the year (02 = 2002), September ones the year + 50 (51 = Sept 2001).
    return 2 <= age <= 29 or 51 <= age <= 79


def _prefix_ok(plate: str) -> bool:
    p = plate.replace(" ", "").upper()
    return p[0] not in _NOT_AGE_LETTER and not set(p[-3:]) & _NOT_RANDOM


def _suffix_ok(plate: str) -> bool:
    p = plate.replace(" ", "").upper()
    return p[-1] not in _NOT_AGE_LETTER and not set(p[:3]) & _NOT_RANDOM


def _ni_ok(plate: str) -> bool:
    letters = re.match(r"[A-Z]+", plate.upper()).group(0)
    return letters[-2:] in NI_CODES


def _irish_ok(plate: str) -> bool:
    m = re.fullmatch(r"(\d{2,3})[ -]?([A-Z]{1,2})[ -]?(\d{1,6})", plate.upper())
    if not m or m.group(2) not in IE_CODES:
        return False
    year = m.group(1)
    if len(year) == 2:   # 1987-2012: the year
        return int(year) >= 87 or int(year) <= 12
    # From 2013: the year and the half (131, 132).
    return 13 <= int(year[:2]) <= 39 and year[2] in "12"


# Each style's issuing rules, by rule name.
def _dateless_ok(plate: str) -> bool:
    """Not a Northern Irish mark (that style's own rule) nor a postcode district or a year ("M62")."""
    letters = re.match(r"[A-Z]+", plate.upper()).group(0)
    return len(letters) >= 2 and letters[-2:] not in NI_CODES and len(re.sub(r"\D", "", plate)) >= 3


CHECKS = {"current": _current_ok, "current_spoken": _current_ok, "prefix": _prefix_ok,
          "suffix": _suffix_ok, "northern_irish": _ni_ok, "irish": _irish_ok,
          "abroad": lambda plate: True, "dateless": _dateless_ok}


class VehicleRecogniser(CuedRecogniser):
    NAME = "vehicle"
    ENTITY = "VEHICLE"
    CONTEXT = ("reg", "registration", "number plate", "plate", "plates", "car", "van", "motor",
               "vehicle", "taxi", "cab", "lorry", "truck", "bike", "motorbike", "parked", "driving",
               "drives", "drove", "pool car", "minibus", "landrover", "tractor", "trailer") + tuple(sorted(cue("car_models")))
    CONTEXT_BEFORE = 60
    RULES = (
        Rule("current", rf"{_EDGE_L}(?P<id>{_CURRENT}){_EDGE_R}", 0.85, re.IGNORECASE),
        Rule("current_spoken", rf"{_EDGE_L}(?P<id>{_CURRENT_SPOKEN}){_EDGE_R}", 0.7, re.IGNORECASE,
             needs_context=True),
        Rule("prefix", rf"{_EDGE_L}(?P<id>{_PREFIX}){_EDGE_R}", 0.7, re.IGNORECASE, needs_context=True),
        Rule("suffix", rf"{_EDGE_L}(?P<id>{_SUFFIX}){_EDGE_R}", 0.7, re.IGNORECASE, needs_context=True),
        Rule("northern_irish", rf"{_EDGE_L}(?P<id>{_NI}){_EDGE_R}", 0.8, re.IGNORECASE),
        Rule("irish", rf"{_EDGE_L}(?P<id>{_IRISH}){_EDGE_R}", 0.8, re.IGNORECASE),
        Rule("abroad", rf"{_EDGE_L}(?P<id>{_ABROAD}){_EDGE_R}", 0.7, needs_context=True),
        Rule("dateless", rf"{_EDGE_L}(?P<id>{_DATELESS}){_EDGE_R}", 0.6, needs_context=True),
    )

    # Styles whose letter group, if it is an ordinary word, makes the match ordinary text in
    # capitals ("ON 12 MAY", "A1 AND", "FOR 5D").
    WORDY = frozenset({"current_spoken", "prefix", "suffix", "abroad", "dateless"})

    def validate(self, value, match, rule):
        if not CHECKS[rule.name](value):
            return None
        # A Romanian county's letters may spell a short word ("IS 27 MHP"): only the letter group
        # after the figures must not.
        if rule.name in self.WORDY and self._has_word(value, 3 if rule.name == "abroad" else 2):
            return None
        if (value.isupper() or not re.search(r"[A-Za-z]", value)) and self._stands_alone(value, rule.name):
            return rule.score
        # Lower case, or a form that is also ordinary text in capitals: only near a vehicle word.
        return rule.score if self.has_context(match.string, match.start(), match.end()) else None

    def _has_word(self, value: str, shortest: int = 2) -> bool:
        lexicon = lexicon_of(self)
        groups = re.findall(rf"[A-Za-z]{{{shortest},}}", value)
        return any(lexicon.is_word(g.lower()) for g in groups)

    @staticmethod
    def _stands_alone(value: str, rule: str) -> bool:
        """Forms that are a plate whatever surrounds them, written in capitals."""
        if rule == "current":
            return True
        if rule == "northern_irish":
            # "KFZ 7183": three letters and three or four figures; "OZ 50" could be anything.
            return bool(re.fullmatch(r"[A-Z]{3} ?\d{3,4}", value))
        if rule == "irish":
            return "-" in value
        return False
