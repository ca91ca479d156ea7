"""Where one subtitle cue ends and the next begins, for the recognisers that read a number said
across two cues ("07700 900" then "418", "jk 40" then "73 18 c").

Speech recognition cuts its cues by time, not by sense, so an identifier may start at the end of
one cue and finish in the next. Such an identifier is found across the break but replaced piece
by piece: the cue number, the timing line and the speaker tag between the pieces are layout and
stay as they are.

Exports without timing lines cut a speaker's talk the same way: a meeting tool's transcript
repeats the speaker's name and time over each stretch ("Siobhan Kearney   6:25" | "yeah my work
mobile is 07700 900" | "Siobhan Kearney   6:29" | "862 monday to thursday"), a diarised export
its label ("SPEAKER_01: ..."). Where the same speaker goes on, that heading is layout too.
"""

from __future__ import annotations

import re

# The marks that open a cue's text when its speaker changes: ">> " and the dialogue dash "- ".
TURN_MARK = r"(?:>>|-(?=[^\S\n]))"
# Line breaks, an SRT cue number, a timing line ("00:01:54.840 --> 00:01:57.904") and a speaker
# tag ("<v SPEAKER_01>", "SPEAKER_01:", "Speaker 2:") or turn mark.
CUE_BREAK = (r"(?:</v>)?[^\S\n]*\n(?:[^\S\n]*\n)*(?:\d+[^\S\n]*\n)?"
             r"(?:(?:\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{1,3}[^\S\n]*-->[^\n]*\n)?"
             rf"(?:<v[^>]*>|[A-Z][\w ]{{0,24}}:[^\S\n]|{TURN_MARK})?[^\S\n]*")
# A speaker's heading over a stretch of talk, alone on its line ("Siobhan Kearney   6:29"), or
# a diarised label opening it ("SPEAKER_01: "); the same speaker going on makes it layout
# (joined_cues). Names as labels ("Jordan:") are left out: interview transcripts are full of
# them, and reading every such text twice cost a fifth of the detector's speed.
_HEADING = (r"(?:\A|(?:</v>)?[^\S\n]*\n(?:[^\S\n]*\n)*)[^\S\n]*(?:"
            r"(?P<heading>[^\W\d_][^\n<>:]{0,40}?)[ \t]{2,}(?:\d{1,2}:)?\d{1,2}:\d{2}[^\S\n]*\n|"
            r"(?P<label>SPEAKER_\d+|[Ss]peaker \d+):[^\S\n]+)")
_HEADINGS = re.compile(_HEADING)
# A break that really crosses into another cue: a timing line in it, or a speaker's heading.
_CROSSING = re.compile(CUE_BREAK.replace(r"-->[^\n]*\n)?", r"-->[^\n]*\n)") + "|" + _HEADING)
# What every text with cues holds: a gate for the rules that read across them.
NEEDS_CUES = r"-->"
# The layout alone between two cues' words: the speaker tag that may open the next cue is words
# ("<v Tamsin>" names her), so it is not part of it; a turn mark is.
_VOICE = re.compile(r"<v[ .]([^>]*)>")
_LAYOUT = re.compile(r"[^\S\n]*\n(?:[^\S\n]*\n)*(?:[^\n]*\n)?(?:\d+:)?\d{1,2}:\d{2}[.,]\d{1,3}[^\S\n]*-->[^\n]*\n"
                     rf"(?:{TURN_MARK}[^\S\n]*)?")


def joined_cues(text: str) -> tuple[str, list[int]] | None:
    """The text with the layout between cues cut out and one space in its place, so that the
    words either side of a cut read as one sentence ("works at" | "top notch barbers"), and for
    each of its characters the offset in the text; None when the text has no cues. A voice tag
    that only says the same speaker goes on ("</v>" ... "<v Shabnam>" after "<v Shabnam>") is
    cut with the layout, as is a heading repeating the speaker of the one before."""
    cuts = _cue_cuts(text) if "-->" in text else []
    cuts += _heading_cuts(text)
    if not cuts:
        return None
    parts, positions, at = [], [], 0
    for start, end in sorted(cuts):
        if start < at:
            continue
        parts += [text[at:start], " "]
        positions += [*range(at, start), start]
        at = end
    parts.append(text[at:])
    positions += range(at, len(text))
    return "".join(parts), positions


def _cue_cuts(text: str) -> list[tuple[int, int]]:
    out = []
    for m in _LAYOUT.finditer(text):
        start, end = m.start(), m.end()
        tag = _VOICE.match(text, end)
        if tag:
            before = _last_voice(text, start)
            if before != tag.group(1):
                out.append((start, end))
                continue
            end = tag.end()
            if text.endswith("</v>", 0, start):
                start -= len("</v>")
        out.append((start, end))
    return out


def _heading_cuts(text: str) -> list[tuple[int, int]]:
    """The headings that repeat the speaker of the heading before."""
    out, speaker = [], None
    for m in _HEADINGS.finditer(text):
        name = m.group("heading") or m.group("label")
        if name == speaker and m.start() > 0:
            out.append((m.start(), m.end()))
        speaker = name
    return out


def _last_voice(text: str, before: int) -> str | None:
    at = text.rfind("<v", 0, before)
    m = _VOICE.match(text, at) if at >= 0 else None
    return m.group(1) if m else None


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
