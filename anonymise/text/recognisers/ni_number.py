"""National Insurance numbers: two prefix letters (HMRC's rules), six digits, suffix A-D, in any
spacing or case ("JT 48 21 93 B", "qq 12 34 56 c"); and their Irish counterpart, the PPS number
(seven digits and a check letter, "1234567TA"), checked by its modulus-23 letter.

A prefix HMRC never issues ("QQ", the example on every form) is still taken when the speaker
says it is their NI number: it is what they gave, and it must not be left in.
"""

from __future__ import annotations

import re
from dataclasses import replace

from anonymise.text.detection import Detection
from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.cued import CuedRecogniser
from anonymise.text.recognisers.subtitles import CUE_BREAK, NEEDS_CUES, joined, pieces

# Between two groups: a space or nothing, or a typescript's hard wrap ("YM\n31 52 08 D").
_WRAP = r"(?: ?|[ \t]*\n[ \t]*)"
# Between two groups: a space, nothing, or the break into the next subtitle cue.
_SPLIT = rf"(?: ?|{CUE_BREAK})"
_BAD_FIRST = set("DFIQUV")
_BAD_SECOND = set("DFIOQUV")
_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def ni_prefix_ok(value: str) -> bool:
    v = re.sub(r"\s", "", value).upper()
    if len(v) != 9:
        return False
    a, b = v[0], v[1]
    return a not in _BAD_FIRST and b not in _BAD_SECOND and v[:2] not in _BAD_PREFIXES


def pps_check_ok(value: str) -> bool:
    """Irish PPS number: digits weighted 8..2, plus 9 times the second letter's place in the
    alphabet (W or none = 0), modulo 23, gives the check letter (0 = W, 1 = A ...)."""
    m = re.fullmatch(r"(\d{7})([A-W])([A-IW]?)", re.sub(r"\s", "", value).upper())
    if not m:
        return False
    total = sum(int(d) * w for d, w in zip(m.group(1), range(8, 1, -1)))
    second = m.group(3)
    if second and second != "W":
        total += 9 * (ord(second) - 64)
    remainder = total % 23
    return m.group(2) == ("W" if remainder == 0 else chr(64 + remainder))


class NiNumberRecogniser(CuedRecogniser):
    NAME = "ni_number"
    ENTITY = "NI_NUMBER"
    CONTEXT = ("national insurance", "ni number", "ni no", "nino", "insurance number", "ni",
               "pps", "pps number", "ppsn", "personal public service")
    RULES = (
        Rule("nino", rf"\b(?P<id>[A-Za-z]{{2}}{_WRAP}\d{{2}}{_WRAP}\d{{2}}{_WRAP}\d{{2}}{_WRAP}[A-Da-d])\b", 0.9),
        # Read out a character at a time and typed so by speech recognition: "j k 4 4 1 9 2 7 b".
        Rule("nino_spelled", r"(?<![\w'’-])(?P<id>[A-Za-z] [A-Za-z](?: \d){6} [A-Da-d])(?![\w'’-])", 0.85),
        Rule("pps", r"(?<![\w-])(?P<id>\d{7}[A-Wa-w][A-Ia-iWw]?)(?![\w-])", 0.85),
        # Speech recognition may cut the number between two cues ("jk 40" / "73 18 c"): found
        # across the break, replaced piece by piece (subtitles.py).
        Rule("nino_across_cues", rf"\b(?P<id>[A-Za-z]{{2}}{_SPLIT}\d{{2}}{_SPLIT}\d{{2}}{_SPLIT}\d{{2}}{_SPLIT}[A-Da-d])\b",
             0.85, needs=NEEDS_CUES),
    )
    SAID_SO = 0.6   # a failed check, but the speaker says what the number is

    def validate(self, value, match, rule):
        if rule.name == "nino_across_cues":
            value = joined(value)
        elif rule.name == "nino_spelled":
            value = value.replace(" ", "")
        ok = ni_prefix_ok(value) if rule.name.startswith("nino") else pps_check_ok(value)
        if ok:
            return rule.score
        said = self.has_context(match.string, match.start(), match.end()) or self.named_before(match.string, match.start())
        return self.SAID_SO if said else None

    def find(self, text: str, doc=None) -> list[Detection]:
        out = []
        for d in super().find(text, doc):
            if d.rule != "nino_across_cues":
                out.append(d)
                continue
            for start, end in pieces(text, d.start, d.end):
                out.append(replace(d, start=start, end=end, text=text[start:end]))
        return out
