"""Shared machinery for names that end in a telling word: "Oak Tree Primary", "Norwich Family
Court", "Norfolk County Council", "Willow House". Each organisation type is a small subclass
giving its suffixes; this module owns the name-part regex and the clean-up rules."""

from __future__ import annotations

import re

from dataclasses import replace

from anonymise.text.detection import Detection
from anonymise.text.recognisers.base import RegexRecogniser, Rule

CAP_WORD = r"(?:St\.?|Saint|[A-Z][\w'’&-]*)"
LINK = r"(?:of|the|and|&|upon|on|under|in|le|de|with|for)"
ORG_NAME = rf"{CAP_WORD}(?:[ \t]+(?:{LINK}[ \t]+)?{CAP_WORD}){{0,4}}"

# Words that start a sentence or clause rather than a name: stripped from the front of a match.
LEADING_STOP = frozenset("""
the a an at in on to from into and but so or then when well yeah yes no erm um er like i we he she
they you it my his her their our your this that there because cos if after before since until with
went go goes going okay ok oh ah mum dad nan interviewer interviewee was is were are did does do had
have has being been also just only even still both either all some any each every our about by for
of over under up down out through across near round around past via while where which who what how
why whether though although as than ever never not now today yesterday tomorrow tonight
monday tuesday wednesday thursday friday saturday sunday sw iro yp p
later afterwards eventually obviously basically honestly actually apparently luckily sadly hopefully
initially finally originally recently currently previously sometimes usually meanwhile anyway
thankfully unfortunately fortunately literally definitely probably maybe perhaps again once soon
""".split())

_CONTRACTIONS = frozenset("how's what's it's that's there's here's where's who's he's she's let's "
                          "i'm i've i'd i'll we're we've they're they've you're you've".split())

# Words that describe rather than name; a match made only of these is generic ("Family Court",
# "Primary School", "Council House") and stays.
GENERIC = frozenset("""
family crown magistrates magistrates' county youth combined civil high supreme appeal appeals
primary secondary junior juniors infant infants nursery special community local general district
university children's childrens children child young people adult adults city borough metropolitan
town parish new old medical health doctors doctor's gp surgery foster care residential council
social services hospital big main catholic c e ce rc church england sixth form grammar academy
school college unit pupil referral mental police national trust foundation nhs safe white halfway
half way court care leaving our the a of and st saint independent private state boarding
village group practice centre center home house lodge education authority team service virtual
area locality office offices hub head support early help youth post job jobcentre
monday tuesday wednesday thursday friday saturday sunday weekend evening summer holiday
polish english welsh scottish irish british european african asian caribbean muslim islamic jewish
christian arabic urdu punjabi bengali somali turkish romanian lithuanian portuguese spanish french
german italian chinese sunday supplementary language
""".split())


# The last word of an organisation's name ("... Court", "... Nursery", "... Lodge"): "and" after
# one joins two organisations rather than making one name.
_ORG_END = re.compile(r"(?<![\w'’-])(?:School|Academy|College|Primary|Infants|Juniors|Nursery|Nurseries|"
                      r"Pre-?[Ss]chool|PRU|Unit|Trust|Courts?|Centre|Center|Hospitals?|Infirmary|Surgery|"
                      r"Practice|Council|Services|House|Lodge|Cottages?|Grange|Manor|Home|Homes|Foundation|"
                      r"Charity|Society|Association|Project|Appeal|Alliance|Police|Constabulary|Church|"
                      r"Mosque|Masjid|Temple|Gurdwara|Synagogue|Chapel|Club|Ltd|Limited|plc|Agency|"
                      r"Hub|Network|Forum|University)$")
_JOIN = re.compile(r"[ \t]+(?:and|&)[ \t]+")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’&.-]+", text)


class NamedOrganisation(RegexRecogniser):
    """Subclasses set ENTITY, NAME, SUFFIXES (a regex) and optionally PREFIX_RULES / SCORE."""

    SUFFIXES = r"(?!x)x"
    SCORE = 0.85
    EXTRA_RULES: tuple[Rule, ...] = ()

    def rules(self):
        named = Rule("named", rf"(?<![\w'’-])(?P<id>{ORG_NAME}[ \t]+{self.SUFFIXES})(?![\w'’-])", self.SCORE)
        return (named,) + tuple(self.EXTRA_RULES)

    def find(self, text: str, doc=None) -> list[Detection]:
        out = []
        for d in super().find(text, doc):
            pieces = self._split(d)
            for begin, end in pieces:
                start = begin
                piece = text[begin:end]
                # A capital "The" after a lower-case word is part of the name ("at The Priory Hospital").
                keeps_the = piece.startswith("The ") and re.search(r"[a-z,]\s*$", text[max(0, begin - 3):begin])
                # Drop sentence-opening words ("At Oak Tree Primary" -> "Oak Tree Primary").
                for m in ([] if keeps_the else re.finditer(r"\S+\s+", piece)):
                    word = m.group(0).strip().lower().replace("’", "'")
                    if word in LEADING_STOP or word in _CONTRACTIONS:
                        start = begin + m.end()
                    else:
                        break
                value = text[start:end]
                names = [w for w in _words(value) if w.lower().replace("’", "'") not in GENERIC]
                if not names or not self.accept(value):
                    continue
                if len(pieces) > 1 and self._named().fullmatch(value) is None:
                    continue   # "Ipswich Hospital" of a court's match: the hospital recogniser's
                out.append(replace(d, start=start, end=end, type=self.type_for(value), text=value))
        return out

    def _named(self) -> re.Pattern:
        return self.compiled()[0][1]

    @staticmethod
    def _split(d: Detection) -> list[tuple[int, int]]:
        """Two organisations joined by "and" are two names: "Lowestoft Family Court and Ipswich
        Crown Court", "Rainbow Nursery and Little Acorns Pre-School". A name whose part before
        "and" does not end in an organisation word stays whole ("Norfolk and Norwich Hospital")."""
        if " and " not in d.text and "&" not in d.text:
            return [(d.start, d.end)]
        pieces, begin = [], 0
        for m in _JOIN.finditer(d.text):
            if _ORG_END.search(d.text, begin, m.start()):
                pieces.append((d.start + begin, d.start + m.start()))
                begin = m.end()
        pieces.append((d.start + begin, d.end))
        return pieces

    def accept(self, value: str) -> bool:
        return True

    def type_for(self, value: str) -> str:
        return self.ENTITY
