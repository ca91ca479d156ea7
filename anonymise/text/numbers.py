"""Numbers as people say them: "fourteen", "twenty-one", "the twelfth", "oh seven seven double oh".

Shared by the phone, age and date recognisers and by the replacement step, which turns an exact
age into a band ("[aged 13–15]") and so needs the number behind "he's fourteen".
"""

from __future__ import annotations

import re

from anonymise.text.phrases import longest_first

UNITS = {
    "zero": 0, "nought": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
    "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
        "eighty": 80, "ninety": 90}
ORDINAL_UNITS = {
    "first": 1, "second": 2, "third": 3, "fourth": 4, "fifth": 5, "sixth": 6, "seventh": 7,
    "eighth": 8, "ninth": 9, "tenth": 10, "eleventh": 11, "twelfth": 12, "thirteenth": 13,
    "fourteenth": 14, "fifteenth": 15, "sixteenth": 16, "seventeenth": 17, "eighteenth": 18,
    "nineteenth": 19, "twentieth": 20, "thirtieth": 30,
}

# Regex fragments the recognisers share, so "twenty-one" means the same thing everywhere.
_UNIT_ALT = longest_first(UNITS)
_TENS_ALT = longest_first(TENS)
_ORD_ALT = longest_first(ORDINAL_UNITS)
NUMBER_WORDS = rf"(?:(?:{_TENS_ALT})(?:[ -](?:{_UNIT_ALT}))?|{_UNIT_ALT})"
ORDINAL_WORDS = rf"(?:(?:twenty|thirty)[ -](?:{_ORD_ALT})|{_ORD_ALT})"
CARDINAL = rf"(?:\d{{1,3}}|{NUMBER_WORDS})"
# The part of a year people add to a child's age: "two and a half", "six and three-quarters",
# "four and a bit" (a hard wrap may fall inside it).
# "and" as speech has it too: "four an' a half" (Lancashire), "three an a bit"
SPOKEN_AND = r"(?:and|an['’]?)"
AND_A_BIT = rf"(?:(?:\s+|-){SPOKEN_AND}(?:\s+|-)(?:a(?:\s+|-)half|a\s+bit|(?:a|one|two|three)[\s-]quarters?))"

# Welsh numbers, as ages are said in Welsh: units with the forms a mutation gives them ("ddau"
# after "yn", "bedwar" after "ei"); the bases counted onto in the old way ("un ar ddeg", 11;
# "un ar bymtheg", 16; "deuddeg a thrigain", 72) and tens in the new ("saith deg un", 71).
WELSH_UNITS = {
    "un": 1, "dau": 2, "ddau": 2, "dwy": 2, "ddwy": 2, "tri": 3, "dri": 3, "thri": 3, "tair": 3,
    "dair": 3, "pedwar": 4, "bedwar": 4, "pedair": 4, "bedair": 4, "pump": 5, "bump": 5, "pum": 5,
    "bum": 5, "chwech": 6, "chwe": 6, "saith": 7, "wyth": 8, "naw": 9,
}
WELSH_BASES = {
    "deg": 10, "ddeg": 10, "deuddeg": 12, "ddeuddeg": 12, "pymtheg": 15, "bymtheg": 15,
    "deunaw": 18, "ddeunaw": 18, "ugain": 20, "hugain": 20, "deugain": 40, "ddeugain": 40,
    "trigain": 60, "thrigain": 60,
}
_W_UNIT = longest_first(WELSH_UNITS)
_W_BASE = longest_first(WELSH_BASES)
# Numbers of more than one word: "saith deg un" (tens), "un ar bymtheg" (counted onto a base).
_W_SEVERAL = (rf"(?:{_W_UNIT})\s+d?deg(?:\s+(?:{_W_UNIT}))?"
              rf"|(?:{_W_UNIT}|{_W_BASE})\s+(?:ar|a|ac)\s+(?:{_W_BASE})")
WELSH_NUMBER = rf"(?:{_W_SEVERAL}|{_W_BASE}|{_W_UNIT})"
# Welsh numbers of more than one word, or words no English speaker says alone ("un", "naw" and
# "pump" are English and Scots words too).
WELSH_NUMBER_UNMISTAKABLE = (rf"(?:{_W_SEVERAL}|{_W_BASE}"
                             rf"|{longest_first(set(WELSH_UNITS) - {'un', 'naw', 'pump', 'pum', 'tri', 'dau'})})")


def welsh_to_int(text: str) -> int | None:
    """ "naw" -> 9, "un ar bymtheg" -> 16, "saith deg un" -> 71, "deuddeg a thrigain" -> 72."""
    words = text.lower().split()
    one = lambda w: WELSH_UNITS.get(w, WELSH_BASES.get(w))   # noqa: E731
    if len(words) == 1:
        return one(words[0])
    if len(words) in (2, 3) and words[1] in ("deg", "ddeg") and words[0] in WELSH_UNITS:
        return WELSH_UNITS[words[0]] * 10 + (WELSH_UNITS.get(words[2], 0) if len(words) == 3 else 0)
    if len(words) == 3 and words[1] in ("ar", "a", "ac") and one(words[0]) and words[2] in WELSH_BASES:
        return one(words[0]) + WELSH_BASES[words[2]]
    return None


_DIGIT_WORDS = {"oh": "0", "o": "0", "zero": "0", "nought": "0", "nil": "0", "one": "1",
                "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
                "eight": "8", "nine": "9"}
_REPEAT = {"double": 2, "triple": 3, "treble": 3}
# Every word a number is read out with, figure by figure.
SPOKEN_DIGIT_WORDS = frozenset(_DIGIT_WORDS) | frozenset(_REPEAT)
SPOKEN_DIGIT_TOKEN = r"(?:oh|o|zero|nought|nil|one|two|three|four|five|six|seven|eight|nine|double|triple|treble|\d+)"


def words_to_int(text: str) -> int | None:
    """ "fourteen" -> 14, "twenty-one" -> 21, "21" -> 21, "a hundred" -> 100; None if not a number."""
    t = text.strip().lower().replace("-", " ")
    if not t:
        return None
    if t.isdigit():
        return int(t)
    total = 0
    current = 0
    seen = False
    for word in t.split():
        if word in ("and", "a"):
            continue
        if word in UNITS:
            current += UNITS[word]
        elif word in TENS:
            current += TENS[word]
        elif word == "hundred":
            current = (current or 1) * 100
        elif word == "thousand":
            total += (current or 1) * 1000
            current = 0
        elif word.isdigit():
            current += int(word)
        else:
            return None
        seen = True
    return total + current if seen else None


def ordinal_to_int(text: str) -> int | None:
    """ "twelfth" -> 12, "twenty-first" -> 21, "3rd" -> 3."""
    t = text.strip().lower().replace("-", " ")
    m = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)?", t)
    if m:
        return int(m.group(1))
    parts = t.split()
    if len(parts) == 1:
        return ORDINAL_UNITS.get(parts[0])
    if len(parts) == 2 and parts[0] in TENS and parts[1] in ORDINAL_UNITS and ORDINAL_UNITS[parts[1]] < 10:
        return TENS[parts[0]] + ORDINAL_UNITS[parts[1]]
    return None


def spoken_digits(text: str) -> str | None:
    """ "oh seven seven double oh nine" -> "077009"; digit groups may be mixed in ("oh 7700 900")."""
    out: list[str] = []
    repeat = 0
    for word in re.findall(r"[a-z]+|\d+", text.lower()):
        if word in _REPEAT:
            if repeat:
                return None
            repeat = _REPEAT[word]
            continue
        if word.isdigit():
            digits = word
        elif word in _DIGIT_WORDS:
            digits = _DIGIT_WORDS[word]
        elif word in ("and", "then"):
            continue
        else:
            return None
        if repeat:
            out.append(digits[0] * repeat + digits[1:])
            repeat = 0
        else:
            out.append(digits)
    if repeat or not out:
        return None
    return "".join(out)


# A run of number words as a number is read out ("ELEVEN-FORTY-SEVEN", "twenty-seven thirty",
# "three three oh six"), a hard wrap allowed inside.
SAID_NUMBER_RUN = rf"(?:{NUMBER_WORDS}|oh|hundred)(?:[\s-]+(?:{NUMBER_WORDS}|oh|hundred))+"


def number_read_out(text: str) -> str | None:
    """The figures of a number read out in groups of one or two: "eleven forty-seven" -> "1147",
    "twenty-seven thirty" -> "2730", "three three oh six" -> "3306", "four hundred" -> "400"."""
    tokens = re.findall(r"[a-z]+", text.lower())
    out: list[str] = []
    i = 0
    while i < len(tokens):
        word = tokens[i]
        if word in TENS:
            value = TENS[word]
            if i + 1 < len(tokens) and 1 <= UNITS.get(tokens[i + 1], 0) <= 9:
                value += UNITS[tokens[i + 1]]
                i += 1
            out.append(str(value))
        elif word in UNITS:
            out.append(str(UNITS[word]))
        elif word in _DIGIT_WORDS:
            out.append(_DIGIT_WORDS[word])
        elif word == "hundred" and out:
            out[-1] += "00"
        else:
            return None
        i += 1
    return "".join(out) or None


_AGE_NUMBER = re.compile(rf"(?<!\d)(\d{{1,3}})(?!\d)|\b({NUMBER_WORDS})\b", re.IGNORECASE)
_AGE_ORDINAL = re.compile(rf"\b({ORDINAL_WORDS})\b", re.IGNORECASE)
_WELSH_AGE = re.compile(WELSH_NUMBER, re.IGNORECASE)


def parse_age(text: str) -> int | None:
    """The age in years inside an AGE span: "fourteen", "a 14-year-old", "aged 9", "18 months old".

    Ages given in months ("18 months old") are returned in whole years (1), so the band is right.
    """
    m = _AGE_NUMBER.search(text)
    if m:
        value = words_to_int(m.group(1) or m.group(2))
    elif _WELSH_AGE.fullmatch(text.strip()):
        value = welsh_to_int(text)   # "un ar bymtheg"
    else:
        m = _AGE_ORDINAL.search(text)   # "her sixteenth birthday"
        value = ordinal_to_int(m.group(1)) if m else None
    if value is None:
        return None
    if re.search(r"\bmonths?\b", text, re.IGNORECASE):
        return value // 12
    return value


# -------------------------------------------------------------------------- check digits
# The identifier recognisers validate what they find with the issuer's own check, so a random
# run of digits is rarely taken for an identifier and a real one needs no context word.

def mod11_ok(digits: str) -> bool:
    """The modulus-11 check digit of NHS (England and Wales), CHI (Scotland) and Health and Care
    (Northern Ireland) numbers: weights 10..2 on the first nine digits; 11 means 0, 10 is invalid."""
    if len(digits) != 10 or not digits.isdigit():
        return False
    total = sum(int(d) * w for d, w in zip(digits[:9], range(10, 1, -1)))
    check = 11 - total % 11
    if check == 11:
        check = 0
    return check != 10 and check == int(digits[9])


def luhn_ok(digits: str) -> bool:
    """The Luhn check of payment card numbers: every second digit from the right doubled."""
    if not digits.isdigit() or len(digits) < 2:
        return False
    total = 0
    for i, c in enumerate(reversed(digits)):
        d = int(c)
        if i % 2:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0

