"""How much one transcript may hold: a cap on paragraphs, on characters and on pieces of text.

A .docx of 150 KB can unzip to a million and a half empty paragraphs, and a few lines of RTF
to millions of paragraph marks; reading them took gigabytes and minutes before any check
could say a word. The readers count as they extract (segments.Pieces, plain.py) and stop at
the first limit passed, with one clear error that names the limit (transcript.too_large).
The limits are generous for a real transcript: a three-hour interview is a few thousand
paragraphs and a few hundred thousand characters, a whole book under two million.
"""

from __future__ import annotations

from manifests.errors import UserError

MAX_PARAGRAPHS = 200_000       # paragraphs (lines, subtitle cue lines) in one transcript
MAX_TEXT_CHARS = 20_000_000    # characters of text extracted from one transcript
MAX_PIECES = 2_000_000         # pieces of text (runs of one formatting, cue parts) in one story

LIMITS = {"paragraphs": MAX_PARAGRAPHS, "characters": MAX_TEXT_CHARS, "pieces": MAX_PIECES}


class TooLarge(UserError):
    """A transcript passed one of the limits; read_document names the file and the limit."""

    def __init__(self, what: str) -> None:
        super().__init__(f"more than {LIMITS[what]:,} {what}")
        self.what = what
        self.limit = LIMITS[what]


def check(paragraphs: int, characters: int, pieces: int = 0) -> None:
    """Raise TooLarge for the first limit the counts pass."""
    if paragraphs > MAX_PARAGRAPHS:
        raise TooLarge("paragraphs")
    if characters > MAX_TEXT_CHARS:
        raise TooLarge("characters")
    if pieces > MAX_PIECES:
        raise TooLarge("pieces")
