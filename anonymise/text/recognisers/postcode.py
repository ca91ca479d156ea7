"""UK postcodes: full ("NR32 4AB") always; outward codes alone ("NR32", "M14") only near place talk.

A bare outward code is also a motorway ("the M6"), a vitamin ("B12") or a speaker label ("SW1:"),
so it needs a context word such as "in", "area", "postcode" or "lives".
"""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import RegexRecogniser, Rule

# The 121 postcode areas of the UK plus the Crown dependencies' (a fact list, not a pattern).
AREAS = frozenset("""
AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC
EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU
M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS
ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE""".split())

_OUTWARD = r"[A-Z]{1,2}\d[A-Z\d]?"
_NOT_A_POSTCODE_AFTER = re.compile(r"\s*(?::|motorway|junction|j\d|road\b|roundabout|toll|\d)", re.IGNORECASE)


class PostcodeRecogniser(RegexRecogniser):
    NAME = "uk_postcode"
    ENTITY = "POSTCODE"
    CONTEXT = ("postcode", "post code", "area", "in", "from", "near", "around", "round", "live",
               "lives", "living", "lived", "moved", "move", "address", "side of", "part of", "district",
               "estate", "road", "street")
    CONTEXT_BEFORE = 40
    RULES = (
        Rule("full", rf"\b(?P<id>{_OUTWARD} ?\d[A-Z]{{2}})\b", 0.9, re.IGNORECASE),
        Rule("outward", rf"\b(?P<id>{_OUTWARD})\b(?! ?\d[A-Za-z]{{2}}\b)", 0.6, 0, needs_context=True),
    )

    def validate(self, value, match, rule):
        outward = value.upper().replace(" ", "")
        if rule.name == "full":
            outward = outward[:-3]
        area = re.match(r"[A-Z]+", outward).group(0)
        if area not in AREAS:
            return None
        if rule.name == "outward":
            if _NOT_A_POSTCODE_AFTER.match(match.string, match.end()):
                return None
            before = match.string[max(0, match.start() - 12):match.start()].lower()
            after = match.string[match.end():match.end() + 12].lower()
            if area == "M" and re.search(r"\b(?:the|on|off|down|up|via)\s+$", before) and \
                    not re.match(r"\s*(?:area|postcode|post code|district)", after):
                return None   # "on the M14": a motorway
        return rule.score
