"""UK postcodes: full ("NR32 4AB") always; outward codes alone ("NR32", "M14") only near place talk;
postcodes spelled out letter by letter in speech ("h u 9 5 r q"); Irish Eircodes ("H18 W2K7").

A bare outward code is also a motorway ("the M6"), a vitamin ("B12") or a speaker label ("SW1:"),
so it needs a context word such as "in", "area", "postcode" or "lives", or a town named just
before it ("Forfar (DD8)"). In lower case ("dn32", "hu6") it is rarer still in ordinary words and
so needs a closer cue: a postcode word, a street address or a town just before it.
"""

from __future__ import annotations

import re

from anonymise.text.lexicon import cue, normalise
from anonymise.text.recognisers.base import Rule, context_regex, lexicon_of
from anonymise.text.recognisers.cued import CuedRecogniser

# The 121 postcode areas of the UK plus the Crown dependencies' (a fact list, not a pattern).
AREAS = frozenset("""
AB AL B BA BB BD BH BL BN BR BS BT CA CB CF CH CM CO CR CT CV CW DA DD DE DG DH DL DN DT DY E EC
EH EN EX FK FY G GL GU GY HA HD HG HP HR HS HU HX IG IM IP IV JE KA KT KW KY L LA LD LE LL LN LS LU
M ME MK ML N NE NG NN NP NR NW OL OX PA PE PH PL PO PR RG RH RM S SA SE SG SK SL SM SN SO SP SR SS
ST SW SY TA TD TF TN TQ TR TS TW UB W WA WC WD WF WN WR WS WV YO ZE""".split())
# Letters never used in the last two places of a postcode (Royal Mail).
_NOT_INWARD = set("CIKMOV")

_OUTWARD = r"[A-Z]{1,2}\d[A-Z\d]?"
_NOT_A_POSTCODE_AFTER = re.compile(r"\s*(?::|motorway|junction|j\d|road\b|roundabout|toll|\d)", re.IGNORECASE)
# Spelled out: every letter and figure its own word ("h u 9 5 r q", "n r three two four a b").
_DIGIT = r"(?:\d|zero|oh|one|two|three|four|five|six|seven|eight|nine)"
_SPELLED = rf"(?<![\w])(?P<id>[a-z] (?:[a-z] )?{_DIGIT} (?:(?:[a-z]|{_DIGIT}) )?{_DIGIT} [a-z] [a-z])(?![\w])"
# Said by a caller and typed by speech recognition: the inward code in pieces, a slip repeated
# ("s70 3 er 3 n b", "bd22 6 h w", "bd 22 6 hw").
_SPOKEN = (r"(?<![\w'’-])(?P<id>[a-z]{1,2} ?\d{1,2}[a-z]?\s+\d(?:\s+(?:er|erm|um|uh|sorry)\s+\d)?"
           r"\s+[a-z]\s?[a-z])(?![\w'’-])")
# Eircodes: a routing key (a letter and two figures, or D6W) and four characters from the
# letters An Post uses.
_EIR = "[0-9AC-FHKNPRTV-Y]"
_EIRCODE = rf"(?<![\w-])(?P<id>(?:[AC-FHKNPRTV-Y]\d{{2}}|D6W) ?{_EIR}{{4}})(?![\w-])"

# Cues strong enough for a lower-case outward code ("it's dn32", "so16 versus so19").
LOWER_CONTEXT = ("postcode", "post code", "area", "district", "round here", "live", "lives",
                 "lived", "living", "moved", "address", "eircode")
# Lower-case letter-and-figure words in an outward code's shape that are not postcodes:
# chemistry, vitamins, channels, a security firm, text-speak.
NOT_POSTCODES = frozenset("co2 so2 b12 b6 s4c e4 g4s b4 l8 l8r m8 sk8".split())
# Words that end a street address just before a postcode ("41 heneage road dn32"), and the
# linking words a speaker may put between them ("endike lane it's hu6").
_STREET_WORDS = "|".join(sorted(cue("street_types"), key=len, reverse=True))
_LINKS = r"it's|it’s|its|that's|in"
_STREET_BEFORE = re.compile(rf"\b(?:{_STREET_WORDS})\W{{0,3}}(?:(?:{_LINKS})\s+)?$", re.IGNORECASE)


class PostcodeRecogniser(CuedRecogniser):
    NAME = "uk_postcode"
    ENTITY = "POSTCODE"
    CONTEXT = ("postcode", "post code", "area", "in", "from", "near", "around", "round", "live",
               "lives", "living", "lived", "moved", "move", "address", "side of", "part of", "district",
               "estate", "road", "street")
    CONTEXT_BEFORE = 40
    RULES = (
        Rule("full", rf"\b(?P<id>{_OUTWARD} ?\d[A-Z]{{2}})\b", 0.9, re.IGNORECASE),
        Rule("outward", rf"\b(?P<id>{_OUTWARD})\b(?! ?\d[A-Za-z]{{2}}\b)", 0.6, 0),
        Rule("outward_lower", r"(?<![\w'’-])(?P<id>[a-z]{1,2}\d[a-z\d]?)(?![\w'’-])", 0.6, 0),
        Rule("spelled", _SPELLED, 0.8, re.IGNORECASE),
        Rule("spoken", _SPOKEN, 0.75, re.IGNORECASE),
        Rule("eircode", _EIRCODE, 0.85, re.IGNORECASE),
    )
    _lower_cues = context_regex(LOWER_CONTEXT)

    def validate(self, value, match, rule):
        if rule.name in ("spelled", "spoken"):
            return self._spelled(value, rule)
        if rule.name == "eircode":
            return self._eircode(value, match, rule)
        outward = value.upper().replace(" ", "")
        if rule.name == "full":
            outward = outward[:-3]
        area = re.match(r"[A-Z]+", outward).group(0)
        if area not in AREAS:
            return None
        if value.lower() in NOT_POSTCODES and not (value.isupper() and self._after_place_or_street(match.string, match.start())):
            return None   # "B12", "l8r"; but "Liverpool L8" is the district
        if rule.name == "full":
            return rule.score
        if _NOT_A_POSTCODE_AFTER.match(match.string, match.end()):
            return None
        text, start, end = match.string, match.start(), match.end()
        before = text[max(0, start - 12):start].lower()
        after = text[end:end + 12].lower()
        if area == "M" and re.search(r"\b(?:the|on|off|down|up|via)\s+$", before) and \
                not re.match(r"\s*(?:area|postcode|post code|district)", after):
            return None   # "on the M14": a motorway
        if self._after_place_or_street(text, start):
            return rule.score
        if rule.name == "outward":
            return rule.score if self.has_context(text, start, end) else None
        window = text[max(0, start - self.CONTEXT_BEFORE):start] + " " + text[end:end + self.CONTEXT_AFTER]
        cue = self._lower_cues.search(window)
        if area == "M" and cue and "post" not in cue.group(0).lower():
            return None   # lower-case "m6" is a motorway unless a postcode is being talked about
        return rule.score if cue else None

    def _after_place_or_street(self, text: str, start: int) -> bool:
        """A town named just before ("Forfar (DD8)", "hull hu6") or a street address ending
        there ("41 heneage road dn32"): the usual places for a postcode district."""
        before = text[max(0, start - 40):start]
        if _STREET_BEFORE.search(before):
            return True
        words = re.findall(r"[A-Za-z'’-]+", before.rstrip(" ,(\t"))[-3:]
        if not words or not re.search(r"[A-Za-z'’-]+[\s,(]*$", before):
            return False
        places = lexicon_of(self)
        for n in range(len(words), 0, -1):
            if places.place_key(normalise(" ".join(words[-n:]))):
                return True
        return False

    @staticmethod
    def _spelled(value: str, rule: Rule) -> float | None:
        parts = value.split()
        area = "".join(re.match(r"[a-z]*", "".join(parts[:2]), re.IGNORECASE).group(0)).upper()
        if area not in AREAS or {c.upper() for c in "".join(parts)[-2:]} & _NOT_INWARD:
            return None
        return rule.score

    def _eircode(self, value: str, match, rule: Rule) -> float | None:
        unique = value.replace(" ", "")[3:]
        # In capitals, with the unique part mixing letters and figures: an Eircode. Otherwise
        # ("A65 1234", lower case) only near an address word.
        if value.isupper() and re.search(r"\d", unique) and re.search(r"[A-Z]", unique):
            return rule.score
        window = match.string[max(0, match.start() - self.CONTEXT_BEFORE):match.start()]
        return rule.score if self._lower_cues.search(window) else None
