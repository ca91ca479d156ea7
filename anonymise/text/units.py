"""The pieces of text the pass works on, and what it gives back for each.

A unit is whatever a reader hands over as one stretch of text: a whole .txt
transcript, the body or a header of a .docx, one free-text cell of a data file.
Offsets in results are relative to the unit's own text.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class TextUnit:
    uid: str                 # unique in the collection, stable across runs ("transcripts/a.docx::body")
    file: str                # collection-relative file, written into key records
    text: str
    line_offset: int = 0     # lines before this unit in its file, so key records carry file line numbers
    location: str = ""       # human pointer used when there are no lines ("header 1", "notes row 17")
    variable: str | None = None   # data cells: the variable and row, copied into key records
    row: int | None = None


@dataclass
class UnitResult:
    uid: str
    text: str                                       # the anonymised text
    records: list[dict] = field(default_factory=list)   # key records (original -> replacement), private


class SingleTextDocument:
    """A document that is one text and one unit (plain text): what the pipeline
    needs from it besides reading and writing, which differ by format."""

    text: str

    def units(self, label: str) -> list[TextUnit]:
        return [TextUnit(f"{label}::text", label, self.text)]

    def texts(self) -> list[tuple[str, str]]:
        return [("", self.text)]

    def word_count(self) -> int:
        return len(self.text.split())

    def anonymised_text(self, results: list[UnitResult]) -> str:
        return results[0].text if results else self.text
