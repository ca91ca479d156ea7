"""Local authorities by their formal names: "Norfolk County Council", "London Borough of Hackney",
"Cyngor Sir Ceredigion". Bare names ("Norfolk") are the place gazetteer's job."""

from anonymise.text import scores
from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.named import ORG_NAME, NamedOrganisation


class CouncilRecogniser(NamedOrganisation):
    NAME = "uk_council"
    ENTITY = "LOCAL_AUTHORITY"
    CONTEXT = ("council", "authority", "la", "local authority")
    SCORE = scores.COUNCIL
    # "Suffolk Children's Services" is the organisation recogniser's: after a name in capitals,
    # "Social Services" ends a clause as often as a name ("TO ASK THE SOCIAL SERVICES").
    SUFFIXES = (r"(?:(?:County|City|Borough|District|Metropolitan\s+Borough|Metropolitan\s+District|"
                r"Town|Parish|Unitary)\s+)?(?i:Council)")
    EXTRA_RULES = (
        Rule("borough_of", rf"\b(?P<id>(?:(?:London|Royal|Metropolitan)\s+Borough|City|County|Council)\s+of\s+{ORG_NAME})", scores.COUNCIL),
        # Welsh: "Cyngor Sir Ceredigion" (county council), "Cyngor Bro Morgannwg", "Cyngor Dinas Caerdydd"
        Rule("welsh", rf"\b(?P<id>Cyngor(?:\s+(?:Sir|Bro|Dinas|Tref|Cymuned))?\s+{ORG_NAME})", scores.COUNCIL),
    )
