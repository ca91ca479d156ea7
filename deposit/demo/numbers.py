"""UK identifier numbers with valid check digits, and their spoken/written shapes.

Detectors that validate check digits (NHS mod 11, UPN mod 23) would rightly
ignore random digits, so the demo plants numbers a real record could hold.
Phone numbers come from Ofcom's ranges reserved for drama, so none can ring anyone.
Everything takes a `random.Random` so the caller's seed decides every value.
"""

from __future__ import annotations

import random
import string

NHS_WEIGHTS = range(10, 1, -1)
# UPN check letters: 23 letters, I, O and S left out (DfE common basic data set).
UPN_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
# NI prefixes: first letter never D F I Q U V; second never D F I O Q U V; some pairs never issued.
NI_FIRST = [c for c in string.ascii_uppercase if c not in "DFIQUV"]
NI_SECOND = [c for c in string.ascii_uppercase if c not in "DFIOQUV"]
NI_BANNED = {"BG", "GB", "NK", "KN", "TN", "NT", "ZZ"}

# Ofcom drama ranges: (area code, local prefix) with 3-4 free digits after the prefix.
LANDLINES = [("0113", "496 0"), ("0114", "496 0"), ("0115", "496 0"), ("0116", "496 0"),
             ("0117", "496 0"), ("0118", "496 0"), ("0121", "496 0"), ("0161", "496 0"),
             ("0191", "498 0"), ("020", "7946 0"), ("01632", "960")]
DIGIT_WORDS = ["oh", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]


def nhs_check_digit(first9: str) -> int | None:
    """None when the remainder gives 10: such numbers are never issued."""
    total = sum(int(d) * w for d, w in zip(first9, NHS_WEIGHTS))
    check = 11 - total % 11
    if check == 11:
        return 0
    return None if check == 10 else check


def nhs_number(rng: random.Random) -> str:
    while True:
        first9 = str(rng.randint(4, 6)) + "".join(str(rng.randint(0, 9)) for _ in range(8))
        check = nhs_check_digit(first9)
        if check is not None:
            digits = first9 + str(check)
            return rng.choice([f"{digits[:3]} {digits[3:6]} {digits[6:]}", digits, f"{digits[:3]}-{digits[3:6]}-{digits[6:]}"])


def ni_number(rng: random.Random) -> str:
    while True:
        prefix = rng.choice(NI_FIRST) + rng.choice(NI_SECOND)
        if prefix not in NI_BANNED:
            break
    digits = "".join(str(rng.randint(0, 9)) for _ in range(6))
    suffix = rng.choice("ABCD")
    if rng.random() < 0.5:
        return f"{prefix} {digits[:2]} {digits[2:4]} {digits[4:]} {suffix}"
    return f"{prefix}{digits}{suffix}"


def upn_check_letter(last12: str) -> str:
    """Positions 2-13 weighted 2-13, sum mod 23 indexes UPN_LETTERS."""
    total = sum(int(c) * weight for c, weight in zip(last12, range(2, 14)))
    return UPN_LETTERS[total % 23]


def upn(rng: random.Random, la_code: int, year: int) -> str:
    body = f"{la_code:03d}{rng.randint(2000, 7999):04d}{year % 100:02d}{rng.randint(1, 999):03d}"
    return upn_check_letter(body) + body


def phone_number(rng: random.Random, mobile: bool | None = None) -> str:
    """A number in one of the written shapes people use (spacing, +44, brackets)."""
    if mobile is None:
        mobile = rng.random() < 0.6
    if mobile:
        tail = f"{rng.randint(0, 999):03d}"
        return rng.choice([f"07700 900{tail}", f"07700900{tail}", f"+44 7700 900{tail}",
                           f"07700 900 {tail}", f"+447700900{tail}"])
    area, prefix = rng.choice(LANDLINES)
    tail = f"{rng.randint(0, 999):03d}"
    local = f"{prefix}{tail}"
    return rng.choice([f"{area} {local}", f"({area}) {local}", f"{area}{local.replace(' ', '')}"])


def spoken_phone(rng: random.Random) -> str:
    """A mobile number read aloud as a transcriber would type it."""
    digits = f"07700900{rng.randint(0, 999):03d}"
    words, i = [], 0
    while i < len(digits):
        if i + 1 < len(digits) and digits[i] == digits[i + 1] and rng.random() < 0.7:
            words.append("double " + DIGIT_WORDS[int(digits[i])])
            i += 2
        else:
            words.append(DIGIT_WORDS[int(digits[i])])
            i += 1
    return " ".join(words)


def case_reference(rng: random.Random) -> str:
    return f"CR-{rng.randint(100000, 999999)}"


def court_reference(rng: random.Random, court_code: str, year: int) -> str:
    """Family court case numbers look like NR13C00421: court, year, C for care, serial."""
    return f"{court_code}{year % 100:02d}C{rng.randint(1, 2999):05d}"
