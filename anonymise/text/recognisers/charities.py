"""Charities and voluntary organisations: "<Name> Trust/Foundation/Project" and a short list of
national children's charities whose names are not built that way."""

import re

from anonymise.text import scores
from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.named import NamedOrganisation

KNOWN = ("Barnardo's", "Barnardos", "NSPCC", "Action for Children", "The Children's Society",
         "Coram", "Catch22", "Home-Start", "Homestart", "Women's Aid", "Family Rights Group",
         "Who Cares? Trust", "Become", "Mencap", "Turning Point", "Prince's Trust",
         "Refuge", "Shelter", "Place2Be", "YoungMinds", "Young Minds", "Kids Company", "Childhood First")


class CharityRecogniser(NamedOrganisation):
    NAME = "charity"
    ENTITY = "CHARITY"
    CONTEXT = ("charity", "voluntary", "project", "trust")
    SUFFIXES = r"(?:Trust|Foundation|Charity|Society|Association|Project|Appeal|Alliance)"
    EXTRA_RULES = (
        Rule("known", r"(?<![\w])(?P<id>" + "|".join(re.escape(k).replace("'", "['’]") for k in KNOWN if k != "Become")
             + r")(?![\w])", scores.CHARITY_LISTED),
    )

    def type_for(self, value):
        return "ORGANISATION" if "NHS" in value.upper().split() else self.ENTITY
