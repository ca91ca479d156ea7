"""Digits a scanner read for letters, read as the letters they stand for: "DANS0N", "M0SS0P",
"EAS1NGTON", "HIST0RY", "PR0SSER".

Typescripts reach the archive as scans put through character recognition, which reads an O as a
zero and an I as a one inside a word. No name list knows "M0SS0P"; every list knows "MOSSOP". So
the detector reads a copy of the text, of the same length, in which such a digit is its letter:
a 0 or a 1 with a letter on both sides, in a word of at least five characters that is letters
otherwise. A one may be an I or an L ("STI1L"): the reading the lexicon knows, as a word, a name
or a place, wins, else the I. Codes keep their digits: a digit at a word's edge or beside another digit ("OL10",
"R0311", "KB02", "B1"), or in a short word ("H1N1", "T1A"), is no slip.
"""

from __future__ import annotations

import re

from anonymise.text.recognisers.date_words import calendar_word

# A word of letters and at most two slips, possessive or not ("McILWRA1TH'S").
_END = r"(?:['’][sS])?(?![\w'’-])"
_SLIP = re.compile(rf"(?<![\w'’-])(?=[A-Za-z01]{{5,}}{_END})(?=(?:[A-Za-z]*[01]){{1,2}}[A-Za-z]*{_END})[A-Za-z01]+")
_LETTERS_FOR = {"0": "O", "1": "IL"}
_DIGIT = re.compile(r"[01]")


def read(text: str, lexicon=None) -> str:
    """`text` with the digits scanned for letters inside words made letters, same length."""
    chars: list[str] | None = None
    done = -1
    # From each 0 or 1 between two letters (rare: a search for the digit skips fast), the word
    # around it.
    for d in _DIGIT.finditer(text):
        at = d.start()
        if at <= done or not (0 < at < len(text) - 1 and (text[at - 1].isalpha() or text[at + 1].isalpha())):
            continue
        start = at
        while start > 0 and (text[start - 1].isalnum() or text[start - 1] in "'’-"):
            start -= 1
        m = _SLIP.match(text, start)
        if m is None:
            continue
        done = m.end()
        word = m.group(0)
        slips = [i for i, c in enumerate(word) if c in _LETTERS_FOR and 0 < i < len(word) - 1
                 and word[i - 1].isalpha() and word[i + 1].isalpha()]
        # A slip at the word's edge ("0CT0BER") only where the whole reading is a word the
        # lexicon knows or a month's or weekday's name: "0CT0BER" is October, "OL10" stays a code.
        edges = [i for i in (0, len(word) - 1) if word[i] in _LETTERS_FOR and word[1 if i == 0 else i - 1].isalpha()]
        reading = _reading(word, slips, lexicon)
        if edges and lexicon is not None:
            with_edges = sorted(slips + edges)
            whole_reading = _reading(word, with_edges, lexicon)
            whole = _read_as(word, with_edges, whole_reading).lower()
            if lexicon.is_word(whole) or calendar_word(whole):
                slips, reading = with_edges, whole_reading
        if not slips:
            continue
        if chars is None:
            chars = list(text)
        for i, letter in zip(slips, reading):
            # the case of the letters around it: "McILWRA1TH", "sch0ol"
            near = word[max(0, i - 1):i + 2].replace("0", "").replace("1", "")
            chars[m.start() + i] = letter if near.isupper() else letter.lower()
    return "".join(chars) if chars is not None else text


def _reading(word: str, slips: list[int], lexicon) -> str:
    """The letters for the slips, one per slip: the first reading the lexicon knows, else the first."""
    readings = [""]
    for i in slips:
        readings = [r + letter for r in readings for letter in _LETTERS_FOR[word[i]]]
    if lexicon is not None:
        for reading in readings:
            low = _read_as(word, slips, reading).lower()
            if lexicon.is_word(low) or lexicon.is_name(low) or lexicon.place_key(low) is not None:
                return reading
    return readings[0]


def _read_as(word: str, slips: list[int], reading: str) -> str:
    """`word` with its slips replaced by the letters of `reading`."""
    chars = list(word)
    for i, letter in zip(slips, reading):
        chars[i] = letter
    return "".join(chars)
