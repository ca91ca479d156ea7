"""Words a typist hyphenated across a hard wrap, read whole: "MR MCALLIS-\\nTER", "THE ROBE-\\nRTSONS",
"HUSKIS-\\nSON".

Legacy typescripts break words, names included, at the end of a line. A recogniser or a name list
cannot read "ROBE" and "RTSONS"; it can read "ROBERTSONS". So the detector also reads a copy of
the text in which every such word is whole, and it keeps every offset of that copy an offset of
the text: the joined word ends where the broken one ended, and the hyphen, the line break and any
indent move in front of it as spaces ("THE    ROBERTSONS"). A detection that touches a broken
word, in the text or in the copy, takes all of it, so a replacement takes the whole broken word
across the break.

A compound's hyphen stays ("SIXTY-\\nFIVE" is read "SIXTY-FIVE": both halves are everyday words, and together
no name or place, unlike "PRIEST-\\nLEY" and "ASH-\\nWORTH"), and a
word whose second half runs on into another hyphen is left as it is ("Llanfair-\\nym-Muallt").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anonymise.text.lexicon import Lexicon, cue

_NAME_ENDINGS = cue("name_endings")

_BROKEN = re.compile(r"(?<![\w'’-])(?P<first>[^\W\d_][\w'’]*?[^\W\d_])-[ \t]*\n[ \t]*"
                     r"(?P<second>[^\W\d_][\w'’]*)(?![\w'’-])")


def _stem(word: str) -> str:
    """A word without its possessive ending: "ROW'S" is "row"."""
    return re.sub(r"['’]s$", "", word)


@dataclass(frozen=True)
class Join:
    start: int          # where the broken word begins, in the text and in the copy
    word_start: int     # where the joined word begins in the copy (after the moved spaces)
    end: int            # where both end


def rejoin(text: str, lexicon: Lexicon) -> tuple[str, list[Join]]:
    """The text with words broken at a hard wrap made whole, of the same length, and the joins."""
    joins: list[Join] = []
    chars: list[str] | None = None
    for m in _BROKEN.finditer(text):
        first, second = m.group("first"), m.group("second")
        # A compound keeps its hyphen ("SIXTY-FIVE"); a word the wrap broke loses it ("ROBERTSONS").
        # Unless the word made whole is a name or a place, or ends as English surnames and
        # places do: "PRIEST-\nLEY" is Priestley, "ASH-\nWORTH" Ashworth.
        # Both halves must be everyday words, not rare ones ("HOLDER-\nNESS", "CULLER-\nCOATS",
        # "WHAP-\nLOAD" are Holderness, Cullercoats, Whapload), and the whole no word ("SPAR-\nROW'S").
        whole = (first + second).lower()
        compound = lexicon.zipf(first.lower()) > 0 and lexicon.zipf(_stem(second.lower())) > 0 \
            and not lexicon.is_word(_stem(whole)) \
            and not lexicon.is_name(whole) and lexicon.place_key(whole) is None \
            and not (second.lower() in _NAME_ENDINGS and not lexicon.is_word(whole))
        if chars is None:
            chars = list(text)
        word = first + ("-" if compound else "") + second
        gap = (m.end() - m.start()) - len(word)
        chars[m.start():m.end()] = list(" " * gap + word)
        joins.append(Join(m.start(), m.start() + gap, m.end()))
    return ("".join(chars) if chars is not None else text), joins


def to_text(start: int, end: int, joins: list[Join]) -> tuple[int, int]:
    """A span found in the text or in the rejoined copy, as a span of the text: one that touches
    a broken word takes all of it, both halves and the break between."""
    for j in joins:
        if start < j.end and end > j.start:
            start, end = min(start, j.start), max(end, j.end)
    return start, end
