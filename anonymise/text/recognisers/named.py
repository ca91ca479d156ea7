"""Shared machinery for names that end in a telling word: "Oak Tree Primary", "Norwich Family
Court", "Norfolk County Council", "Willow House". Each organisation type is a small subclass
giving its suffixes; this module owns the name-part regex and the clean-up rules."""

from __future__ import annotations

import re
from dataclasses import replace

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import cue
from anonymise.text.recognisers.base import RegexRecogniser, Rule, capital_first

CAP_WORD = r"(?:St\.?|Saint|[A-Z][\w'’&-]*)"
LINK = r"(?:of|the|and|&|upon|on|under|in|le|de|with|for)"
ORG_NAME = rf"{CAP_WORD}(?:[ \t]+(?:{LINK}[ \t]+)?{CAP_WORD}){{0,4}}"
# The same name opening a rule, not after a word or a hyphen, written capital first (see
# capital_first: that is what makes the dozen rules built on it fast).
ORG_NAME_OPENING = (capital_first(r"[\w'’-]", r"(?<=S)t\.?|(?<=S)aint|[\w'’&-]*")
                    + rf"(?:[ \t]+(?:{LINK}[ \t]+)?{CAP_WORD}){{0,4}}")

# Words that start a sentence or clause rather than a name: stripped from the front of a match.
LEADING_STOP = cue("leading_stop")

_CONTRACTIONS = cue("contractions")

# "Miss Hall", "Mr Inn": a title before the last word makes a person, not an organisation.
_TITLES = cue("honorifics")

# Words that describe rather than name; a match made only of these is generic ("Family Court",
# "Primary School", "Council House") and stays.
GENERIC = cue("generic_name_words")


# The last word of an organisation's name ("... Court", "... Nursery", "... Lodge"): "and" after
# one joins two organisations rather than making one name.
_ORG_END = re.compile(r"(?<![\w'’-])(?:School|Academy|College|Primary|Infants|Juniors|Nursery|Nurseries|"
                      r"Pre-?[Ss]chool|PRU|Unit|Trust|Courts?|Centre|Center|Hospitals?|Infirmary|Surgery|"
                      r"Practice|Council|Services|House|Lodge|Cottages?|Grange|Manor|Home|Homes|Foundation|"
                      r"Charity|Society|Association|Project|Appeal|Alliance|Police|Constabulary|Church|"
                      r"Mosque|Masjid|Temple|Gurdwara|Synagogue|Chapel|Club|Ltd|Limited|plc|Agency|"
                      r"Hub|Network|Forum|University|Arms|Inn|Tavern|Library|Hall|Team|Project)$")
_JOIN = re.compile(r"[ \t]+(?:and|&)[ \t]+")
# Words that never stand inside an organisation's name but do in a clause: in capitals the name
# pattern runs over them ("MORNING AND GETS HER TO SCHOOL").
_CLAUSE_INSIDE = re.compile(r"\b(?:HER|HIS|HIM|SHE|HE|THEY|THEM|WE|US|ME|MY|OUR|YOUR|IT|GETS|GOT|GET|GOES|WENT|"
                            r"STAYS|STAYED|SEES|SAW|TO|FROM|IN|AT|ON|INTO|ONTO|WITH|WAS|WERE|IS|ARE|HAD|HAS|"
                            r"NOW|THEN|STRAIGHT|WEEKS|DAYS|YEARS|OFF|OUT|UP|DOWN)\b")


_CARE_OF = re.compile(r"(?<![\w/])[Cc]/[Oo][ \t]")


def _words(text: str) -> list[str]:
    return re.findall(r"[\w'’&.-]+", text)


class NamedOrganisation(RegexRecogniser):
    """Subclasses set ENTITY, NAME, SUFFIXES (a regex) and optionally PREFIX_RULES / SCORE."""

    SUFFIXES = r"(?!x)x"
    SCORE = scores.ORGANISATION_NAMED
    EXTRA_RULES: tuple[Rule, ...] = ()
    # Rules whose match is a whole name as listed ("All Saints", "Our Lady's"): no opening word is
    # stripped from it.
    WHOLE_RULES: tuple[str, ...] = ()

    def rules(self):
        named = Rule("named", rf"(?P<id>{ORG_NAME_OPENING}[ \t]+(?:{self.SUFFIXES}))(?![\w'’-])", self.SCORE)
        return (named,) + tuple(self.EXTRA_RULES)

    def find(self, text: str, doc=None) -> list[Detection]:
        out = []
        for d in super().find(text, doc):
            pieces = self._split(d)
            for begin, end in pieces:
                if text[begin:end].isupper():
                    # In capitals the name pattern runs over a clause; the name is what follows
                    # its last clause word ("WAS SENT TO YNYS WEN COMMUNITY HOME").
                    clause = None
                    for clause in _CLAUSE_INSIDE.finditer(text, begin, end):
                        pass
                    if clause is not None:
                        # ... from its first word that is no everyday word ("SEEN OUTSIDE
                        # COEDYLAN COMPREHENSIVE"); "ITS OWN HOSPITAL" has none and is no name.
                        rare = [m for m in re.finditer(r"[^\s]+", text[clause.end():end])
                                if self.lexicon is None or self.lexicon.zipf(m.group().lower()) < scores.ZIPF_ORDINARY]
                        if not rare or self._named().fullmatch(text, clause.end() + rare[0].start(), end) is None:
                            continue
                        begin = clause.end() + rare[0].start()
                start = begin
                piece = text[begin:end]
                # A capital "The" after a lower-case word is part of the name ("at The Priory Hospital").
                keeps_the = (piece.startswith("The ") and re.search(r"[a-z,]\s*$", text[max(0, begin - 3):begin])) \
                    or d.rule in self.WHOLE_RULES
                # Drop sentence-opening words ("At Oak Tree Primary" -> "Oak Tree Primary").
                for m in ([] if keeps_the else re.finditer(r"\S+\s+", piece)):
                    word = m.group(0).strip().lower().replace("’", "'")
                    if word in LEADING_STOP or word in _CONTRACTIONS:
                        start = begin + m.end()
                    else:
                        break
                if _CARE_OF.search(text, max(0, start - 2), start + 2):
                    start += 2   # "C/O MALTBY MINERS' WELFARE": the O of "care of" opens no name
                head = re.match(r"[^\s]+[ \t]+of[ \t]+", text[start:end])
                if head and self._person_before(text, start):
                    start += head.end()   # "Dr. A. K. Banerjee of Pant Road Surgery": the surgery
                value = text[start:end]
                names = [w for w in _words(value) if w.lower().replace("’", "'") not in GENERIC]
                if not names or not self.accept(value):
                    continue
                if value.isupper() and _CLAUSE_INSIDE.search(value):
                    continue   # "SON STAYS IN ONE SCHOOL", "GOT THE COUNCIL": a clause in capitals, no name
                if value.split()[0].lower().rstrip(".") in _TITLES:
                    continue
                if len(pieces) > 1 and self._named().fullmatch(value) is None:
                    continue   # "Ipswich Hospital" of a court's match: the hospital recogniser's
                out.append(replace(d, start=start, end=end, type=self.type_for(value), text=value))
        return out

    @staticmethod
    def _person_before(text: str, start: int) -> bool:
        """Whether a title or a person's initial stands just before `start` ("Dr ", "Mrs ", "K. "):
        the word there is then a surname, not the head of an organisation's name."""
        m = re.search(r"(?<![\w.])(?:[A-Z]\.|([A-Za-z]+)\.?)[ \t]+$", text[max(0, start - 12):start])
        return m is not None and (m.group(1) is None or m.group(1).lower() in _TITLES)

    def _named(self) -> re.Pattern:
        return self.compiled()[0][1]

    @staticmethod
    def _split(d: Detection) -> list[tuple[int, int]]:
        """Two organisations joined by "and" are two names: "Lowestoft Family Court and Ipswich
        Crown Court", "Rainbow Nursery and Little Acorns Pre-School". A name whose part before
        "and" does not end in an organisation word stays whole ("Norfolk and Norwich Hospital"),
        and so does one whose part after it is only generic words ("Infants and Juniors")."""
        if " and " not in d.text and "&" not in d.text:
            return [(d.start, d.end)]
        pieces, begin = [], 0
        joins = list(_JOIN.finditer(d.text))
        for n, m in enumerate(joins):
            following = d.text[m.end():joins[n + 1].start() if n + 1 < len(joins) else len(d.text)]
            if not any(w.lower() not in GENERIC for w in _words(following)):
                continue   # "Northmoor Infants and Juniors": what follows names nothing on its own
            if _ORG_END.search(d.text, begin, m.start()):
                pieces.append((d.start + begin, d.start + m.start()))
                begin = m.end()
        pieces.append((d.start + begin, d.end))
        return pieces

    def accept(self, value: str) -> bool:
        return True

    def type_for(self, value: str) -> str:
        return self.ENTITY
