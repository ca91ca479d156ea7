"""Named children's homes and residential units ("Willow House", "Beech Lodge children's home")."""

from anonymise.text.recognisers.named import NamedOrganisation


class ChildrensHomeRecogniser(NamedOrganisation):
    NAME = "childrens_home"
    ENTITY = "CHILDRENS_HOME"
    CONTEXT = ("home", "placement", "residential", "unit", "placed")
    SCORE = 0.75
    SUFFIXES = (r"(?:(?i:children['’]?s\s+home|residential\s+(?:home|unit)|care\s+home)|"
                r"House|Lodge|Cottages?|Grange|Manor)")
