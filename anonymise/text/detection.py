"""The value every recogniser produces and every later step consumes, and the types it can have.

Entity types are the toolkit's own vocabulary (not Presidio's), because the placeholder
names ("[Town 2]", "[School 1]") and the report group by them. Everything the pipeline
needs to know about a type lives in one table below, in precedence order: when two
recognisers claim the same stretch of text, the type higher in the table wins (a structured
identifier beats a named organisation, which beats a person, which beats a generic place).

A detection carries its evidence: the recogniser that found it, the rule inside that
recogniser ("title + surname", "spaCy PERSON + first-name list") and the cue that fired
("Mrs", "my mum"), so the private key and the review file can say why a span was replaced.
"""

from __future__ import annotations

from dataclasses import dataclass

# type, placeholder noun, numbered placeholder?, spread to other units once confirmed?, may
# start with a digit (so no layout is trimmed from its front)?, the group its recall is measured
# and reported in (the gold corpus's scoring and the anonymisation report use the same groups).
_TYPES = """
EMAIL                  Email                  -  spread  digits        CONTACT
URL                    URL                    -  spread  digits        CONTACT
NHS_NUMBER             NHS number             -  spread  digits        ID
CHI_NUMBER             CHI number             -  spread  digits        ID
HC_NUMBER              H&C number             -  spread  digits        ID
NI_NUMBER              NI number              -  spread  digits        ID
UPN                    Pupil number           -  spread  digits        ID
PASSPORT               Passport number        -  spread  digits        ID
IMMIGRATION_REFERENCE  Home Office reference  -  spread  digits        ID
BANK_DETAILS           Bank details           -  spread  digits        ID
IP_ADDRESS             IP address             -  spread  digits        ID
PHONE                  Phone number           -  spread  digits        CONTACT
POSTCODE               Postcode               -  spread  digits        CONTACT
VEHICLE                Vehicle registration   -  spread  digits        ID
HANDLE                 Social media handle    -  spread  digits        CONTACT
CASE_REFERENCE         Case reference         -  spread  digits        ID
REFERENCE              Reference number       -  spread  digits        ID
GRID_REFERENCE         Location reference     -  spread  digits        CONTACT
ADDRESS                Address                -  spread  digits        CONTACT
DATE                   Date                   -  spread  digits        DATE
AGE                    Age                    -  -       digits        AGE
SCHOOL                 School                 n  spread  -             ORGANISATION
HOSPITAL               Hospital               n  spread  -             ORGANISATION
COURT                  Court                  n  spread  -             ORGANISATION
GP_SURGERY             GP surgery             n  spread  -             ORGANISATION
CHILDRENS_HOME         Children's home        n  spread  -             ORGANISATION
CHARITY                Charity                n  spread  -             ORGANISATION
LOCAL_AUTHORITY        Local authority        n  spread  -             PLACE
STREET                 Street                 n  spread  -             PLACE
PERSON                 Person                 n  spread  -             PERSON
COUNTY                 County                 n  spread  -             PLACE
TOWN                   Town                   n  spread  -             PLACE
ORGANISATION           Organisation           n  spread  -             ORGANISATION
PLACE                  Place                  n  spread  -             PLACE
"""


def _table() -> list[tuple[str, str, bool, bool, bool, str]]:
    rows = []
    for line in _TYPES.strip().splitlines():
        parts = line.split()
        # The noun may have spaces: it is everything between the type and the four flags.
        kind, flags, noun = parts[0], parts[-4:], " ".join(parts[1:-4])
        rows.append((kind, noun, flags[0] == "n", flags[1] == "spread", flags[2] == "digits", flags[3]))
    return rows


_ROWS = _table()

# type -> placeholder noun used by the UK Data Service bracket style ("[Person 3]", "[Date]").
ENTITY_TYPES = {kind: noun for kind, noun, *_ in _ROWS}
# Types whose placeholder is not numbered: the number would add nothing a reader needs, and
# numbering dates or phone numbers only helps linkage.
UNNUMBERED = frozenset(kind for kind, _noun, numbered, *_ in _ROWS if not numbered)
# Types whose confirmed strings are looked for again in every unit of the collection. Ages are
# left to their recogniser: spreading "14" would replace innocent numbers; dates are spread
# only when specific (matching.match_mode).
PROPAGATED_TYPES = frozenset(kind for kind, _noun, _numbered, spread, *_rest in _ROWS if spread)
# Types that may begin with a digit or a timestamp-like run, so layout is not trimmed from them.
NUMERIC_TYPES = frozenset(kind for kind, _noun, _numbered, _spread, digits, _group in _ROWS if digits)
# Lower rank wins a tie between two types for the same span: specific beats generic.
TYPE_RANK = {kind: rank for rank, (kind, *_rest) in enumerate(_ROWS)}
# type -> the group its recall is measured in, and the groups in the order reports list them.
TYPE_GROUP = {kind: group for kind, *_rest, group in _ROWS}
GROUPS = ("PERSON", "PLACE", "ORGANISATION", "DATE", "AGE", "CONTACT", "ID")


@dataclass(frozen=True, order=True)
class Detection:
    """One candidate identifier in one text unit. Offsets are Python str indices, end exclusive."""

    start: int
    end: int
    type: str
    text: str
    score: float
    detector: str          # the recogniser's name, e.g. "uk_postcode", "spacy_ner", "propagation"
    uncertain: bool = False  # low score or a name that is also a common word: goes to review
    rule: str = ""         # which of the recogniser's rules fired, e.g. "title_name"
    cue: str = ""          # the words that made it fire, e.g. "Mrs" or "my mum"

    def __post_init__(self) -> None:
        if self.type not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type {self.type!r}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}-{self.end}")

    @property
    def evidence(self) -> str:
        """`detector.rule` with the cue: what the key's `rule` field and the review's `why` say."""
        rule = f"{self.detector}.{self.rule}" if self.rule else self.detector
        return f"{rule} ({self.cue})" if self.cue else rule
