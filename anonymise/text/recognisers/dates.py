"""Specific dates: "3rd of March 2012", "March 3rd", "03/03/2012", "the twelfth of June",
"March 2012". Not dates: weekdays, months alone, "last week", years alone, durations."""

from __future__ import annotations

from anonymise.text.numbers import NUMBER_WORDS, ORDINAL_WORDS
from anonymise.text.recognisers.base import RegexRecogniser, Rule

# Capitalised months (and their abbreviations); lower-case full names too, except the two that
# are everyday words ("may", "march").
_MONTH = (r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
          r"December)|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)\.?(?![a-z])|"
          r"january|february|april|june|july|august|september|october|november|december)")
_DAY = r"(?:[12]\d|3[01]|0?[1-9])(?:st|nd|rd|th)?"
_YEAR = r"(?:(?:19|20)\d{2}|'\d{2})"
_YEAR_WORDS = (rf"(?:nineteen[ -]{NUMBER_WORDS}|two thousand(?: and)?(?: {NUMBER_WORDS})?|"
               rf"twenty[ -](?:{NUMBER_WORDS}))")
_ANY_YEAR = rf"(?:,?\s(?:{_YEAR}|{_YEAR_WORDS})\b)"
_DAY_ANY = rf"(?:{_DAY}|{ORDINAL_WORDS})"


class DateRecogniser(RegexRecogniser):
    NAME = "date"
    ENTITY = "DATE"
    CONTEXT = ("born", "birth", "dob", "d.o.b", "date", "birthday", "on")
    BOOST = 0.05
    RULES = (
        Rule("day_month", rf"\b(?P<id>(?:[Tt]he\s)?{_DAY_ANY}\s(?:of\s)?{_MONTH}{_ANY_YEAR}?)(?![\w])", 0.9),
        Rule("month_day", rf"\b(?P<id>{_MONTH}\s(?:the\s)?{_DAY_ANY}{_ANY_YEAR}?)(?![\w])", 0.85),
        Rule("numeric", r"(?<![\d/.-])(?P<id>(?:0?[1-9]|[12]\d|3[01])([/.-])(?:0?[1-9]|1[0-2])\2(?:(?:19|20)\d{2}|\d{2}))(?![\d/-]|\.\d)", 0.9),
        Rule("iso", r"(?<![\d-])(?P<id>(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01]))(?![\d-])", 0.9),
        Rule("month_year", rf"\b(?P<id>{_MONTH}{_ANY_YEAR})", 0.7),
    )

    def validate(self, value, match, rule):
        if rule.name == "month_day":
            # "May I" / "March on" are not dates: the day part must be a real day number/ordinal.
            tail = value.split(None, 1)[1] if " " in value else ""
            if not tail:
                return None
        return rule.score
