"""Police National Computer (PNC) IDs: the year a person was first recorded, a serial number
and a check letter ("22/0418731K", "2022/418731K"). Youth-justice and care files quote them
("His PNC ID ... it's on the consent form by mistake -- 22/0418731K"), and one identifies a
person as surely as a National Insurance number.

The check letter is the year's last two figures and the serial (padded to seven figures),
read as one number, modulo 23, in the alphabet below. A number of this shape whose letter fails
is still one when the text names the kind: speakers and typists get a figure wrong. Its shape
alone (figures, a slash, five or more figures and a letter) is rare enough in other text to
go to review."""

from __future__ import annotations

from anonymise.text.recognisers.base import RegexRecogniser, Rule

CHECK_LETTERS = "ZABCDEFGHJKLMNPQRTUVWXY"


def pnc_check_ok(value: str) -> bool:
    year, _, rest = value.upper().partition("/")
    serial, letter = rest[:-1], rest[-1:]
    if not (year.isdigit() and serial.isdigit()) or len(year) not in (2, 4) or not 1 <= len(serial) <= 7:
        return False
    return CHECK_LETTERS[int(year[-2:] + serial.zfill(7)) % 23] == letter


class PoliceNumberRecogniser(RegexRecogniser):
    NAME = "police_number"
    ENTITY = "REFERENCE"
    CONTEXT = ("pnc", "pnc id", "pnc number", "police national computer", "cro", "cro number",
               "criminal record", "arrest", "custody")
    RULES = (Rule("pnc", r"(?<![\w/])(?P<id>(?:\d{2}){1,2}/\d{5,7}[A-Za-z])(?![\w/])", 0.9),)
    NAMED = 0.6    # the letter fails, but the text says what the number is
    SHAPE = 0.45   # the letter fails and nothing names it: for review

    def validate(self, value, match, rule):
        if pnc_check_ok(value):
            return rule.score
        text, start = match.string, match.start("id")
        if self.has_context(text, start, match.end("id")) or self.named_before(text, start):
            return self.NAMED
        return self.SHAPE
