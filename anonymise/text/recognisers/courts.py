"""Named courts ("Norwich Family Court", "Ipswich Magistrates' Court"). "the family court" stays."""

from anonymise.text.recognisers.named import NamedOrganisation


class CourtRecogniser(NamedOrganisation):
    NAME = "uk_court"
    ENTITY = "COURT"
    CONTEXT = ("court", "hearing", "judge", "magistrates", "proceedings")
    # "Peterlee Magistrates" is the town's magistrates' court, as people say it.
    SUFFIXES = (r"(?:(?:Family|Crown|Magistrates['’]?|County|Youth|Combined|Civil|Coroner['’]?s|Justice|Sheriff)\s+)"
                r"(?i:Courts?(?:\s+Centre)?|Hearing\s+Centre|Justice\s+Centre)|Magistrates['’]?(?!\s+(?i:Court))")
