"""The one resolver: which of several overlapping findings stands, and what is left of the others.

Recognisers never judge each other's findings; they all report, and this module settles
every conflict in one order (`precedence`), in the detector (one text) and in the registry
(the whole collection) alike:

1. a manifest's known identifier first;
2. a sure finding before one for review;
3. the longer span ("Tracey Walsh" before "Walsh Road"'s "Walsh");
4. a recogniser's own finding before a propagated mention (its record says more);
5. the more specific type (the type table in detection.py: an NHS number before a date,
   a school before a person, a town before a generic place);
6. the higher score, then the earlier start.

A finding that loses part of its span keeps the free part if something identifying is left
("Tracey" survives a clash between "Tracey Smith" and "Smith Road"). Keep phrases ("Boxing
Day", "Family Court") clip the findings that cross their edges the same way.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import replace
from typing import Callable, Iterable, TypeVar

from anonymise.text.detection import TYPE_RANK, Detection
from anonymise.text.lexicon import Lexicon, cue, normalise
from anonymise.text.scores import ZIPF_FUNCTION_WORD, ZIPF_TOO_COMMON

T = TypeVar("T")
_HONORIFICS = cue("honorifics")
_EDGE_LINKS = cue("edge_links")
_EDGE = " ,.-'’\n\t"
_NAME_START = re.compile(r"(?<![\w'’])[A-Z0-9]\w")
_LAYOUT = re.compile(r"[\n\t<>\[\]()|\"“”:;]| - |  ")
# Words beside a name that are never part of it: a greeting before it, a header field after it.
_NOT_NAME_WORDS = cue("greetings") | cue("header_fields")
# The words that close an organisation's name may be common ("orchard park high"): they still close it.
_HEADS = cue("organisation_heads") | cue("business_words") | cue("lower_name_heads")


def merged_spans(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Overlapping or touching spans joined: the ranges of characters they cover."""
    merged: list[list[int]] = []
    for s, e in sorted(spans):
        if merged and s <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], e)
        else:
            merged.append([s, e])
    return [(s, e) for s, e in merged]


class Cover:
    """Which character ranges a set of spans covers, for quick "is this run inside one?" checks."""

    def __init__(self, spans: Iterable[tuple[int, int]]):
        merged = merged_spans(spans)
        self.starts = [s for s, _ in merged]
        self.ends = [e for _, e in merged]

    def __bool__(self) -> bool:
        return bool(self.starts)

    def covers(self, s: int, e: int) -> bool:
        i = bisect.bisect_right(self.starts, s) - 1
        return i >= 0 and self.ends[i] >= e

    def overlapping(self, s: int, e: int) -> list[tuple[int, int]]:
        """The covered ranges that share a character with s..e, in order."""
        i = max(0, bisect.bisect_right(self.starts, s) - 1)
        out = []
        while i < len(self.starts) and self.starts[i] < e:
            if self.ends[i] > s:
                out.append((self.starts[i], self.ends[i]))
            i += 1
        return out


def precedence(finding) -> tuple:
    """The sort key of the one order: lower wins. Works for detections and registry candidates."""
    known = finding.detector == "known" or getattr(finding, "known", False)
    doubtful = getattr(finding, "uncertain", False) or getattr(finding, "pending", False)
    return (not known, doubtful, -(finding.end - finding.start), finding.detector == "propagation",
            TYPE_RANK.get(finding.type, 99), -finding.score, finding.start)


def select(findings: list[T], leftover: Callable[[T, int, int], T | None] | None = None) -> list[T]:
    """Non-overlapping findings in the one order. `leftover(finding, a, b)` may return what is
    left of a finding that lost part of its span (a..b is a free stretch of it), or None; without
    it a finding that overlaps a better one is dropped whole."""
    starts: list[int] = []        # chosen spans, kept sorted and disjoint
    ends: list[int] = []
    chosen: list[T] = []

    def free_parts(a: int, b: int) -> list[tuple[int, int]]:
        i = max(0, bisect.bisect_right(starts, a) - 1)
        parts, cursor = [], a
        while i < len(starts) and starts[i] < b:
            if ends[i] > cursor:
                if starts[i] > cursor:
                    parts.append((cursor, starts[i]))
                cursor = max(cursor, ends[i])
            i += 1
        if cursor < b:
            parts.append((cursor, b))
        return parts

    def take(item: T) -> None:
        i = bisect.bisect_left(starts, item.start)
        starts.insert(i, item.start)
        ends.insert(i, item.end)
        chosen.append(item)

    for finding in sorted(findings, key=precedence):
        for a, b in free_parts(finding.start, finding.end):
            if (a, b) == (finding.start, finding.end):
                take(finding)
            elif leftover is not None and (part := leftover(finding, a, b)) is not None:
                take(part)
    chosen.sort(key=lambda f: (f.start, f.end))
    return chosen


class Resolver:
    """The resolver for one detector: its lexicon and keep list decide what a leftover is worth."""

    def __init__(self, lexicon: Lexicon, keep: frozenset[str]) -> None:
        self.lexicon = lexicon
        self.keep = keep

    def kept_term(self, value: str) -> bool:
        """On the keep list, also as "the X", or made only of words on it ("Iranian Kurdish")."""
        key = normalise(value)
        if key in self.keep or (key.startswith("the ") and key[4:] in self.keep):
            return True
        words = key.split()
        return len(words) > 1 and all(w in self.keep for w in words)

    def meaningful(self, piece: str) -> bool:
        """Whether the leftover of a clipped span still identifies: a name, a non-word or a
        number ("Tracey"), not a lone ordinary word ("Aid" from "Women's Aid")."""
        g = self.lexicon
        if len(re.findall(r"(?<![\w'’])[A-Z]\w+", piece)) >= 2:
            return True   # several capitalised words: "City College" of "City College Norwich"
        for w in re.findall(r"\w+", piece):
            low = w.lower()
            if w.isupper() and len(w) <= 4 and not any(c.isdigit() for c in w):
                continue   # "TM", "SW": role acronyms left over from "TM Amanda"
            if any(c.isdigit() for c in w) or g.is_name(low) or not g.is_word(low):
                return True
        return False

    def leftover(self, d: Detection, a: int, b: int) -> Detection | None:
        """What is left of `d` in a..b, trimmed of edge punctuation, if it still looks like a
        name or a number and is no title or keep term."""
        sub = d.text[a - d.start:b - d.start]
        a2 = a + len(sub) - len(sub.lstrip(_EDGE))
        b2 = a + len(sub.rstrip(_EDGE))
        rest = d.text[a2 - d.start:b2 - d.start]
        # a trailing link word is no part of what is left ("Jobcentre on", "Arms on")
        while " " in rest.strip() and rest.split()[-1].lower() in _EDGE_LINKS:
            cut = rest.rstrip().rfind(" ")
            b2 = a2 + len(rest[:cut].rstrip(_EDGE))
            rest = d.text[a2 - d.start:b2 - d.start]
        if b2 > a2 and _NAME_START.search(rest) and normalise(rest) not in _HONORIFICS \
                and not self.kept_term(rest) and self.meaningful(rest):
            return replace(d, start=a2, end=b2, text=rest)
        return None

    def select(self, found: list[Detection]) -> list[Detection]:
        return select(self.vouched(found), self.leftover)

    def vouched(self, found: list[Detection]) -> list[Detection]:
        """A finding for review that wholly holds a sure one is sure: the sure part vouches that a
        name is there, and the longer reading only says where it ends ("the HORDEN WELFARE"
        around a sure "HORDEN"). Left for review, it would lose to its own part and leave the
        rest of the name ("WELFARE") in the text, or, kept by a reviewer, publish the sure part
        with it. Only a reading that settles no other conflict (none crossing a sure finding's
        edge: "Carlisle CA3 8" against the postcode "CA3 8TB"; none sure of the same span
        already), and whose extra words could be part of a name: no layout between them
        ("GERRY - Aye", "Tamsin<tab>Easy"), no word as common as "on", "in" or "i" ("the
        jobcentre on king edward street"), and in cased text none in lower case."""
        if all(d.uncertain for d in found) or not any(d.uncertain for d in found):
            return found
        sure = sorted((d.start, d.end, d.score, d.type) for d in found if not d.uncertain)
        out = []
        for d in found:
            if d.uncertain:
                near, i = [], max(0, bisect.bisect_left(sure, (d.start, -1)) - 8)
                while i < len(sure) and sure[i][0] < d.end:   # sure findings are sorted by start
                    if sure[i][1] > d.start:
                        near.append(sure[i])
                    i += 1
                if near and all(d.start <= s and e <= d.end and (s, e) != (d.start, d.end) for s, e, _, _ in near) \
                        and self._name_like(d, [(s, e) for s, e, _, _ in near]):
                    # spaCy's label is a guess the sure part corrects ("S. Ní Bhriain" is no ORG)
                    kind = max(near, key=lambda n: n[1] - n[0])[3] if d.detector == "spacy_ner" else d.type
                    d = replace(d, uncertain=False, score=max(d.score, *(n[2] for n in near)), type=kind)
            out.append(d)
        return out

    def _name_like(self, d: Detection, parts: list[tuple[int, int]]) -> bool:
        """Whether what `d` adds to the sure `parts` inside it may belong to the same name."""
        extra, cursor = [], d.start
        for s, e in sorted(parts):
            extra.append(d.text[cursor - d.start:max(cursor, s) - d.start])
            cursor = max(cursor, e)
        extra.append(d.text[cursor - d.start:])
        if any(_LAYOUT.search(piece) for piece in extra):
            return False
        added = " ".join(extra)
        # In cased text a name's words are capitalised ("Shannon rang" is a name and a verb).
        cased = not d.text.islower()
        for w in re.findall(r"\w+(?:['’]\w+)?", added):
            low = w.lower()
            # A capital in cased text says much: only function words are then too common ("Group"
            # may name, "The" may not); in capitals or lower case the word alone has to say it.
            common = ZIPF_FUNCTION_WORD if w[0].isupper() and not w.isupper() else ZIPF_TOO_COMMON
            if low in _HEADS and not (cased and w[0].islower()):
                continue
            if len(w) == 1 or (cased and w[0].islower()) or self.lexicon.zipf(low) >= common \
                    or low in self.keep or low in _NOT_NAME_WORDS:
                return False   # "Bristol I", "the Culverhouse Cross Asda", "DEAR MR ODUYA", "Role:"
        return True

    def outside(self, text: str, d: Detection, protected: Cover) -> list[Detection]:
        """`d` without the keep phrases crossing its edges: nothing if a phrase holds all of it,
        the part outside if that still looks like a name ("Chantelle" of "Day Chantelle" after
        "Boxing Day"), else nothing."""
        inside = protected.overlapping(d.start, d.end)
        if not inside:
            return [d]
        if inside[0][0] <= d.start and inside[-1][1] >= d.end and len(inside) == 1:
            return []
        # A kept phrase wholly inside a longer name is part of it ("High Street Surgery",
        # "Norwich Family Court"); only one crossing the name's edge is cut off.
        # A generic reference crossing the start ("the school" of "the School of Social Work")
        # protects the generic use, not the name that begins with its noun.
        inside = [(s, e) for s, e in inside if (s < d.start or e > d.end)
                  and not (s < d.start and text[s:e].lower().startswith("the "))]
        if not inside:
            return [d]
        return self.without(d, inside)

    def without(self, d: Detection, spans: list[tuple[int, int]], stands=None) -> list[Detection]:
        """The parts of `d` outside `spans` (sorted, each overlapping `d`) that are still names
        (`leftover`) and, if given, pass `stands`."""
        out, cursor = [], d.start
        for s, e in spans + [(d.end, d.end)]:
            a, b = cursor, min(s, d.end)
            cursor = max(cursor, e)
            if b > a and (part := self.leftover(d, a, b)) is not None and (stands is None or stands(part)):
                out.append(part)
        return out
