"""Named hospitals and infirmaries ("Norfolk and Norwich University Hospital", "St Thomas'"), and
the short names a town's hospital goes by: "Hull Royal", "the Royal Bolton", "the LRI", "born
at the L&D"."""

import re

from anonymise.text import scores
from anonymise.text.lexicon import normalise
from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.date_words import calendar_word
from anonymise.text.recognisers.named import NamedOrganisation

# Any case: the town must be a listed one (validate). Never "the", which would swallow the start
# of "the royal stoke" and hide the town after it.
_TOWN = r"(?!(?i:the|a|an|at|in|to|of)\b)[A-Za-z][\w'’-]*"


class HospitalRecogniser(NamedOrganisation):
    NAME = "uk_hospital"
    ENTITY = "HOSPITAL"
    CONTEXT = ("hospital", "ward", "a&e", "admitted", "born")
    SUFFIXES = (r"(?:(?:General|University|Royal|Community|District|Children's|Childrens|"
                r"Memorial|Psychiatric|Teaching|Maternity|Women's)\s+)*(?i:Hospitals?|Infirmary)")
    EXTRA_RULES = (
        # a listed town and "Royal", either way round: the town's royal infirmary or hospital
        Rule("royal_town", rf"(?<![\w'’-])(?P<id>(?i:royal)[ \t]+{_TOWN}|{_TOWN}[ \t]+(?i:royal))(?![\w'’-])"
                           r"(?![ \t]+[A-Z])", scores.ORGANISATION_OTHER, needs=r"(?i)royal"),
        # "ward 214", "Ward 7B": a hospital ward by its number places a patient
        Rule("ward_number", r"(?<![\w'’-])(?P<id>(?i:ward)[ \t]+\d{1,3}[A-Za-z]?)(?![\w'’-])", scores.ORGANISATION_OTHER),
        # "Westmorland General", "ABERDARE GENERAL", "Sheffield Children's": a town's general or
        # children's hospital, as people call it (the town checked in validate: not "Attorney General")
        Rule("town_general", rf"(?<![\w'’-])(?P<id>(?:{_TOWN}[ \t]+)?{_TOWN}[ \t]+(?:General|GENERAL|Children['’]s|CHILDREN['’]S))"
                             r"(?![\w'’-])(?![ \t]+(?i:hospital|infirmary|practitioner|election|meeting|manager|secretary)\b)",
             scores.ORGANISATION_OTHER, needs=r"general|children['’]s"),
        # "the LRI", "BRI", "the GRI": a town's Royal Infirmary by its initials
        Rule("infirmary_initials", r"(?<![\w&])(?P<id>[A-Z]{1,2}RI)(?![\w&])", scores.ORGANISATION_SAINT),
        # "born here, at the L&D", "born in the lri": a hospital by its initials, any case
        Rule("born_at_initials", r"(?i:\bborn(?:\s+here)?,?\s+(?:at|in)\s+the)\s+(?P<id>[A-Za-z][A-Za-z&]{1,4})(?![\w&'’-])",
             scores.ORGANISATION_SAINT),
    )

    def validate(self, value: str, match: re.Match, rule: Rule) -> float | None:
        if rule.name == "born_at_initials":
            low = normalise(value)
            if self.lexicon is None or self.lexicon.is_word(low) or low in self.lexicon.keep or \
                    self.lexicon.place_key(low) is not None:
                return None   # "born in the eighties", "born in the UK"
        if rule.name == "infirmary_initials" and calendar_word(value.lower()):
            return None   # "FRI. 8TH": a day in a log, not an infirmary
        if rule.name == "town_general":
            town = " ".join(value.split()[:-1])
            if self.lexicon is None or self.lexicon.place_key(normalise(town)) is None:
                return None   # "Attorney General", "Secretary General": titles, not hospitals
        if rule.name == "royal_town":
            town = " ".join(w for w in value.split() if w.lower() != "royal")
            if self.lexicon is None or self.lexicon.place_key(normalise(town)) is None:
                return None
        return rule.score
