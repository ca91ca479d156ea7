"""Where one subtitle cue ends and the next begins, for the recognisers that read a number said
across two cues ("07700 900" then "418", "jk 40" then "73 18 c").

Speech recognition cuts its cues by time, not by sense, so an identifier may start at the end of
one cue and finish in the next. Such an identifier is found across the break but replaced piece
by piece: the cue number, the timing line and the speaker tag between the pieces are layout and
stay as they are.
"""

from __future__ import annotations

import re

# The marks that open a cue's text when its speaker changes: ">> " and the dialogue dash "- ".
TURN_MARK = r"(?:>>|-(?=[^\S\n]))"
# Line breaks, an SRT cue number, a timing line ("00:01:54.840 --> 00:01:57.904") and a speaker
# tag ("<v SPEAKER_01>", "SPEAKER_01:", "Speaker 2:") or turn mark.
CUE_BREAK = (r"[^\S\n]*\n(?:[^\S\n]*\n)*(?:\d+[^\S\n]*\n)?"
             r"(?:(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}[^\S\n]*-->[^\n]*\n)?"
             rf"(?:<v[^>]*>|[A-Z][\w ]{{0,24}}:[^\S\n]|{TURN_MARK})?[^\S\n]*")
# A break that really crosses into another cue: a timing line in it.
_CROSSING = re.compile(CUE_BREAK.replace(r"-->[^\n]*\n)?", r"-->[^\n]*\n)"))
# What every text with cues holds: a gate for the rules that read across them.
NEEDS_CUES = r"-->"
# The layout alone between two cues' words: the speaker tag that may open the next cue is words
# ("<v Tamsin>" names her), so it is not part of it; a turn mark is.
_LAYOUT = re.compile(r"[^\S\n]*\n(?:[^\S\n]*\n)*(?:[^\n]*\n)?(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}[^\S\n]*-->[^\n]*\n"
                     rf"(?:{TURN_MARK}[^\S\n]*)?")


def joined_cues(text: str) -> tuple[str, list[int]] | None:
    """The text with the layout between cues cut out and one space in its place, so that the
    words either side of a cut read as one sentence ("works at" | "top notch barbers"), and for
    each of its characters the offset in the text; None when the text has no cues."""
    if "-->" not in text:
        return None
    parts, positions, at = [], [], 0
    for m in _LAYOUT.finditer(text):
        parts += [text[at:m.start()], " "]
        positions += [*range(at, m.start()), m.start()]
        at = m.end()
    if not at:
        return None
    parts.append(text[at:])
    positions += range(at, len(text))
    return "".join(parts), positions


def pieces(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The parts of text[start:end] outside the cue breaks that cross into another cue."""
    out, at = [], start
    for m in _CROSSING.finditer(text, start, end):
        if m.start() > at:
            out.append((at, m.start()))
        at = m.end()
    if end > at:
        out.append((at, end))
    return out


def joined(value: str) -> str:
    """The identifier with the cue breaks inside it taken out ("jk 40 73 18 c")."""
    return _CROSSING.sub(" ", value)
