"""Unique Pupil Numbers: a check letter followed by twelve characters (the last may be a letter
for a temporary UPN). The check letter is the weighted sum of characters 2-13 modulo 23."""

from __future__ import annotations

from anonymise.text.recognisers.base import RegexRecogniser, Rule

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"


def upn_check_letter(body: str) -> str | None:
    """The check letter for the 12 characters after it, or None if they can't be a UPN body."""
    if len(body) != 12 or not body[:11].isdigit():
        return None
    total = 0
    for weight, char in zip(range(2, 14), body.upper()):
        if char.isdigit():
            value = int(char)
        elif char in CHECK_LETTERS:
            value = CHECK_LETTERS.index(char)
        else:
            return None
        total += value * weight
    return CHECK_LETTERS[total % 23]


class UpnRecogniser(RegexRecogniser):
    NAME = "upn"
    ENTITY = "UPN"
    CONTEXT = ("upn", "pupil number", "unique pupil", "pupil no")
    RULES = (Rule("upn", r"\b(?P<id>[A-Za-z]\d{11}[0-9A-Za-z])\b", 0.95),)

    def validate(self, value, match, rule):
        if upn_check_letter(value[1:]) == value[0].upper():
            return rule.score
        return 0.6 if self.has_context(match.string, match.start(), match.end()) else None
