"""A small RTF writer: headings, paragraphs and simple tables, nothing more.

The UK Data Service asks for documentation in RTF. Word processors read RTF
1.x happily, so we write only the plain subset every reader understands.
The output is pure 7-bit ASCII: anything else becomes an RTF Unicode escape
(`\\uN?`), so the bytes never depend on a code page.

    doc = RtfDocument(title="Data dictionary")
    doc.heading("casefile_survey.sav", 1).paragraph("Cases: 122")
    doc.table([["Name", "Label"], ["sex", "Sex of child"]], header=True)
    text = doc.render()          # str, ASCII only; write it with manifests.fileio.write_text
"""

from __future__ import annotations

from typing import Iterable, Sequence

__all__ = ["RtfDocument", "escape", "escape_runs"]

# Twips (1/1440 inch). A4 with 2 cm margins leaves about 16 cm of text width.
TEXT_WIDTH = 9070
HEADING_SIZES = {1: 32, 2: 28, 3: 24}  # half-points
BODY_SIZE = 22


def escape(text: object) -> str:
    """Turn any text into RTF-safe ASCII.

    Line breaks become `\\line` (a soft break inside the same paragraph), tabs
    `\\tab`. Characters beyond ASCII are written as `\\uN?`, where N is the
    signed 16-bit code unit RTF expects; characters outside the Basic
    Multilingual Plane are written as their UTF-16 surrogate pair, which is how
    Word itself writes them. `?` is the fallback for readers without Unicode.
    """
    if text is None:
        return ""
    out: list[str] = []
    value = str(text).replace("\r\n", "\n").replace("\r", "\n")
    for char in value:
        code = ord(char)
        if char in "\\{}":
            out.append("\\" + char)
        elif char == "\n":
            out.append("\\line ")
        elif char == "\t":
            out.append("\\tab ")
        elif 32 <= code < 127:
            out.append(char)
        elif code < 32 or code == 127:
            continue  # other control characters have no meaning in running text
        else:
            units = char.encode("utf-16-be")
            for i in range(0, len(units), 2):
                unit = int.from_bytes(units[i:i + 2], "big")
                signed = unit - 0x10000 if unit > 0x7FFF else unit
                out.append(f"\\u{signed}?")
    return "".join(out)


def escape_runs(runs: Iterable[tuple[str, bool, bool]]) -> str:
    """(text, bold, italic) runs as RTF, each formatted run in a group of its own so its
    formatting ends with it."""
    out = []
    for text, bold, italic in runs:
        style = ("\\b" if bold else "") + ("\\i" if italic else "")
        out.append(f"{{{style} {escape(text)}}}" if style else escape(text))
    return "".join(out)


def _cell(cell: object) -> str:
    """A table cell: plain text, or a list of (text, bold, italic) runs."""
    return escape_runs(cell) if isinstance(cell, list) else escape(cell)


class RtfDocument:
    """Builds an RTF document block by block; every method returns the document for chaining."""

    def __init__(self, title: str = "", font: str = "Arial", author: str = "") -> None:
        self._title = title
        self._author = author
        self._font = font
        self._blocks: list[str] = []

    def heading(self, text: str, level: int = 1) -> "RtfDocument":
        size = HEADING_SIZES.get(level, HEADING_SIZES[3])
        # \outlinelevel lets Word build a navigation pane / table of contents from our headings.
        self._blocks.append(
            f"\\pard\\plain\\keepn\\sb240\\sa120\\outlinelevel{max(level - 1, 0)}"
            f"\\b\\fs{size} {escape(text)}\\b0\\par"
        )
        return self

    def paragraph(self, text: str = "", bold: bool = False, italic: bool = False) -> "RtfDocument":
        style = ("\\b" if bold else "") + ("\\i" if italic else "")
        self._blocks.append(f"\\pard\\plain\\sa120\\fs{BODY_SIZE}{style} {escape(text)}\\par")
        return self

    def runs(self, runs: Iterable[tuple[str, bool, bool]]) -> "RtfDocument":
        """One paragraph of (text, bold, italic) runs: a transcript turn with its bold speaker label."""
        self._blocks.append(f"\\pard\\plain\\sa120\\fs{BODY_SIZE} {escape_runs(runs)}\\par")
        return self

    def fields(self, pairs: Iterable[tuple[str, object]]) -> "RtfDocument":
        """Label: value lines, the label in bold (a header block such as 'Number of cases: 122')."""
        for label, value in pairs:
            self._blocks.append(
                f"\\pard\\plain\\sa60\\fs{BODY_SIZE}\\b {escape(label)}:\\b0  {escape(value)}\\par"
            )
        return self

    def table(self, rows: Sequence[Sequence[object]], header: bool = True,
              widths: Sequence[int] | None = None) -> "RtfDocument":
        """A grid table. `widths` are relative column weights (default equal). A cell is text or
        a list of (text, bold, italic) runs.

        With `header=True` the first row is bold and repeats at the top of every page."""
        rows = [list(r) for r in rows]
        if not rows:
            return self
        columns = max(len(r) for r in rows)
        weights = list(widths) if widths else [1] * columns
        if len(weights) != columns:
            raise ValueError(f"table has {columns} columns but {len(weights)} widths")
        total = sum(weights)
        edges, running = [], 0
        for weight in weights:
            running += weight
            edges.append(round(TEXT_WIDTH * running / total))
        border = "\\clbrdrt\\brdrs\\brdrw10\\clbrdrl\\brdrs\\brdrw10\\clbrdrb\\brdrs\\brdrw10\\clbrdrr\\brdrs\\brdrw10"
        cells_def = "".join(f"{border}\\cellx{edge}" for edge in edges)
        lines = []
        for index, row in enumerate(rows):
            is_header = header and index == 0
            row_start = "\\trowd\\trgaph100\\trleft0" + ("\\trhdr" if is_header else "") + cells_def
            bold_on, bold_off = ("\\b ", "\\b0") if is_header else ("", "")
            cells = "".join(
                f"\\pard\\plain\\intbl\\fs{BODY_SIZE - 2} {bold_on}{_cell(cell)}{bold_off}\\cell"
                for cell in row + [""] * (columns - len(row))
            )
            lines.append(f"{row_start}\n{cells}\\row")
        # A plain paragraph after the table ends it cleanly in every reader.
        lines.append("\\pard\\plain\\sa120\\par")
        self._blocks.append("\n".join(lines))
        return self

    def page_break(self) -> "RtfDocument":
        self._blocks.append("\\pard\\plain\\page")
        return self

    def render(self) -> str:
        """The whole document as an ASCII string, newline-terminated; same blocks, same text."""
        info = ""
        if self._title or self._author:
            parts = []
            if self._title:
                parts.append(f"{{\\title {escape(self._title)}}}")
            if self._author:
                parts.append(f"{{\\author {escape(self._author)}}}")
            info = "{\\info" + "".join(parts) + "}\n"
        head = (
            "{\\rtf1\\ansi\\ansicpg1252\\deff0\\uc1\n"
            f"{{\\fonttbl{{\\f0\\fswiss\\fcharset0 {escape(self._font)};}}}}\n"
            f"{info}"
            "\\paperw11906\\paperh16838\\margl1134\\margr1134\\margt1134\\margb1134\n"
        )
        return head + "\n".join(self._blocks) + "\n}\n"
