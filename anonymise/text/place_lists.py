"""Places named in a list with a place already found: "Normanton and Arboretum", "(stoke, leek,
crewe)", "mereside, layton, south shore", "Eyres Monsell and Saffron", or with a street or an
address ("16 DANSOM LANE, HULL HU8 7LX").

People list places of one kind together: estates of one city, towns of one county. Once one item
of such a list is a place, the words it is listed with are places too, where they could be one:

- in normally cased text, a capitalised word or two that nothing else explains (not a kept or
  shared word, a weekday, a month, a title), for review: "Arboretum" is also a garden;
- in lower-case or ALL-CAPS stretches, a place the gazetteer lists even when it is also an
  English word ("stoke", "leek"), surely; other words stay, since there a list of places and a
  list of things look alike.

A list here is items joined by a comma, "and", "or", "&" or "/" on one line, each of one to three
words; or the lines of an address block, one item a line, next to a line that is all a place, a
street or an address ("flat 31 tennyson court" / "scholes" / "wigan" / "wn1 3rt"). The word
classes are lexicon cues, the scores in scores.py.
"""

from __future__ import annotations

import re
from typing import Iterable

from anonymise.text import scores
from anonymise.text.detection import Detection
from anonymise.text.lexicon import Lexicon, cue, normalise
from anonymise.text.resolve import Cover

PLACE_TYPES = frozenset({"TOWN", "PLACE", "COUNTY", "LOCAL_AUTHORITY"})
# A street or an address opens a list too: "16 Dansom Lane, Hull", "Coventry Road, Small Heath".
_ADDRESS_TYPES = frozenset({"ADDRESS", "STREET"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")
# What joins two items of a list.
_JOINER = r"(?:[ \t]*[,/&][ \t]*(?:and[ \t]+|or[ \t]+)?|[ \t]+(?:and|or|an['’]?|n['’])[ \t]+)"
_ITEM = r"[^\W\d_][\w'’-]*(?:[ \t][^\W\d_][\w'’-]*){0,2}"
_NEXT = re.compile(rf"(?P<join>{_JOINER})(?P<item>{_ITEM})")
_BEFORE = re.compile(rf"(?P<item>{_ITEM})(?P<join>{_JOINER})$")
# A line of an address block: one to three words, maybe a comma after them.
_BLOCK_LINE = re.compile(rf"[ \t]*(?P<item>{_ITEM})[ \t]*,?[ \t]*$")
_UNEXPLAINED_STOP = (cue("shared_capitalised") | cue("generic_name_words") | cue("compass_words")
                     | cue("honorifics") | cue("person_titles") | cue("role_words") | cue("relations")
                     | cue("leading_stop") | cue("contractions") | cue("pronouns") | cue("determiners"))
RULE = "listed_with_a_place"


def neighbours(text: str, chosen: Iterable[Detection], lexicon: Lexicon, keep: frozenset,
               uncased: Iterable[tuple[int, int]] = ()) -> list[Detection]:
    """Places listed beside a place found in `text` (see the module's docstring)."""
    chosen = list(chosen)
    taken = Cover((d.start, d.end) for d in chosen)
    lower = Cover(uncased)
    out: list[Detection] = []
    seen: set[tuple[int, int]] = set()
    frontier = [d for d in chosen if d.type in PLACE_TYPES | _ADDRESS_TYPES and not d.uncertain]
    while frontier:
        found = []
        for d in frontier:
            for start, end, after, block in _listed_beside(text, d.start, d.end):
                for item in _readings(text, start, end, after):
                    if item in seen:
                        break
                    if taken.overlapping(*item):
                        continue   # "Hull HU8 7LX": the postcode is found; "Hull" may be a place
                    detection = _place(text, item, lexicon, keep, lower, listed_only=block)
                    if detection is not None:
                        seen.add(item)
                        found.append(detection)
                        break
        out += found
        frontier = [d for d in found if not d.uncertain]   # "a, b, c": the list goes on
    return out


def _listed_beside(text: str, start: int, end: int) -> list[tuple[int, int, bool, bool]]:
    """The items joined to text[start:end] on its line, or on the lines beside it in an address
    block: (start, end, whether it comes after, whether it is a block's line)."""
    line_start = text.rfind("\n", 0, start) + 1
    out = []
    after = _NEXT.match(text, end)
    if after:
        out.append((*after.span("item"), True, False))
    before = _BEFORE.search(text, max(line_start, start - 60), start)
    if before:
        out.append((*before.span("item"), False, False))
    # An address block: the place is all of its line, and so is the item on the line beside.
    line_end = text.find("\n", end)
    line_end = len(text) if line_end < 0 else line_end
    whole_line = not text[line_start:start].strip() and text[end:line_end].strip() in ("", ",")
    if whole_line and line_end < len(text):
        nxt_end = text.find("\n", line_end + 1)
        nxt_end = len(text) if nxt_end < 0 else nxt_end
        m = _BLOCK_LINE.match(text, line_end + 1, nxt_end)
        if m:
            out.append((*m.span("item"), True, True))
    if whole_line and line_start > 0:
        prev_start = text.rfind("\n", 0, line_start - 1) + 1
        m = _BLOCK_LINE.match(text, prev_start, line_start - 1)
        if m:
            out.append((*m.span("item"), False, True))
    return out


def _readings(text: str, start: int, end: int, after: bool) -> list[tuple[int, int]]:
    """The spans the item may name a place by, longest first: the one to three words next to the
    joiner (the first ones of an item after the place, the last ones of an item before it),
    without an opening word ("and then Layton" -> "Layton"), all capitalised if the word at the
    joiner is ("Eyres Monsell"); in lower case each length is tried, since "crewe was best" is
    "crewe" and "three towns now stoke" is "stoke"."""
    words = [(start + m.start(), start + m.end()) for m in _WORD.finditer(text[start:end])]
    if not after:
        words.reverse()   # walk away from the joiner
    if after:
        while words and normalise(text[words[0][0]:words[0][1]]) in _UNEXPLAINED_STOP:
            words.pop(0)
    if not words:
        return []
    n = 1
    while n < len(words) and (text[words[n][0]].isupper() if text[words[0][0]].isupper() else
                              normalise(text[words[n][0]:words[n][1]]) not in _UNEXPLAINED_STOP):
        n += 1
    spans = [words[:k] for k in range(n, 0, -1)]
    return [(min(a for a, _ in part), max(b for _, b in part)) for part in spans]


def _place(text: str, item: tuple[int, int], lexicon: Lexicon, keep: frozenset, lower: Cover,
           listed_only: bool = False) -> Detection | None:
    """A place, if the item may be one. A line of an address block must be a listed place: a
    heading's next line ("Leeds" / "Focus group") is no address."""
    start, end = item
    value = text[start:end]
    key = normalise(value)
    if key in keep or any(w in keep or w in _UNEXPLAINED_STOP for w in key.split()):
        return None
    listed = lexicon.place_key(key) is not None
    if listed_only and not listed:
        return None
    if lower and lower.covers(start, end):
        if not listed:
            return None
        return Detection(start, end, "TOWN", value, scores.PLACE_IN_A_LIST, "propagation", False, RULE)
    if not value[:1].isupper() or value.isupper():
        return None
    if listed:
        return Detection(start, end, "TOWN", value, scores.PLACE_IN_A_LIST, "propagation", False, RULE)
    if any(lexicon.is_name(w) and not lexicon.is_word(w) for w in key.split()):
        return None   # "Leeds and Sunita": a person, for the name recognisers
    return Detection(start, end, "PLACE", value, scores.PLACE_IN_A_LIST_UNLISTED, "propagation", True, RULE)
