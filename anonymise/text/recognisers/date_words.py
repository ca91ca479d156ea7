"""The words dates are made of, in one place: month and weekday names in the cases transcripts
write them (Title, UPPER for typescripts, lower for speech recognition), the months and day
ordinals of the other languages participants and interpreters speak in our studies (Polish,
Romanian, Welsh), and the cue words that make a bare ordinal or a day/month pair a date.

Only tables and the small functions that turn them into regex alternations live here; the
rules that use them are in dates.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from anonymise.text.phrases import longest_first

MONTHS = ("January February March April May June July August September October November "
          "December").split()
MONTH_ABBREVIATIONS = "Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split()
# Months that are also everyday lower-case words ("you may", "a march"): in lower case they are
# a month only where the date around them says so ("the 3rd of may", "march 2022").
EVERYDAY_MONTHS = frozenset({"may", "march"})

WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
WEEKDAY_ABBREVIATIONS = "Mon Tue Tues Wed Weds Thu Thur Thurs Fri Sat Sun".split()

# Words that put a bare day ("the 23rd", "the ninth") or a day/month pair ("22/11") at a point
# in time. Low ordinals as words ("the first", "the second") are also sequence words, so they
# count only after "on" (SEQUENCE_CUES).
# ("it was the 27th": the day something happened, said as what it was)
BARE_DAY_CUES = ("on", "before", "after", "by", "until", "till", "til", "since", "from", "for", "it was", "it's", "its")
SEQUENCE_ORDINALS = frozenset({"first", "second", "third"})
SEQUENCE_CUES = ("on",)
DAY_MONTH_CUES = ("on", "since", "from", "until", "till", "by", "before", "after", "for", "dated", "date",
                  "dob", "d.o.b.", "log", "w/c", "wc", "week commencing", "born", "w/b", "wb",
                  "wk beg", "wk beginning", "week beginning", "wk commencing", "wk comm",
                  # notes and minutes: "f/u 27/3", "review 4/5", "mtg 12/6"
                  "f/u", "follow up", "follow-up", "review", "appt", "appointment", "mtg", "meeting", "visit",
                  # logs of contact and posts: "passed on by email 14/11", "texted 3/12", "story 15/11"
                  "email", "e-mail", "emailed", "e-mailed", "texted", "rang", "phoned", "posted", "story",
                  "seen", "sent") \
    + tuple(w.lower() for w in WEEKDAYS + WEEKDAY_ABBREVIATIONS)   # "Fri 15/4", "Tue 26/04" (field notes)

# Other languages: (day words, month names, months that are also common words there and so
# need a year or a day word beside them). Day words are the ordinals a date is spoken with.
FOREIGN = {
    # Polish: a date is the genitive ordinal and the genitive month ("dwunastego maja").
    "pl": (
        ("pierwszego drugiego trzeciego czwartego piątego szóstego siódmego ósmego dziewiątego "
         "dziesiątego jedenastego dwunastego trzynastego czternastego piętnastego szesnastego "
         "siedemnastego osiemnastego dziewiętnastego dwudziestego trzydziestego").split(),
        ("stycznia lutego marca kwietnia maja czerwca lipca sierpnia września października "
         "listopada grudnia").split(),
        frozenset({"maja"}),   # also the first name Maja: only after a day word or digits
    ),
    # Romanian: "3 martie 2019"; "mai" is also "more".
    "ro": (
        (),
        ("ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie "
         "noiembrie decembrie").split(),
        frozenset({"mai", "august"}),
    ),
    # Welsh: "y pumed o Fai"; after "o" the month takes its soft mutation (Mai -> Fai).
    "cy": (
        ("cyntaf ail trydydd trydedd pedwerydd pedwaredd pumed chweched seithfed wythfed nawfed "
         "degfed unfed deuddegfed pymthegfed deunawfed ugeinfed").split(),
        ("Ionawr Chwefror Mawrth Fawrth Ebrill Mai Fai Mehefin Fehefin Gorffennaf Orffennaf Awst "
         "Medi Fedi Hydref Tachwedd Dachwedd Rhagfyr Ragfyr").split(),
        frozenset({"Mawrth", "Fawrth", "Mai", "Fai", "Medi", "Fedi", "Hydref", "Awst"}),
    ),
}
# Welsh ordinals above ten are phrases: "unfed ar ddeg" (11th), "pumed ar hugain" (25th).
WELSH_ORDINAL_TAIL = r"(?:\s+ar\s+(?:ddeg|bymtheg|hugain)(?:\s+ar\s+hugain)?)?"
# Polish compound ordinals: "dwudziestego pierwszego" (21st).
POLISH_ORDINAL_TAIL = (r"(?:\s+(?:pierwszego|drugiego|trzeciego|czwartego|piątego|szóstego|siódmego|"
                       r"ósmego|dziewiątego))?")
# Welsh years in the decimal counting system: "pedwar deg pump" (45), "mil naw cant ..." (19..).
_CY_UNITS = r"(?:un|dau|tri|pedwar|pump|chwech|saith|wyth|naw)"
WELSH_YEAR = rf"(?:(?:mil\s+naw\s+cant\s+(?:a\s+)?)?{_CY_UNITS}\s+deg(?:\s+(?:a\s+)?{_CY_UNITS})?)"


def alternation(words: Iterable[str]) -> str:
    """Longest first, so "Sept" is tried before "Sep"."""
    return longest_first(words)


def cased(words: Iterable[str], lower: bool = True) -> list[str]:
    """Each word as Title case and UPPER case (typescripts), and lower case (speech recognition)
    unless it is an everyday word in lower case."""
    out = []
    for w in words:
        out += [w.title(), w.upper()]
        if lower and w.lower() not in EVERYDAY_MONTHS:
            out.append(w.lower())
    return out


def cue_regex(cues: Iterable[str]) -> str:
    return longest_first(cues, space=r"\s+")


_CALENDAR_WORDS = frozenset(w.lower() for w in MONTHS + WEEKDAYS + MONTH_ABBREVIATIONS + WEEKDAY_ABBREVIATIONS)


def calendar_word(lower: str) -> bool:
    """A month or weekday, whole or shortened ("thurs", "sept")."""
    return lower.strip(".") in _CALENDAR_WORDS


def calendar_range(text: str) -> bool:
    """ "Mon-Thurs", "Jan - Mar": a range of weekdays or months, which names nothing."""
    if "-" not in text:
        return False    # asked of every capitalised word: most have no hyphen
    parts = [part.strip(" .") for part in text.lower().split("-")]
    return len(parts) > 1 and all(part in _CALENDAR_WORDS for part in parts)
