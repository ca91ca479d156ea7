"""NHS numbers: ten digits, usually 3-3-4, whose last digit is the modulus-11 check digit.

Scotland's CHI numbers and Northern Ireland's Health and Care numbers are ten digits with the
same check, told apart by their ranges (`health_service`); each has its own recogniser, and
this one leaves their ranges to them unless someone calls the number an NHS number.
"""

from __future__ import annotations

import re
from datetime import date

from anonymise.text.numbers import mod11_ok, spoken_digits
from anonymise.text.recognisers.spoken import NEEDS_NUMBER_RUN
from anonymise.text.recognisers.base import RegexRecogniser, Rule

# Ten digits in any grouping people write or type them in ("943 476 5919", "9434765919",
# "94 34 76 59 19", "943-476-5919", "160304 4471"), but not a piece of a longer digit run.
_PRINTED = re.compile(r"\d{3} \d{3} \d{4}")
# A label of another kind of number before it: that number is the label's ("ref 943 476 5918").
_OTHER_LABEL = re.compile(r"(?i)\b(?:ref(?:erence)?|no|number|account|acc|order|case|claim|invoice|policy|"
                          r"booking|tel|phone|mob(?:ile)?|fax)\W*$")
# A noun after the number makes it a count or an amount ("943 476 5918 points", "... pounds").
_COUNTED = re.compile(r"[ \t]+(?:[a-z]+s|pounds?|quid|k|m|million|thousand)\b", re.IGNORECASE)
TEN_DIGITS = r"(?<![\d+])(?<!\d[ .-])(?P<id>\d(?:[ .-]?\d){9})(?![ .-]?\d)"
# The same number said aloud ("nine four three, four seven six, five nine one nine").
SPOKEN_TEN = (r"\b(?P<id>(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine|double|triple|\d+)"
              r"(?:[\s,.-]+(?:oh|o|zero|nought|one|two|three|four|five|six|seven|eight|nine|double|triple|\d+)){5,})\b")

NHS, CHI, HC = "NHS_NUMBER", "CHI_NUMBER", "HC_NUMBER"
# Northern Ireland's Health and Care numbers were issued from this block of the shared range.
HC_RANGE = range(320, 400)


def nhs_check_ok(digits: str) -> bool:
    return mod11_ok(digits)


def chi_date_ok(digits: str) -> bool:
    """A CHI number opens with the holder's date of birth, DDMMYY."""
    try:
        date(2000 + int(digits[4:6]), int(digits[2:4]), int(digits[0:2]))
    except ValueError:
        return False
    return True


def health_service(digits: str) -> str:
    """Which service a ten-digit health number belongs to, by its range: H&C numbers 320-399,
    CHI numbers a date of birth (so at most 311299...), NHS numbers the rest (400-499, 600-799,
    and the 999 test range)."""
    if int(digits[:3]) in HC_RANGE:
        return HC
    if int(digits[:3]) <= 311 and chi_date_ok(digits):
        return CHI
    return NHS


def health_digits(value: str, rule: Rule) -> str | None:
    """The ten digits of a written or spoken match, or None when it is not ten digits."""
    if rule.name == "spoken":
        if not re.search(r"[a-z]", value, re.IGNORECASE):
            return None    # all figures: the written rule's
        digits = spoken_digits(value)
    else:
        digits = re.sub(r"\D", "", value)
    return digits if digits and len(digits) == 10 else None


class NhsNumberRecogniser(RegexRecogniser):
    NAME = "nhs_number"
    ENTITY = NHS
    SERVICE = NHS
    CONTEXT = ("nhs", "nhs number", "nhs no", "health number", "patient number")
    CONTEXT_BEFORE = 50
    RULES = (
        Rule("nhs", TEN_DIGITS, 0.9),
        Rule("spoken", SPOKEN_TEN, 0.85, re.IGNORECASE, needs=NEEDS_NUMBER_RUN),
    )
    VALID = 0.95          # check digit right, in this service's range
    LANDLINE_LIKE = 0.7   # check digit right, but it opens with 0 like a phone number
    SAID_SO = 0.6         # check digit wrong, but the speaker says what number it is: review
    # Check digit wrong and nothing names it, but grouped as health numbers are printed ("486 219
    # 7734", not a phone number's 0): somebody's number mistyped or misremembered, for review.
    # Only the NHS recogniser guesses so, not its Scottish and Northern Irish subclasses.
    GROUPED = 0.45
    GUESSES_GROUPED = True

    def validate(self, value, match, rule):
        digits = health_digits(value, rule)
        if digits is None:
            return None
        near = self.has_context(match.string, match.start(), match.end())
        if not nhs_check_ok(digits):
            if (near or self.named_before(match.string, match.start())) and self.plausible(digits):
                return self.SAID_SO
            grouped = rule.name == "nhs" and _PRINTED.fullmatch(value) and not value.startswith("0") \
                and health_service(digits) == self.SERVICE and not _COUNTED.match(match.string, match.end()) \
                and not _OTHER_LABEL.search(match.string, max(0, match.start() - 20), match.start())
            return self.GROUPED if grouped and self.GUESSES_GROUPED else None
        if health_service(digits) != self.SERVICE and not near:
            return None   # another service's range: its own recogniser decides
        # A valid check digit on a number that looks like a landline is weaker evidence.
        return self.VALID if near or not digits.startswith("0") else self.LANDLINE_LIKE

    def plausible(self, digits: str) -> bool:
        """Whether a number with a wrong check digit may still be this kind when named."""
        return True
