"""Named courts ("Norwich Family Court", "Ipswich Magistrates' Court"). "the family court" stays."""

from anonymise.text.recognisers.named import NamedOrganisation


class CourtRecogniser(NamedOrganisation):
    NAME = "uk_court"
    ENTITY = "COURT"
    CONTEXT = ("court", "hearing", "judge", "magistrates", "proceedings")
    SUFFIXES = (r"(?:(?:Family|Crown|Magistrates['’]?|County|Youth|Combined|Civil|Coroner['’]?s|Justice)\s+)"
                r"(?i:Courts?(?:\s+Centre)?|Hearing\s+Centre|Justice\s+Centre)")
