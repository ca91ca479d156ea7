"""Turn a template slot into words: which value, which written shape, and whether it is an identifier.

A `Voice` is one speaker's way of talking about one case on one day: a young
person types names in lowercase now and then, a transcript saved as cp1252
loses the letters that code page lacks, dates and phone numbers come out in
whichever of the usual shapes the random generator picks.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from deposit.demo.cast import PERIOD, Case, Person, fold
from deposit.demo.numbers import spoken_phone

NUMBER_WORDS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
                "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
                "nineteen", "twenty"]
ORDINALS = ["", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
            "eleventh", "twelfth", "thirteenth", "fourteenth", "fifteenth", "sixteenth", "seventeenth",
            "eighteenth", "nineteenth", "twentieth", "twenty-first", "twenty-second", "twenty-third",
            "twenty-fourth", "twenty-fifth", "twenty-sixth", "twenty-seventh", "twenty-eighth",
            "twenty-ninth", "thirtieth", "thirty-first"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
FESTIVALS = ["Christmas", "Easter", "Eid", "Diwali", "Bonfire Night", "Mother's Day", "Halloween", "New Year"]
DURATIONS = ["15 years", "six months", "eighteen months", "two years", "three years", "about ten years",
             "a year and a half", "nine months", "four years", "20 years", "seven weeks", "twelve weeks"]
COUNTS = ["three", "four", "five", "six", "seven", "eight", "nine", "ten", "twelve", "fifteen", "18", "22", "25"]

# pronoun slot -> (female, male); the variant names whose pronoun (default: the child).
PRONOUNS = {"she": ("she", "he"), "cap_she": ("She", "He"), "her": ("her", "him"), "his": ("her", "his"),
            "cap_his": ("Her", "His"), "self": ("herself", "himself"), "kid": ("girl", "lad")}
PERSON_SLOTS = ("child", "mum", "dad", "carer", "carer2", "sibling", "nan", "friend", "teacher", "keyworker",
                "judge", "sw", "iro", "manager", "guardian")
# slot -> (Case attribute, identifier type); an attribute's value is written as it stands.
PLAIN_SLOTS = {
    "town": ("town", "TOWN"), "town2": ("town2", "TOWN"), "village": ("village", "TOWN"),
    "street": ("street", "STREET"), "estate": ("estate", "PLACE"), "school": ("school", "SCHOOL"),
    "school2": ("school2", "SCHOOL"), "hospital": ("hospital", "HOSPITAL"), "court": ("court", "COURT"),
    "gp": ("gp", "GP_SURGERY"), "home": ("home", "CHILDRENS_HOME"), "charity": ("charity", "CHARITY"),
    "org": ("org", "ORGANISATION"), "office_phone": ("office_phone", "PHONE"), "email": ("email", "EMAIL"),
    "parent_email": ("parent_email", "EMAIL"), "nhs": ("nhs", "NHS_NUMBER"), "ni": ("ni", "NI_NUMBER"),
    "upn": ("upn", "UPN"), "caseref": ("case_ref", "CASE_REFERENCE"), "courtref": ("court_ref", "CASE_REFERENCE"),
}


def ordinal_suffix(day: int) -> str:
    return "th" if 11 <= day <= 13 else {1: "st", 2: "nd", 3: "rd"}.get(day % 10, "th")


def write_date(day: dt.date, rng: random.Random, shape: str | None = None) -> str:
    """One of the ways a date is said or typed in a UK transcript."""
    shape = shape or rng.choice(["slash", "dots", "long", "long_ord", "words", "month_first", "short_year"])
    month = day.strftime("%B")
    return {
        "slash": f"{day:%d/%m/%Y}",
        "dots": f"{day.day}.{day.month}.{day:%y}",
        "short_year": f"{day.day}/{day.month}/{day:%y}",
        "long": f"{day.day} {month} {day.year}",
        "long_ord": f"{day.day}{ordinal_suffix(day.day)} {month} {day.year}",
        "words": f"the {ORDINALS[day.day]} of {month}",
        "month_first": f"{month} {day.day}{ordinal_suffix(day.day)}",
        "month": f"{month} {day.year}",
    }[shape]


@dataclass
class Voice:
    case: Case
    rng: random.Random
    day: dt.date                      # the interview date: ages and "recent" dates hang off it
    charset: str = "utf-8"
    lowercase_rate: float = 0.0       # informal speakers' names typed in lowercase now and then
    me: Person | None = None          # focus groups: the speaker introducing themselves
    others: list = field(default_factory=list)  # focus groups: other participants' first names

    def name(self, text: str) -> str:
        return fold(text, self.charset) if self.charset != "utf-8" else text

    def person(self, who: Person, variant: str | None) -> list:
        first, last = self.name(who.first), self.name(who.last)
        if variant == "full":
            return [(f"{first} {last}", "PERSON")]
        if variant == "surname":
            return [(last, "PERSON")]
        if variant == "title":
            title = who.title or ("Mr" if who.sex == "M" else "Ms")
            return [(f"{title} ", None), (last, "PERSON")]
        if variant == "initial":
            title = who.title or ("Mr" if who.sex == "M" else "Ms")
            return [(f"{title} ", None), (last[0], "PERSON"), (".", None)]
        if variant == "lc" or self.rng.random() < self.lowercase_rate:
            return [(first.lower(), "PERSON")]
        return [(first, "PERSON")]

    def past_date(self, earliest: dt.date | None = None) -> dt.date:
        start = earliest or dt.date(PERIOD[0].year - 2, 1, 1)
        end = self.day - dt.timedelta(days=7)
        return start + dt.timedelta(days=self.rng.randint(0, max(0, (end - start).days)))

    def age(self, years: int, variant: str | None) -> list:
        word = NUMBER_WORDS[years] if years <= 20 and self.rng.random() < 0.5 else str(years)
        if variant == "hyph":
            return [(f"{years}-year-old" if self.rng.random() < 0.6 else f"{word}-year-old", "AGE")]
        return [(word, "AGE")]

    def __call__(self, slot: str, variant: str | None) -> list:
        case, rng = self.case, self.rng
        if slot in PERSON_SLOTS:
            return self.person(getattr(case, slot), variant)
        if slot in PRONOUNS:
            who = getattr(case, variant or "child")
            return [(PRONOUNS[slot][0 if who.sex == "F" else 1], None)]
        if slot == "me":
            return self.person(self.me or case.sw, variant)
        if slot == "other":
            return [(self.name(rng.choice(self.others)) if self.others else "Sarah", "PERSON")]
        if slot in PLAIN_SLOTS:
            attr, kind = PLAIN_SLOTS[slot]
            return [(self.name(getattr(case, attr)), kind)]
        if slot == "address":
            return [(f"{case.house} {self.name(case.street)}", "ADDRESS")]
        if slot == "full_address":
            return [(f"{case.house} {self.name(case.street)}", "ADDRESS"), (", ", None), (case.town, "TOWN"),
                    (", ", None), (case.postcode, "POSTCODE")]
        if slot == "postcode":
            code = case.postcode.split()[0] if variant == "partial" else case.postcode
            return [(code, "POSTCODE")]
        if slot == "county":
            return [(case.la.county, "COUNTY")]
        if slot in ("la", "other_la"):
            la = case.la if slot == "la" else case.other_la
            return [(la.short if variant == "short" else la.name, "LOCAL_AUTHORITY")]
        if slot == "phone":
            if variant == "spoken":
                return [(spoken_phone(rng), "PHONE")]
            return [(case.phone, "PHONE")]
        if slot == "dob":
            return [(write_date(case.dob, rng, "words" if variant == "words" else None), "DATE")]
        if slot == "date":
            shape = {"words": "words", "month": "month"}.get(variant or "")
            return [(write_date(self.past_date(), rng, shape), "DATE")]
        if slot == "date_young":
            return [(write_date(self.past_date(case.entered_care), rng, rng.choice(["long", "long_ord", "words"])), "DATE")]
        if slot == "age":
            return self.age(case.age_on(self.day), variant)
        if slot == "age_next":
            return self.age(case.age_on(self.day) + 1, variant)
        if slot == "young_age":
            return self.age(max(2, case.age_on(case.entered_care)), variant)
        if slot == "year_group":
            return [(NUMBER_WORDS[min(13, max(1, case.age_on(self.day) - 4))], None)]
        if slot == "weekday":
            return [(rng.choice(WEEKDAYS), None)]
        if slot == "festival":
            return [(rng.choice(FESTIVALS), None)]
        if slot == "duration":
            return [(rng.choice(DURATIONS), None)]
        if slot == "count":
            return [(rng.choice(COUNTS), None)]
        raise KeyError(f"template slot {{{slot}}} has no value")
