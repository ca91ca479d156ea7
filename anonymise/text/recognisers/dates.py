"""Specific dates, as people say and type them: "3rd of March 2012", "March 3rd", "the twelfth of
June", "March 2012", "the ninth of June sixty-two", "May seventy-four", "the twenty-third o' June",
"on the 23rd", "dec 2nd", "31st of march" (speech recognition), "THE 14TH OF MAY 1956", "NOV. 1979"
(typescripts), "Wed, 17 May 2023", "Tues 14th", numbers in every order (14/03/22, 3.4.22,
2022-03-14, 03-14-2022, "on 14/3"), a date hard-wrapped over two lines, and dates inside Polish,
Romanian and Welsh sentences ("dwunastego maja", "3 martie 2019", "y pumed o Fai").

Not dates: weekdays, months alone ("in june"), "may" and "march" as everyday words, "last week",
years and decades alone, durations, festivals ("the Twelfth"), sequence ordinals ("the first
time", "I was the fifth").
"""

from __future__ import annotations

import re
from dataclasses import replace

from anonymise.text.detection import Detection
from anonymise.text.numbers import NUMBER_WORDS, ORDINAL_WORDS, TENS, UNITS, ordinal_to_int
from anonymise.text.recognisers.base import RegexRecogniser, Rule, drop_nested
from anonymise.text.recognisers.date_words import (
    BARE_DAY_CUES,
    DAY_MONTH_CUES,
    EVERYDAY_MONTHS,
    FOREIGN,
    MONTH_ABBREVIATIONS,
    MONTHS,
    POLISH_ORDINAL_TAIL,
    SEQUENCE_CUES,
    SEQUENCE_ORDINALS,
    WEEKDAY_ABBREVIATIONS,
    WEEKDAYS,
    WELSH_ORDINAL_TAIL,
    WELSH_YEAR,
    alternation,
    cased,
    cue_regex,
)
from anonymise.text.recognisers.turns import opens_sentence

# Between the parts of a date: spaces, or one hard line break ("THE 30TH\nOF JULY").
_SP = r"(?:[ \t]+(?:\n[ \t]*)?|\n[ \t]*)"
_MONTH = (rf"(?:{alternation(cased(MONTHS))}|"
          rf"(?:{alternation(cased(MONTH_ABBREVIATIONS, lower=False))})\.?(?![^\W\d_]))")
# After "of" a lower-case "may" or "march" is a month ("the 3rd of may").
_MONTH_AFTER_OF = rf"(?:{_MONTH}|{alternation(EVERYDAY_MONTHS)})"
# Lower-case abbreviations and everyday months, only right before a day with its suffix
# ("dec 2nd", "jan 12th", "march 31st").
_LOWER_MONTH = rf"(?:{alternation(w.lower() for w in MONTH_ABBREVIATIONS)}\.?|{alternation(EVERYDAY_MONTHS)})"
_WEEKDAY = (rf"(?:{alternation(cased(WEEKDAYS))}|"
            rf"(?:{alternation(cased(WEEKDAY_ABBREVIATIONS, lower=False))})\.?(?![^\W\d_]))")
# Typists of the old school put a full stop after the ordinal ("3RD. MARCH 1948"): inside a date
# only when a month follows, so a sentence's own full stop stays outside "on the 3rd."
_SUFFIX = rf"(?:(?:st|nd|rd|th|ST|ND|RD|TH)(?:\.(?=[ \t]+{_MONTH}))?)"
_DAY = rf"(?:[12]\d|3[01]|0?[1-9]){_SUFFIX}?"
_DAY_ORD = rf"(?:(?:[12]\d|3[01]|0?[1-9]){_SUFFIX}|(?i:{ORDINAL_WORDS}))"
_DAY_ANY = rf"(?:{_DAY}|(?i:{ORDINAL_WORDS}))"
_THE = r"(?:[Tt]he|THE)"
_OF = r"(?:of|OF|[oO]['’]?)"   # Scots writes "o" ("the twenty-eighth o September", "THE 30TH O' JUNE")
_YEAR = r"(?:(?:19|20)\d{2}|['’]\d{2})"
# A year said in words: "nineteen fifty-six", "two thousand and sixteen", "twenty twenty-two",
# and, after a month, the two-digit form older speakers use ("May fifty-nine").
_UNIT_1_9 = "|".join(w for w, v in UNITS.items() if 1 <= v <= 9)
_TWO_DIGIT_YEAR = rf"(?:(?:{'|'.join(TENS)})(?:[ -](?:{_UNIT_1_9}))?)"
_YEAR_WORDS = (rf"(?:nineteen[ -]{NUMBER_WORDS}|two thousand(?: and)?(?: {NUMBER_WORDS})?|"
               rf"twenty[ -](?:{NUMBER_WORDS})|{_TWO_DIGIT_YEAR})")
# A spoken year ends the date: "twenty" in "the 3rd of June twenty kids came" and "forty" in
# "forty-odd people" are counts.
_YEAR_END = (r"(?=\s*(?:[,.;:!?)\]\"”–—]|-(?![^\W\d_])|\n|$)|\s+(?:and|but|so|because|cos|when|at|in|on|i|we|he|she|"
             r"they|you|it|if|then|that|was|were|is|the|a|my|our|me|from|to|till|until|apprentice|"
             r"yeah|aye)\b)")
# Typescripts write a past year in two figures after the month, no apostrophe ("AUGUST 84,",
# "THE 5TH OF MARCH 85"): only where the phrase ends, so "March 25 people" stays a count.
_SHORT_YEAR = r"[3-9]\d(?=[ \t]*(?:[,.;:)]|\n|$))"
_ANY_YEAR = rf"(?:,?{_SP}(?:{_YEAR}\b|{_SHORT_YEAR}|(?i:{_YEAR_WORDS}){_YEAR_END}))"
_WEEKDAY_BEFORE = rf"(?:{_WEEKDAY},?{_SP}(?:{_THE}{_SP})?)?"
# A bare day ("the 23rd") ends where a noun would follow it ("on the 23rd floor").
_DAY_END = (r"(?=\s*(?:[,.;:!?)\]\[\"”–—-]|\n|$)|\s+(?:and|but|so|because|cos|when|at|i|we|he|she|they|"
            r"you|it|if|anyway|then|or|though|which|as|too|last|next|this|that|don't|dont|out|in|"
            r"morning|night|yeah|aye|supposedly|apparently|hopefully|probably|maybe|innit|"
            # "on tuesday the 3rd for like an hour", "on the 2nd after school": a new phrase
            r"for|after|before|till|until|from|with|again|there|was|were|is|will|ill|i'll|we'll|my|our|"
            r"his|her|me)\b"
            # "Mon 18th 10am", "the twenty-first of last month": a time of day, or the month in words
            r"|\s+\d{1,2}(?:[.:]\d{2})?\s?(?:am|pm)\b|\s+of\s+(?:last|this|next)\s+month\b"
            # a log's or diary's date column, the entry after a wide gap ("FRI. 22ND    DISCO, 97 IN.")
            r"|[ \t]{3,}(?=\S))")
_MONTH_ORDINAL_WORDS = ("first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|eleventh|twelfth")
_BARE_CUE = rf"(?i:\b(?:{cue_regex(BARE_DAY_CUES)})\s+)"
_NUMERIC_YEAR = r"(?:(?:19|20)\d{2}|\d{2})"
# A post's header parts its fields with a middle dot ("maisie.c0le · story · 15/11").
_DAY_MONTH_CUE = re.compile(rf"(?:\b(?:{cue_regex(DAY_MONTH_CUES)})|·),?\s+(?:the\s+)?$", re.IGNORECASE)
# Words before a date given in spaced figures ("date of birth 5 9 1979").
_BIRTH_CUE = re.compile(r"\b(?:birth|born|birthdays?|b['’]?days?|dob|d o b|date|dated)\b[^\n\d]{0,15}$", re.IGNORECASE)
# An event and its day, then the date in spaced figures: "the final hearing is 28 10 25".
_DATED_EVENT = re.compile(r"\b(?:hearing|court|appointment|appt|conference|review|meeting|date|deadline|"
                          r"birthday|funeral|wedding|interview|move|moving)\s+(?:is|was|['’]s|on)\s+$", re.IGNORECASE)
_COUNTED_AFTER = re.compile(r"\s+(?:people|kids|children|times|quid|pounds|points|goals|of|per)\b", re.IGNORECASE)
# A day and month said again in figures after the date in words ("the 4th of december that's
# 4 12", "third of april, twenty-three. 3.4.23"), or the other way round.
_FIGURES_AGAIN = re.compile(r"(?<![\w/.:-])(?P<d>[12]\d|3[01]|0?[1-9])(?P<sep>[ /.-])(?P<m>1[0-2]|0?[1-9])"
                            r"(?:(?P=sep)(?:(?:19|20)?\d{2}))?(?![\w/:-]|\.\d)")
# A day or month written with its leading zero ("17/07", "03/4") is a date, cue or none.
_ZERO_PADDED = re.compile(r"0\d/|/0\d")
# A log's entry opens its line with the day and month, set off from the note ("10/10  s/g - TJ
# said", "30.10 - rang SW"); a day and month before a clock time is a date too ("23/11 9am").
_LINE_START = re.compile(r"(?:^|\n)[ \t]*$")
_ENTRY_GAP = re.compile(r"[ \t]{2,}\S|\t|[ \t]*[-–—:|][ \t]")
_CLOCK_AFTER = re.compile(r"[ \t]+(?:at[ \t]+)?(?:\d{1,2}(?:[:.]\d{2})?[ \t]*(?:am|pm)\b|\d{1,2}:\d{2}\b)", re.IGNORECASE)
# A subject right before lower-case "may"/"march" makes them verbs.
_SUBJECT_BEFORE = re.compile(r"\b(?:i|we|you|they|he|she|it|who|people|kids)\s+$", re.IGNORECASE)
# Expressions written like a day and month: "24/7" is round the clock.
NOT_DATES = frozenset({"24/7"})


def _foreign_rules() -> tuple[Rule, ...]:
    """One rule per language: its day word or a number, then its month; a month that is also an
    everyday word there needs a year or a day word beside it."""
    rules = []
    for lang, (days, months, everyday) in FOREIGN.items():
        tail = {"pl": POLISH_ORDINAL_TAIL, "cy": WELSH_ORDINAL_TAIL}.get(lang, "")
        year = rf"(?:,?{_SP}(?:(?:19|20)\d{{2}}(?:\s*r\.)?|{WELSH_YEAR}))" if lang == "cy" else \
            rf"(?:,?{_SP}(?:19|20)\d{{2}}(?:\s*r\.)?)"
        plain = alternation(set(months) - everyday)
        shared = alternation(everyday)
        numbered = r"(?:[12]\d|3[01]|0?[1-9])\.?"
        of = r"(?:o" + _SP + r")?" if lang == "cy" else ""
        welsh_the = rf"(?:y{_SP})?" if lang == "cy" else ""
        day_words = rf"{welsh_the}(?:{alternation(days)}){tail}" if days else None
        forms = [rf"{numbered}{_SP}{of}(?:{plain}){year}?"]
        if shared:
            forms.append(rf"{numbered}{_SP}{of}(?:{shared}){year}")
        if day_words:
            forms.append(rf"{day_words}{_SP}{of}(?:{alternation(months)}){year}?")
        rules.append(Rule(f"day_month_{lang}", rf"(?<![\w.])(?P<id>(?:{'|'.join(forms)}))(?![^\W\d_])", 0.85,
                          re.IGNORECASE))
    return tuple(rules)


def _dated_entry(match: re.Match, before: str) -> bool:
    """A day and month opening a log's entry, or said with a clock time."""
    after = match.string[match.end():match.end() + 16]
    return bool(_LINE_START.search(before) and _ENTRY_GAP.match(after)) or bool(_CLOCK_AFTER.match(after))


class DateRecogniser(RegexRecogniser):
    NAME = "date"
    ENTITY = "DATE"
    CONTEXT = ("born", "birth", "dob", "d.o.b", "date", "birthday", "on")
    BOOST = 0.05
    RESTATE_WINDOW = 80     # a bare day said again on its own within this many characters
    _foreign_compiled: list | None = None
    RULES = (
        Rule("day_month", rf"(?<![\w])(?P<id>{_WEEKDAY_BEFORE}(?:{_THE}{_SP})?{_DAY_ANY}{_SP}"
                          rf"(?:(?:{_OF}){_SP}{_MONTH_AFTER_OF}|{_MONTH}){_ANY_YEAR}?)(?![^\W\d_])", 0.9),
        Rule("month_day", rf"(?<![\w])(?P<id>{_WEEKDAY_BEFORE}{_MONTH}{_SP}(?:{_THE}{_SP})?{_DAY_ANY}{_ANY_YEAR}?)"
                          rf"(?![^\W\d_])", 0.85),
        Rule("month_day_lower", rf"(?<![\w])(?P<id>{_LOWER_MONTH}{_SP}(?:(?:{_THE}{_SP})?(?:[12]\d|3[01]|0?[1-9]){_SUFFIX}"
                                rf"{_ANY_YEAR}?|(?:[12]\d|3[01]|0?[1-9]){_ANY_YEAR}))(?![^\W\d_])", 0.85),
        # "the fifth of the eighth, twenty-one": the same in words, the month an ordinal up to twelfth.
        Rule("ordinal_month_words", rf"(?<![\w])(?P<id>{_THE}{_SP}(?i:{ORDINAL_WORDS}){_SP}{_OF}{_SP}{_THE}{_SP}"
                                    rf"(?i:{_MONTH_ORDINAL_WORDS})(?:,?{_SP}(?:{_YEAR}\b|(?i:{_YEAR_WORDS}){_YEAR_END}))?)"
                                    rf"(?![^\W\d_])", 0.8),
        # "the 2nd of the 8th 99", "4th of the 7th 2015": a day of the month said by its number.
        Rule("ordinal_month", rf"(?<![\w])(?P<id>(?:{_THE}{_SP}{_DAY}|(?:[12]\d|3[01]|0?[1-9]){_SUFFIX}){_SP}{_OF}{_SP}{_THE}{_SP}"
                              rf"(?:1[0-2]|0?[1-9]){_SUFFIX}"
                              rf"(?:,?{_SP}(?:{_YEAR}|\d{{2}})\b)?)(?![^\W\d_])", 0.85),
        # Day, month, year in either order: 14/03/22, 3.4.22, 03-14-2022 (validated below).
        # A typewriter pads a one-figure month to keep its columns: "4. 6.59", "19. 5.58".
        Rule("numeric", rf"(?<![\w/.-])(?P<id>{_WEEKDAY_BEFORE}(?P<a>\d{{1,2}})(?P<sep>[/.-])(?: (?=\d(?P=sep)))?"
                        rf"(?P<b>\d{{1,2}})(?P=sep){_NUMERIC_YEAR})(?![\d/-]|\.\d)", 0.9),
        # Old office style: the month in Roman figures ("3.ii.67", "30.VI.67"), or a day of this,
        # last or next month ("the 20th inst.", "12th ult.", "4th prox.").
        Rule("roman_month", r"(?<![\w/.-])(?P<id>(?:[12]\d|3[01]|0?[1-9])\.(?i:i{1,3}|iv|vi{0,3}|ix|xi{0,2})\."
                            r"(?:(?:19|20)\d{2}|\d{2}))(?![\w/-]|\.\d)", 0.85, needs=r"\.(?i:[ivx]{1,4})\.\d"),
        Rule("day_inst", rf"(?<![\w/.-])(?P<id>(?:[12]\d|3[01]|0?[1-9]){_SUFFIX}?{_SP}(?i:inst|ult|prox)\b\.?)", 0.85,
             needs=r"(?i)\b(?:inst|ult|prox)\b"),
        # Speech recognition types a date of birth as spaced figures ("his birthdays 22 11 2011",
        # "date of birth 5 9 1979"): a date when a word of birth or date comes just before.
        Rule("spaced_numeric", r"(?<![\w/.:-])(?P<id>(?:[12]\d|3[01]|0?[1-9]) (?:1[0-2]|0?[1-9]) (?:(?:19|20)\d{2}|\d{2}))(?![\w/.:-])",
             0.8),
        # with its time when a form stamps one: "2023-04-28T22:41:09+01:00"
        Rule("iso", r"(?<![\d.-])(?P<id>(?:19|20)\d{2}([-/.])(?:0[1-9]|1[0-2])\2(?:0[1-9]|[12]\d|3[01])"
                    r"(?:T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)(?![\d-]|\.\d)", 0.9),
        # Day and month without a year need a word that makes them a time: "on 14/3", "see log 22/11".
        # (The cue is checked in validate: a rule that began with it would be tried at every word.)
        Rule("day_month_numeric", r"(?<![\w/.-])(?P<id>(?:[12]\d|3[01]|0?[1-9])/(?:0?[1-9]|1[0-2]))"
                                  r"(?![\d/]|\.\d|\s+of\b)", 0.8),
        # ... or with a full stop and the month's leading zero: "went out on 28.02".
        Rule("day_month_dotted", r"(?<![\w/.-])(?P<id>(?:[12]\d|3[01]|0[1-9])\.(?:0[1-9]|1[0-2]))(?![\d/.%-]|\.\d)", 0.75),
        Rule("month_year", rf"(?<![\w])(?P<id>{_MONTH}{_ANY_YEAR})", 0.7),
        # A day and a lower-case month abbreviation: "my card finish on 1 aug", "3 sept". Not
        # "may" or "mar", which are words.
        Rule("day_month_lower", rf"(?<![\w/.-])(?P<id>(?:[12]\d|3[01]|0?[1-9]){_SUFFIX}?{_SP}"
                                rf"(?:jan|feb|apr|jun|jul|aug|sept?|oct|nov|dec)\.?{_ANY_YEAR}?)(?![^\W\d_])", 0.8),
        # ... and "may" or "mar(ch)" after a day, which no verb follows ("22 march", "5 mar 2024");
        # "may" only with its year ("5 may be enough").
        Rule("day_everyday_month", rf"(?<![\w/.-])(?P<id>(?:[12]\d|3[01]|0?[1-9]){_SUFFIX}?{_SP}"
                                   rf"(?:(?:mar|march)\.?{_ANY_YEAR}?|may{_ANY_YEAR}))(?![^\W\d_])", 0.8),
        # "march 2022", "may seventy-four" in lower case: not after a subject ("we march twenty
        # miles"), checked in validate.
        Rule("month_year_lower", rf"(?<![\w])(?P<id>(?:{alternation(EVERYDAY_MONTHS)}){_ANY_YEAR})", 0.7),
        # The first day of a range whose second names the month: "from the 2nd to the 19th of
        # November", "FROM THE 2ND TO THE 16TH AUGUST".
        # Days joined by a dash, a slash or "and", then the month: "5-7 August", "6-8 March 2023",
        # "21st-23rd March", "7TH/8TH MAY 1941", "19th and 26th February 1971".
        Rule("day_range", rf"(?<![\w/.-])(?P<id>{_DAY}[ \t]*(?:[-–/]|[ \t](?:and|AND|&)[ \t])[ \t]*{_DAY}{_SP}"
                          rf"(?:{_OF}{_SP})?{_MONTH}{_ANY_YEAR}?)(?![^\W\d_])", 0.85),
        Rule("range_start", rf"(?<![\w])(?P<id>{_THE}{_SP}{_DAY_ORD})(?={_SP}(?:to|till|until|and|TO|TILL|UNTIL|AND|-|–){_SP}"
                            rf"(?:{_THE}{_SP})?{_DAY_ORD}{_SP}(?:{_OF}{_SP})?{_MONTH_AFTER_OF}(?![^\W\d_]))", 0.8),
        # A bare day: "on the 23rd", "before the 31st", "on the ninth i remember", "its 29th at 9".
        Rule("bare_day", rf"{_BARE_CUE}(?P<id>{_THE}{_SP}{_DAY_ORD}|(?:[12]\d|3[01]|0?[1-9]){_SUFFIX}){_DAY_END}", 0.75),
        # "the 30th, I'm putting it in", "I think the 7th, they came": a day in figures after
        # "the" needs no word before it. Not the first three, which rank as often as they date
        # ("the 2nd, then the 3rd"); a noun after it makes it no day ("the 18th hole").
        Rule("the_day", rf"(?<![\w])(?P<id>{_THE}{_SP}(?:[12]\d|3[01]|[4-9]){_SUFFIX}){_DAY_END}", 0.7),
        # A weekday and a day: "Tues 14th", "Tuesday the 14th".
        Rule("weekday_day", rf"(?<![\w])(?P<id>{_WEEKDAY}{_SP}(?:{_THE}{_SP})?{_DAY_ORD}){_DAY_END}", 0.8),
        # "this Thursday (23rd)": the day in brackets after its weekday.
        Rule("weekday_bracketed_day", rf"(?<![\w]){_WEEKDAY}{_SP}\((?P<id>{_DAY_ORD})\)", 0.8),
    )
    # Dates in other languages; tried only on text that holds one of their months (below).
    FOREIGN_RULES = _foreign_rules()

    def validate(self, value, match, rule):
        if rule.name == "month_day":
            # "May I" / "March on" are not dates: the day part must be a real day number/ordinal.
            tail = value.split(None, 1)[1] if " " in value else ""
            if not tail:
                return None
        if value in NOT_DATES:
            return None
        if rule.name == "numeric":
            a, b = int(match.group("a")), int(match.group("b"))
            # Day first (UK) or month first (US): one of the two must be a month.
            if not (1 <= a <= 31 and 1 <= b <= 31 and (a <= 12 or b <= 12)):
                return None
        before = match.string[max(0, match.start() - 30):match.start()]
        if rule.name in ("day_month_numeric", "day_month_dotted") and not _DAY_MONTH_CUE.search(before) \
                and not (rule.name == "day_month_numeric" and _ZERO_PADDED.search(value)) \
                and not _dated_entry(match, before):
            return None   # "9/10 people", "28.02": a fraction or a decimal unless a word makes it a time
        if rule.name == "spaced_numeric" and not (
                _BIRTH_CUE.search(match.string, max(0, match.start() - 40), match.start())
                or (len(value) < 10 and (_DAY_MONTH_CUE.search(before) or _DATED_EVENT.search(before)))):
            return None   # "5 9 1979" as counts or scores, unless a date is being given (a
                          # two-figure year also after a day's cue: "on 3 2 25", "hearing is 28 10 25")
        if rule.name == "spaced_numeric" and _COUNTED_AFTER.match(match.string, match.end()):
            return None   # "10 3 25 people": counts
        if rule.name == "month_year_lower" and _SUBJECT_BEFORE.search(before):
            return None   # "we march twenty miles", "you may 2": the verbs
        if rule.name == "bare_day":
            cue = match.group(0)[:match.start("id") - match.start()].strip().lower()
            ordinal = value.split()[-1]
            if ordinal.lower() in SEQUENCE_ORDINALS and cue not in SEQUENCE_CUES:
                return None   # "from the first", "after the second": a sequence, not a day
            if _is_festival(value, match):
                return None
        return rule.score

    def find(self, text: str, doc=None) -> list[Detection]:
        found = super().find(text, doc)
        if _FOREIGN_MONTH.search(text):
            found += self._foreign(text)
        found = drop_nested(found + self._restated(text, found) + self._in_figures_again(text, found))
        # "the 5th of March" is replaced as "the [Date]": the article names no day, and the
        # sentence reads on ("on the [Date]"); the gold guidelines leave it outside the span too
        return [_without_article(d) for d in found]

    def _foreign(self, text: str) -> list[Detection]:
        """ "dwunastego maja", "3 martie 2019", "y pumed o Fai". Their long case-blind
        alternations would cost more than all the English rules if tried on every chunk."""
        if self._foreign_compiled is None:
            type(self)._foreign_compiled = [(r, re.compile(r.regex, r.flags)) for r in self.FOREIGN_RULES]
        return [Detection(m.start("id"), m.end("id"), "DATE", m.group("id"), rule.score, self.NAME, rule=rule.name)
                for rule, regex in self._foreign_compiled for m in regex.finditer(text)]

    def _in_figures_again(self, text: str, found: list[Detection]) -> list[Detection]:
        """A date in words said again in figures just after: the same day and month."""
        out = []
        for d in found:
            day_month = _day_and_month(d.text)
            if day_month is None:
                continue
            for m in _FIGURES_AGAIN.finditer(text, d.end, min(len(text), d.end + FIGURES_AGAIN_WINDOW)):
                if (int(m.group("d")), int(m.group("m"))) == day_month:
                    out.append(Detection(m.start(), m.end(), "DATE", m.group(0), d.score, self.NAME, rule="in_figures"))
                    break
        return out

    def _restated(self, text: str, found: list[Detection]) -> list[Detection]:
        """A bare day said again on its own: "I'm out on the fourteenth anyway. The fourteenth,
        Valentine's." The same words, opening a sentence, close by."""
        out = []
        for d in found:
            if d.rule != "bare_day":
                continue
            said = re.compile(re.escape(d.text).replace(r"\ ", r"\s+"), re.IGNORECASE)
            for m in said.finditer(text, d.end, min(len(text), d.end + self.RESTATE_WINDOW)):
                if opens_sentence(text, m.start(), _NO_LEAD_IN) and not _is_festival(m.group(0), m):
                    out.append(Detection(m.start(), m.end(), "DATE", m.group(0), d.score, self.NAME,
                                         rule="restated"))
        return out


FIGURES_AGAIN_WINDOW = 40


def _without_article(d: Detection) -> Detection:
    m = _ARTICLE.match(d.text)
    if m is None or m.end() >= len(d.text):
        return d
    return replace(d, start=d.start + m.end(), text=d.text[m.end():])


_ARTICLE = re.compile(r"(?:[Tt]he|THE)\s+")


def _day_and_month(value: str) -> tuple[int, int] | None:
    """(day, month) of a date given in words with its month named ("the 4th of december",
    "third of april, twenty-three"), or None."""
    low = value.lower()
    month = next((i + 1 for i, name in enumerate(MONTHS) if name.lower() in low), None)
    if month is None:
        return None
    day = re.search(rf"\b(\d{{1,2}})(?:st|nd|rd|th)?\b|\b({ORDINAL_WORDS})\b", low)
    if day is None:
        return None
    number = int(day.group(1)) if day.group(1) else ordinal_to_int(day.group(2))
    return (number, month) if number else None


# Any month of another language: the gate for their rules.
_FOREIGN_MONTH = re.compile(rf"(?<![\w])(?:{alternation(m for _, months, _ in FOREIGN.values() for m in months)})"
                            r"(?![\w])", re.IGNORECASE)
# Nothing may stand between a sentence start and a restated day.
_NO_LEAD_IN = re.compile(r"[\s,]+$")


def _is_festival(value: str, match: re.Match) -> bool:
    """ "the Twelfth", "the Fourth": an ordinal written with a capital inside a sentence names a
    festival or a holiday, not a day of the month."""
    word = value.split()[-1]
    if not word[:1].isupper() or word.isupper() or word[:1].isdigit():
        return False
    start = match.start("id") if "id" in match.re.groupindex else match.start()
    return not opens_sentence(match.string, start, _NO_LEAD_IN)
