"""Where turns and sentences begin in transcript text, for recognisers that read a word by its
place in the conversation: an answer to "how old is he?" on the next turn ("Fifteen, yeah."),
or a value said again on its own ("He was ten at the time. Ten.").

Transcripts mark turns in many ways: "MOTHER: ", "JORDAN - ", "r - ", "[TAID] ", "**Jac**: ",
"<v SPEAKER_01>", a timestamp before the label, a tab-separated label; subtitle files put cue
numbers and timings on lines of their own. Pure functions over the text and character offsets.
"""

from __future__ import annotations

import re

# A line that carries no speech: a subtitle cue number or timing, the WEBVTT header, a blank.
_NOISE_LINE = re.compile(r"[ \t]*(?:WEBVTT\b.*|NOTE\b.*|\d+|[\d:.,]+[ \t]*-->.*)?[ \t]*")
# What may stand before the words of a turn: a timestamp, then a speaker label.
# Live captions mark a change of speaker with ">>"; a diarised export opens each line with its
# start and end seconds and a tab ("31.79\t35.45\tSPEAKER_01\t"); a label may carry a note in
# brackets ("YP03 (English):"); typed transcripts label turns "Q." / "A." or with initials
# ("A.H. FOURTEEN.").
_TURN_PREFIX = re.compile(
    r"[ \t]*(?:>>[ \t]*)?(?:[\[(]?\d{1,2}:\d{2}(?::\d{2})?(?:[.,]\d+)?[\])]?[ \t]*|(?:\d+(?:\.\d+)?\t){1,2})?"
    r"(?:<v\s[^>\n]*>|\[[^\]\n]{1,30}\][ \t]*:?|\*\*[^*\n]{1,30}\*\*[ \t]*:?|"
    r"(?:[A-Z]\.){1,3}[ \t]+(?=\S)|"
    r"[^\W\d][\w.'’ ]{0,30}?(?:[ \t]*\([^()\n]{1,20}\))?(?:[ \t]*:|\t|[ \t]+[-–—][ \t]))?[ \t]*")
# Where a sentence ends inside a turn; "..." and a dash are pauses a speaker restarts after.
_SENTENCE_END = re.compile(r"(?:[.!?…:;]|--|—|–)[\s\"”’)]*$")


def line_bounds(text: str, pos: int) -> tuple[int, int]:
    start = text.rfind("\n", 0, pos) + 1
    end = text.find("\n", pos)
    return start, len(text) if end < 0 else end


def content_start(text: str, line_start: int, line_end: int) -> int:
    """Offset where the spoken words of the line begin, after any timestamp and speaker label."""
    m = _TURN_PREFIX.match(text, line_start, line_end)
    return m.end() if m else line_start


def next_turns(text: str, pos: int, count: int) -> list[tuple[int, int]]:
    """The spoken part (start, end) of the `count` lines with speech after the line holding pos."""
    out: list[tuple[int, int]] = []
    _, end = line_bounds(text, pos)
    while len(out) < count and end < len(text):
        start = end + 1
        _, end = line_bounds(text, start)
        if _NOISE_LINE.fullmatch(text, start, end):
            continue
        out.append((content_start(text, start, end), end))
    return out


def opens_sentence(text: str, pos: int, lead_ins: re.Pattern) -> bool:
    """Whether only lead-in words ("yes,", "um", "maybe") stand between pos and the start of a
    turn or of a sentence: the word at pos is said on its own, not inside a longer clause."""
    line_start, line_end = line_bounds(text, pos)
    begin = content_start(text, line_start, line_end)
    if pos < begin:
        return False
    before = text[begin:pos]
    while True:
        m = lead_ins.search(before)
        if not m or m.start() == len(before):
            break
        before = before[:m.start()]
    return not before.strip() or _SENTENCE_END.search(before) is not None
