"""Exact ages: "he's fourteen", "a 14-year-old", "aged 9", "when she was six", "I were eleven"
(dialect), "18 months old", "her 16th birthday". Not ages: durations ("15 years", "for six months"), counts, times, money."""

from __future__ import annotations

import re

from anonymise.text.numbers import CARDINAL, ORDINAL_WORDS, parse_age
from anonymise.text.recognisers.base import RegexRecogniser, Rule

# What may follow a bare number that makes it something other than an age.
_NOT_AGE_AFTER = (r"(?!\s*(?:%|per\s?cent|pounds?|quid|grand|p\b|pence|o'clock|o’clock|am\b|pm\b|"
                  r"a\.m|p\.m|minutes?|mins?|hours?|hrs?|days?|nights?|weeks?|months?(?!\s+old)|"
                  r"years?(?!\s+old|\s+of\s+age)|times?|miles?|stone|kilos?|kg|foot|feet|inches|"
                  r"metres?|meters?|people|kids|children|of\b|or\b|out\b|st\b|nd\b|rd\b|th\b|"
                  r"hundred|thousand|[:.,]\d|-\d|/|\s(?:and|or|to)\s\d))")
_SUBJECT = r"(?:(?i:he|she|i|you|who|(?:brother|sister|son|daughter|baby|twin|cousin|nephew|niece|boy|girl|lad)s?)|(?:[A-Z][a-z]+,\s+)?who|(?!(?:There|It|That|This|What|Which|Who|Here|Where|Everything|Nothing)\b)[A-Z][a-z]+)"
_BE = r"(?:'s|’s|\s+is|\s+was|'m|’m|\s+am|\s+turned|\s+turns|\s+had\s+turned|\s+will\s+be|['’]ll\s+be|\s+would\s+be|\s+must\s+have\s+been|\s+being|\s+'?d\s+be)"
_HEDGE = r"(?:(?:only|just|nearly|almost|about|around|now|still|barely|already|like|maybe|probably|roughly|coming\s+up\s+to)\s+)*"
# Ages named as limits ("until she's eighteen") describe the system, not the child.
_THRESHOLD = re.compile(r"\b(?:till|until|til|beyond)\b(?:\s+\S+){0,3}\s*$")
# "at the level of an eight-year-old", "behaves like a five-year-old": a yardstick, not an age.
_COMPARISON = re.compile(r"\b(?:level\s+of|(?:acts?|acting|acted|behaves?|behaving|behaved|looks?|looking|"
                         r"looked|talks?|talking|talked)\s+like|than)\s+(?:an?|the\s+average)\s*$")
_YEARS_OLD = r"(?:[\s-]*(?:years?|yrs?|months?)[\s-]*old|\s?(?:yo|y/o|y\.o\.)(?![\w/]))"


class AgeRecogniser(RegexRecogniser):
    NAME = "age"
    ENTITY = "AGE"
    CONTEXT = ("age", "aged", "old", "birthday", "born")
    BOOST = 0.05
    RULES = (
        Rule("aged", rf"\b(?P<id>(?:aged?|age\s+of)\s+{_HEDGE}{CARDINAL}\b{_YEARS_OLD}?)", 0.9, re.IGNORECASE),
        Rule("years_old", rf"\b(?P<id>{CARDINAL}{_YEARS_OLD})\b", 0.9, re.IGNORECASE),
        Rule("years_of_age", rf"\b(?P<id>{CARDINAL}\s+years?\s+of\s+age)\b", 0.9, re.IGNORECASE),
        Rule("subject_is", rf"\b{_SUBJECT}{_BE}\s+{_HEDGE}(?P<id>{CARDINAL})\b{_NOT_AGE_AFTER}", 0.8),
        Rule("subject_is_lower", rf"\b(?:he|she|i|who|hes|shes|im)(?:'s|’s|\s+is|\s+was|\s+were|'m|’m|\s+am|(?<=hes)|(?<=shes)|(?<=im))\s+{_HEDGE}(?P<id>{CARDINAL})\b{_NOT_AGE_AFTER}", 0.8, re.IGNORECASE),
        # Dialect "were" after a first name ("our Kyle were nine"): the name is checked in validate.
        Rule("name_were", rf"\b(?P<name>[A-Z][a-z]+)\s+were\s+{_HEDGE}(?P<id>{CARDINAL})\b{_NOT_AGE_AFTER}", 0.8),
        Rule("turned", rf"\b(?:turned|turns|turning|turn|(?:got|get|gets|getting)\s+to|reached|reaches|hit|hits|coming\s+up\s+to)\s+{_HEDGE}(?P<id>{CARDINAL})\b{_NOT_AGE_AFTER}", 0.8, re.IGNORECASE),
        Rule("bracketed", r"\b[A-Z][a-z]+\s\((?P<id>\d{1,2}(?:\s?(?:yrs?|years?|y/o|yo))?)\)", 0.8),
        Rule("birthday", rf"\b(?P<id>(?:\d{{1,2}}(?:st|nd|rd|th)|{ORDINAL_WORDS})\s+birthday)\b", 0.8, re.IGNORECASE),
    )

    def validate(self, value, match, rule):
        before = match.string[max(0, match.start() - 30):match.start()].lower()
        if _THRESHOLD.search(before):
            return None   # "till I'm eighteen", "beyond her eighteenth birthday": a threshold
        if rule.name == "years_old" and _COMPARISON.search(before):
            return None   # "reading at the level of an eight-year-old": nobody's age
        age = parse_age(value)
        if age is None:
            return None
        if rule.name == "name_were":
            g = self.lexicon
            if g is None or match.group("name").lower() not in g.first_names:
                return None
        if rule.name in ("subject_is", "subject_is_lower", "turned", "name_were"):
            # Past 25, a bare number after "was"/"turned" is more often a score or a count than
            # an age, unless "old"/"age" follows.
            if not 0 < age <= 25 and not re.search(r"old|age", match.string[match.end():match.end() + 12]):
                return None
        if age > 110:
            return None
        return rule.score
