"""NHS numbers: ten digits, usually 3-3-4, whose last digit is the modulus-11 check digit."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import RegexRecogniser, Rule


def nhs_check_ok(digits: str) -> bool:
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


class NhsNumberRecogniser(RegexRecogniser):
    NAME = "nhs_number"
    ENTITY = "NHS_NUMBER"
    CONTEXT = ("nhs", "nhs number", "nhs no", "health number", "patient number")
    CONTEXT_BEFORE = 50
    RULES = (Rule("nhs", r"(?<![\d+])(?P<id>\d{3}[ -]?\d{3}[ -]?\d{4})(?![\d])", 0.9),)

    def validate(self, value, match, rule):
        digits = re.sub(r"\D", "", value)
        near = self.has_context(match.string, match.start(), match.end())
        if nhs_check_ok(digits):
            # A valid check digit on a number that looks like a landline is weaker evidence.
            return 0.95 if near or not digits.startswith("0") else 0.7
        return 0.6 if near else None
