"""National Insurance numbers: two prefix letters (HMRC's rules), six digits, suffix A-D."""

from __future__ import annotations

import re

from anonymise.text.recognisers.base import RegexRecogniser, Rule

_BAD_FIRST = set("DFIQUV")
_BAD_SECOND = set("DFIOQUV")
_BAD_PREFIXES = {"BG", "GB", "KN", "NK", "NT", "TN", "ZZ"}


def ni_prefix_ok(value: str) -> bool:
    v = re.sub(r"\s", "", value).upper()
    if len(v) != 9:
        return False
    a, b = v[0], v[1]
    return a not in _BAD_FIRST and b not in _BAD_SECOND and v[:2] not in _BAD_PREFIXES


class NiNumberRecogniser(RegexRecogniser):
    NAME = "ni_number"
    ENTITY = "NI_NUMBER"
    CONTEXT = ("national insurance", "ni number", "ni no", "nino", "insurance number")
    RULES = (Rule("nino", r"\b(?P<id>[A-Za-z]{2} ?\d{2} ?\d{2} ?\d{2} ?[A-Da-d])\b", 0.9),)

    def validate(self, value, match, rule):
        return rule.score if ni_prefix_ok(value) else None
