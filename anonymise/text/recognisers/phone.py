"""UK phone numbers in any spacing ("01603 123 456", "+44 (0)7700 900123") and spoken
("oh seven seven double oh nine hundred...": digit words, double/triple, digit groups mixed in)."""

from __future__ import annotations

import re

from anonymise.text.numbers import SPOKEN_DIGIT_TOKEN, spoken_digits
from anonymise.text.recognisers.base import RegexRecogniser, Rule

_WRITTEN = r"(?<![\w+])(?P<id>(?:(?:\+|00)\s?44\s?(?:\(0\)\s?)?|\(?0)\d(?:[ .-]?\)?[ .-]?\d){8,9})(?!\d)"
_SPOKEN = (rf"\b(?P<id>(?:plus\s+(?:four\s+four|44)|oh|zero|nought|0\d*)"
           rf"(?:[\s,.-]+{SPOKEN_DIGIT_TOKEN}){{4,}})\b")


class PhoneRecogniser(RegexRecogniser):
    NAME = "uk_phone"
    ENTITY = "PHONE"
    CONTEXT = ("phone", "number", "mobile", "ring", "rang", "call", "called", "text", "texted",
               "landline", "tel", "telephone", "contact", "whatsapp")
    RULES = (
        Rule("written", _WRITTEN, 0.85),
        Rule("spoken", _SPOKEN, 0.7, re.IGNORECASE),
    )

    def validate(self, value, match, rule):
        if rule.name == "written":
            digits = re.sub(r"\D", "", value.replace("(0)", ""))
            if digits.startswith("0044"):
                digits = "0" + digits[4:]
            elif digits.startswith("44"):
                digits = "0" + digits[2:]
            if len(digits) not in (10, 11) or not digits.startswith("0") or digits[1] == "0":
                return None
            return rule.score if len(digits) == 11 else rule.score - 0.1
        text = value.lower()
        if text.startswith("plus"):
            text = "0" + re.sub(r"^plus\s+(?:four\s+four|44)", "", text)
        digits = spoken_digits(text)
        if digits is None or len(digits) < 6:
            return None
        if len(digits) >= 10:
            return 0.85
        # A shorter run is a phone number only when someone is talking about numbers.
        return 0.55 if self.has_context(match.string, match.start(), match.end()) else None
