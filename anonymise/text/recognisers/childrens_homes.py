"""Named children's homes and residential units ("Willow House", "Beech Lodge children's home")."""

from anonymise.text import scores
from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.named import NamedOrganisation


class ChildrensHomeRecogniser(NamedOrganisation):
    NAME = "childrens_home"
    ENTITY = "CHILDRENS_HOME"
    CONTEXT = ("home", "placement", "residential", "unit", "placed")
    SCORE = scores.ORGANISATION_OTHER
    # Homes of the 1960s-80s too: "Ynys Wen Community Home", "Penrhos Remand Home".
    SUFFIXES = (r"(?:(?i:children['’]?s\s+home|(?:residential|community|remand|family\s+group)\s+(?:home|unit)|"
                r"(?:care|nursing|maternity)\s+home)|"
                r"House|Lodge|Cottages?|Grange|Manor)")
    # "I was at The Junipers": a capitalised "The" mid-sentence names a place, usually a home.
    EXTRA_RULES = (
        Rule("the_name", r"\b(?:at|in|to|from|into|left|called|named) (?P<id>The(?: [A-Z][\w'’-]+){1,2})", scores.CHILDRENS_HOME_THE),
    )
