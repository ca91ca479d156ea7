"""The value every detector produces and every later step consumes.

Entity types are the toolkit's own vocabulary (not Presidio's), because the
placeholder names ("[Town 2]", "[School 1]") and the report group by them.
"""

from __future__ import annotations

from dataclasses import dataclass

# type -> placeholder noun used by the UK Data Service bracket style.
ENTITY_TYPES = {
    "PERSON": "Person",
    "PLACE": "Place",            # generic place when finer type is unknown
    "TOWN": "Town",
    "STREET": "Street",
    "COUNTY": "County",
    "LOCAL_AUTHORITY": "Local authority",
    "ORGANISATION": "Organisation",
    "SCHOOL": "School",
    "HOSPITAL": "Hospital",
    "COURT": "Court",
    "GP_SURGERY": "GP surgery",
    "CHILDRENS_HOME": "Children's home",
    "CHARITY": "Charity",
    "ADDRESS": "Address",
    "POSTCODE": "Postcode",
    "PHONE": "Phone number",
    "EMAIL": "Email",
    "URL": "URL",
    "NHS_NUMBER": "NHS number",
    "NI_NUMBER": "NI number",
    "UPN": "Pupil number",
    "CASE_REFERENCE": "Case reference",
    "DATE": "Date",
    "AGE": "Age",
}

# Types whose placeholder is not numbered: the number would add nothing a reader needs
# and numbering dates or phone numbers only helps linkage.
UNNUMBERED = {"DATE", "POSTCODE", "PHONE", "EMAIL", "URL", "NHS_NUMBER", "NI_NUMBER", "UPN",
              "CASE_REFERENCE", "ADDRESS", "AGE"}


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

    def __post_init__(self) -> None:
        if self.type not in ENTITY_TYPES:
            raise ValueError(f"unknown entity type {self.type!r}")
        if not 0 <= self.start < self.end:
            raise ValueError(f"bad span {self.start}-{self.end}")
