"""Local authorities by their formal names: "Norfolk County Council", "London Borough of Hackney",
"Cyngor Sir Ceredigion". Bare names ("Norfolk") are the place gazetteer's job."""

from anonymise.text import scores
from anonymise.text.lexicon import normalise
from anonymise.text.recognisers.base import Rule, capital_first
from anonymise.text.recognisers.named import ORG_NAME, NamedOrganisation

# A capitalised word opening the rule, written capital first (see capital_first: fast to scan).
_PLACE_WORD = capital_first(r"[\w'’&-]", r"[\w'’-]+")


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
        Rule("borough_of", rf"\b(?P<id>(?:(?:London|Royal|Metropolitan|County)\s+Borough|City|County|Council)\s+of\s+{ORG_NAME})", scores.COUNCIL),
        # Welsh: "Cyngor Sir Ceredigion" (county council), "Cyngor Bro Morgannwg", "Cyngor Dinas Caerdydd"
        Rule("welsh", rf"\b(?P<id>Cyngor(?:\s+(?:Sir|Bro|Dinas|Tref|Cymuned))?\s+{ORG_NAME})", scores.COUNCIL),
        # A council as files abbreviate it: "REF. AYR CO.", "GLASGOW CORP.", "Wigan MBC", "Salford
        # CC"; the word before must be a listed place ("Smith & Co." is a firm, "cc" a copy).
        Rule("abbreviated", rf"(?P<id>(?P<place>{_PLACE_WORD})[ \t]+"
                            r"(?:CO\.|Co\.|CORP\.?|Corp\.?|C\.?C\.?|M\.?B\.?C\.?|B\.?C\.?|D\.?C\.?))(?![\w'’-])",
             scores.COUNCIL),
    )

    def validate(self, value, match, rule):
        if rule.name == "abbreviated":
            g = self.lexicon
            if g is None or g.place_key(normalise(match.group("place"))) is None:
                return None
        return rule.score
