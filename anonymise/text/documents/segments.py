"""What every layout-keeping document format shares: text made of pieces, edits put back in place.

A formatted document hands the text pass one string per story (the body, a header, the
footnotes), assembled from pieces. A piece either comes from one place in the file and can
be rewritten (a Word w:t element, an OpenDocument text slot, a stretch of RTF source, a
subtitle's spoken words) or is layout that stays exactly as it is (a paragraph break, a tab,
a subtitle cue timing, a voice tag). The text the detector reads is the pieces joined, so a
name typed in two differently formatted runs, or split over two subtitle cues, is one name.

An identifier may span several pieces: its replacement goes into the first editable piece it
touches, and the rest of it is removed from the other editable pieces it covers. Every piece
keeps its own formatting and layout pieces are never touched, so a cue timing between the two
halves of a name survives, and so does a bold speaker label before it.

`StoryDocument` is the base of those formats: units, texts and word counts come from the
stories; `write` turns the key records of each story into edits and asks the format to
render the file with them.
"""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import NamedTuple

import anonymise.text.documents.limits as limits
from anonymise.text.units import TextUnit, UnitResult
from manifests.fileio import write_bytes


class Piece(NamedTuple):     # a tuple: a long transcript has hundreds of thousands of pieces
    start: int
    end: int
    handle: object | None     # where the text lives in the file; None for fixed layout


class Pieces:
    """One story's text, built piece by piece, with a map back to where each piece came from."""

    def __init__(self) -> None:
        self.pieces: list[Piece] = []
        self._texts: list[str] = []
        self._length = 0
        self._lines = 0

    def add(self, text: str, handle: object | None = None) -> None:
        """Append `text`; `handle` says where it lives (None: layout, never edited). Stops with
        limits.TooLarge once the story passes a limit on paragraphs, characters or pieces."""
        if not text:
            return
        self.pieces.append(Piece(self._length, self._length + len(text), handle))
        self._texts.append(text)
        self._length += len(text)
        self._lines += text.count("\n")
        if self._lines > limits.MAX_PARAGRAPHS or self._length > limits.MAX_TEXT_CHARS \
                or len(self.pieces) > limits.MAX_PIECES:
            limits.check(self._lines, self._length, len(self.pieces))

    def fixed(self, text: str) -> None:
        self.add(text, None)

    @property
    def text(self) -> str:
        return "".join(self._texts)

    def __len__(self) -> int:
        return self._length

    def edit(self, edits: list[tuple[int, int, str]]) -> list[tuple[Piece, str]]:
        """(piece, its new text) for every editable piece an edit touches. `edits` are
        (start, end, new) in the story's text and do not overlap. An edit that touches no
        editable piece (it lies wholly in layout) changes nothing."""
        editable = [i for i, piece in enumerate(self.pieces) if piece.handle is not None]
        starts = [self.pieces[i].start for i in editable]
        ends = [self.pieces[i].end for i in editable]
        changes: dict[int, list[tuple[int, int, str]]] = {}
        for start, end, new in sorted(edits):
            inserted = False
            j = bisect.bisect_right(ends, start)          # the first editable piece ending after start
            while j < len(editable) and starts[j] < end:
                local_start = max(start, starts[j]) - starts[j]
                local_end = min(end, ends[j]) - starts[j]
                changes.setdefault(editable[j], []).append((local_start, local_end, "" if inserted else new))
                inserted = True
                j += 1
        out = []
        for index in sorted(changes):
            old = self._texts[index]
            parts, cursor = [], 0
            for local_start, local_end, new in sorted(changes[index]):
                parts.append(old[cursor:local_start])
                parts.append(new)
                cursor = local_end
            parts.append(old[cursor:])
            out.append((self.pieces[index], "".join(parts)))
        return out


def record_edits(result: UnitResult) -> list[tuple[int, int, str]]:
    """The replacements of one unit as (start, end, new) in its original text, read from the
    key records (the unit's anonymised text is for formats that are one plain string)."""
    return [(r["start"], r["end"], r["replacement"]) for r in result.records]


class StoryDocument:
    """A document read as named stories of text, written back by editing the file in place.

    A subclass sets `self._stories` ([(name, text)], the main story named `main_story`) and
    `self._hidden` (texts the reader does not see but the residual scan must, such as link
    targets), and implements `render(edits) -> bytes`, where `edits` maps a story name to
    its (start, end, new) edits."""

    suffix = ""
    main_story = "document"
    _stories: list[tuple[str, str]]
    _hidden: tuple[tuple[str, str], ...] = ()

    def units(self, label: str) -> list[TextUnit]:
        return [TextUnit(f"{label}::{name}", label, text, location=self._location(name))
                for name, text in self._stories]

    def texts(self) -> list[tuple[str, str]]:
        """Story texts and what a reader does not see but could still identify someone."""
        return [(self._location(name), text) for name, text in self._stories] + list(self._hidden)

    def word_count(self) -> int:
        return sum(len(text.split()) for _, text in self._stories)

    def write(self, path, results: list[UnitResult]) -> Path:
        edits = {r.uid.rsplit("::", 1)[-1]: record_edits(r) for r in results}
        return write_bytes(Path(path), self.render(edits))

    def render(self, edits: dict[str, list[tuple[int, int, str]]]) -> bytes:
        raise NotImplementedError

    def _location(self, name: str) -> str:
        return "" if name == self.main_story else name
