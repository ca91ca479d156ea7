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

A wrap also breaks names between words: "THEY HAD ME IN SOUTH\\n        SHIELDS POLICE STATION",
"She's at Coventry\\nCollege". Rules read a name's words across spaces, not across a line break,
so in the copy a line break the wrap made is a space (the indent after it stays spaces): the
next line carries on the sentence. A break is the wrap's when the next line's first word would
not have fitted on the line before, at the text's usual line width, and the next line opens no
turn, list item, entry or cue. Lines of a list, a signature or a form are shorter than the
width with room for the next word, so they stay lines.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from anonymise.text.lexicon import Lexicon, cue

_NAME_ENDINGS = cue("name_endings")

# What opens a line of its own: a speaker's label ("MRS D:", "Int -"), a timestamp or cue
# timing, a bullet, a numbered item or a dated entry ("041       FIRST JOB", "12.3.79    MRS."),
# a voice tag. Such a line never carries on the one before.
_OWN_LINE = re.compile(r"[ \t]*(?:[-*•–—>#|]|\d+(?:[.):/-]|[ \t]{2})|\d{1,2}:\d{2}|<v\b|\[|\(|"
                       r"[^\W\d_][\w.'’]*(?:[ \t][\w.'’]+){0,3}[ \t]*(?::|[ \t][-–][ \t]))")
# Rows of a table or register ("A/229 BELL, WILLIAM      19. 5.58 IRVINE"): words set in columns,
# a tab or a run of spaces between them. One row never carries on another, whatever its length.
COLUMNS = re.compile(r"\S(?:\t|[ ]{4,})\S")
_FIRST_WORD = re.compile(r"[ \t]*([^\s]+)")
WRAP_LINES = 4          # lines needed to tell a text's line width
WRAP_SHARE = 0.9        # the width: the line length this share of its lines keep within
WRAP_MIN_WIDTH = 30     # narrower than this, lines are a list's or a form's, never a wrap
WRAP_FULL = 0.75        # a line this share of the width long fills it
# A line that ends a sentence ends no name, unless the stop is an initial's or a title's
# ("MR W.", "MRS.", "GT. YARMOUTH").
_SENTENCE_END = re.compile(r"(?P<word>[^\W\d_]*)[.!?;:][\"'”’)\]]*[ \t]*$")
_ABBREVIATED = cue("abbreviated_titles") | {"gt", "nr"}

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
    """The text with words broken at a hard wrap made whole and its wrapped lines run on, of the
    same length, and the joins."""
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
    return unwrap("".join(chars) if chars is not None else text), joins


def line_width(lines: list[str]) -> int:
    """The width a text is wrapped at: the length nine lines in ten keep within (a heading or a
    long address line does not set it), or 0 for a text of too few lines to tell."""
    lengths = sorted(len(line.rstrip()) for line in lines if line.strip())
    if len(lengths) < WRAP_LINES:
        return 0
    return lengths[min(len(lengths) - 1, int(WRAP_SHARE * len(lengths)))]


def unwrap(text: str) -> str:
    """The text with every line break that a hard wrap made turned into a space, same length."""
    if "\n" not in text:
        return text
    lines = text.split("\n")
    width = line_width(lines)
    if width < WRAP_MIN_WIDTH:
        return text
    chars: list[str] | None = None
    at, block = 0, []
    starts = []
    for line in lines:
        starts.append(at)
        at += len(line) + 1
    for i, line in enumerate(lines + [""]):
        if line.strip():
            block.append(i)
            continue
        # A paragraph is wrapped when its lines but the last nearly fill the width: a list's,
        # a form's or a signature's lines are of all lengths.
        full = [k for k in block[:-1] if len(lines[k].rstrip()) >= WRAP_FULL * width]
        if len(block) >= 2 and len(full) * 3 >= 2 * len(block[:-1]):
            for k in block[:-1]:
                following = lines[k + 1]
                first = _FIRST_WORD.match(following)
                if first and "-->" not in lines[k] and not _ends_sentence(lines[k]) \
                        and len(lines[k].rstrip()) + 1 + len(first.group(1)) > width \
                        and not _OWN_LINE.match(following) \
                        and not (COLUMNS.search(lines[k]) and COLUMNS.search(following)):
                    if chars is None:
                        chars = list(text)
                    chars[starts[k] + len(lines[k])] = " "
        block = []
    return "".join(chars) if chars is not None else text


def _ends_sentence(line: str) -> bool:
    m = _SENTENCE_END.search(line)
    return m is not None and not (m.group(0).lstrip(m.group("word"))[:1] == "." and
                                  (len(m.group("word")) == 1 or m.group("word").lower() in _ABBREVIATED))


def to_text(start: int, end: int, joins: list[Join]) -> tuple[int, int]:
    """A span found in the text or in the rejoined copy, as a span of the text: one that touches
    a broken word takes all of it, both halves and the break between."""
    for j in joins:
        if start < j.end and end > j.start:
            start, end = min(start, j.start), max(end, j.end)
    return start, end
