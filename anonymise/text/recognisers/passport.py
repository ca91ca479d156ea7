"""Passport numbers, only where a passport is mentioned: British passports are nine digits
("123 456 789"); other countries' mix letters and digits ("FA1234567", "EK 4412097")."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import Rule
from anonymise.text.recognisers.cued import CuedRecogniser


class PassportRecogniser(CuedRecogniser):
    NAME = "passport"
    ENTITY = "PASSPORT"
    CONTEXT = ("passport", "passports", "passport number", "passport no", "travel document")
    CONTEXT_BEFORE = 60
    RULES = (
        Rule("uk", r"(?<![\w+])(?<!\d[ -])(?P<id>\d{3}[ -]?\d{3}[ -]?\d{3})(?![ -]?\d)", 0.8, needs_context=True),
        Rule("other", r"(?<![\w-])(?P<id>[A-Z]{1,2} ?\d{6,8}|(?=[A-Z0-9]*\d[A-Z0-9]*\d)(?=[A-Z0-9]*[A-Z])[A-Z0-9]{8,9})(?![\w-])",
             0.75, re.IGNORECASE, needs_context=True),
    )

    def validate(self, value, match, rule):
        # Lower-case runs are ordinary words unless most of the characters are figures.
        if rule.name == "other" and not value.isupper() and sum(c.isdigit() for c in value) < 6:
            return None
        return rule.score
