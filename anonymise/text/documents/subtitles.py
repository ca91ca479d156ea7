"""Subtitle transcripts (WebVTT .vtt, SubRip .srt), as speech recognition exports them.

The text pass reads the whole file as one unit, cue lines and all, so every offset maps
back to the file exactly and the detector sees a name split over two cues as one name (it
treats cue numbers and timings as layout, anonymise/text/structure.py). Only the spoken
words can change: the WEBVTT header, STYLE and REGION blocks, cue identifiers and numbers,
timing lines with their settings, and markup tags (<i>, <c.loud>, <00:00:01.000>, an SRT
{\\an8}) are layout pieces that are written back untouched. A voice tag's annotation is
words (<v Tamsin> names her; <v SPEAKER_01> is kept, being a generic label), and so is a
NOTE's text. When a name runs over two cues, the placeholder goes where the name starts and
the rest of it is removed from the next cue, whose number and timing stay.

The file is written in the encoding it came in (plain.py), line endings kept; in WebVTT a
placeholder's "&" or "<" is written as a character reference, as the format requires.
"""

from __future__ import annotations

import re
from pathlib import Path

from anonymise.text.documents.plain import decode, encode
from anonymise.text.documents.segments import Pieces, StoryDocument
from manifests.errors import UserError

_TIMING = re.compile(r"^[ \t]*(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?[ \t]*-->[ \t]*(?:\d+:)?\d{1,2}:\d{2}(?:[.,]\d{1,3})?")
_BLANK = re.compile(r"^[ \t]*\r?\n?$")
# Markup inside a cue: a voice tag (its annotation is words), any other tag, an SRT {\an8}.
_VOICE = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+(?P<who>[^>\n]*)>")
_MARKUP = re.compile(r"<v(?:\.[^\s>]*)?[ \t]+[^>\n]*>|<[^>\n]*>|\{\\[^{}\n]*\}")
_VTT_ESCAPES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})


class SubtitleDocument(StoryDocument):
    main_story = "text"

    def __init__(self, text: str, encoding: str, suffix: str, source: Path | None = None) -> None:
        self.text = text
        self.encoding = encoding
        self.suffix = suffix
        self.source = source
        self._pieces = _pieces(text, webvtt=suffix == ".vtt")
        self._stories = [(self.main_story, text)]

    @classmethod
    def from_bytes(cls, data: bytes, path: Path) -> SubtitleDocument:
        text, encoding = decode(data, str(path))
        suffix = path.suffix.lower()
        if suffix == ".vtt" and not text.lstrip("\ufeff").startswith("WEBVTT"):
            raise UserError("the WebVTT file is corrupt (it does not start with WEBVTT)", location=str(path),
                            hint="export the transcript again as WebVTT, or save it as .txt")
        if not any(_TIMING.match(line) for line in text.splitlines()):
            raise UserError("the subtitle file has no cues (no 00:00:01.000 --> 00:00:04.000 timing line)",
                            location=str(path), hint="export the transcript again, or save it as .txt")
        return cls(text, encoding, suffix, path)

    def render(self, edits: dict[str, list[tuple[int, int, str]]]) -> bytes:
        own = edits.get(self.main_story, [])
        if self.suffix == ".vtt":
            own = [(start, end, new.translate(_VTT_ESCAPES)) for start, end, new in own]
        changed = {piece.start: new for piece, new in self._pieces.edit(own)}
        out = [changed.get(piece.start, self.text[piece.start:piece.end]) for piece in self._pieces.pieces]
        return encode("".join(out), self.encoding)


def _pieces(text: str, webvtt: bool) -> Pieces:
    """The file as layout and words, line by line, block by block (blocks end at a blank line)."""
    pieces = Pieces()
    lines = text.splitlines(keepends=True)
    blocks: list[list[str]] = [[]]
    for line in lines:
        if _BLANK.match(line):
            blocks.append([line])        # a blank line is layout; it closes the block before it
            blocks.append([])
        else:
            blocks[-1].append(line)
    first = True
    for block in blocks:
        if not block:
            continue
        if _BLANK.match(block[0]):
            pieces.fixed(block[0])
            continue
        head = block[0].lstrip("\ufeff")
        if webvtt and (first and head.startswith("WEBVTT") or head.startswith(("STYLE", "REGION"))):
            for line in block:
                pieces.fixed(line)
        elif webvtt and re.match(r"NOTE(?:[ \t]|$)", head.rstrip("\r\n")):
            pieces.fixed(block[0][:block[0].index("NOTE") + 4])
            _words(pieces, block[0][block[0].index("NOTE") + 4:], markup=False)
            for line in block[1:]:
                _words(pieces, line, markup=False)
        else:
            timing = next((i for i, line in enumerate(block) if _TIMING.match(line)), None)
            for number, line in enumerate(block):
                if timing is not None and number <= timing:
                    pieces.fixed(line)        # cue identifier or number, and the timing line
                else:
                    _words(pieces, line, markup=True)
        first = False
    return pieces


def _words(pieces: Pieces, line: str, markup: bool) -> None:
    """A line of words: tags are layout, a voice tag's annotation and the rest are words."""
    body = line.rstrip("\r\n")
    ending = line[len(body):]
    cursor = 0
    for tag in (_MARKUP.finditer(body) if markup else ()):
        _handle(pieces, line, cursor, tag.start())
        voice = _VOICE.fullmatch(tag.group(0))
        if voice:
            pieces.fixed(tag.group(0)[:voice.start("who")])
            _handle(pieces, line, tag.start() + voice.start("who"), tag.start() + voice.end("who"))
            pieces.fixed(tag.group(0)[voice.end("who"):])
        else:
            pieces.fixed(tag.group(0))
        cursor = tag.end()
    _handle(pieces, line, cursor, len(body))
    pieces.fixed(ending)


def _handle(pieces: Pieces, line: str, start: int, end: int) -> None:
    if start < end:
        pieces.add(line[start:end], handle="words")
