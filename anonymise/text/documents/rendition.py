"""A formatted document as the UK Data Service's preferred RTF, keeping what a reader needs.

The packager can carry a Word or OpenDocument transcript as RTF (UKDS-preferred). What makes
a transcript readable is kept: every paragraph (so every speaker turn) is its own RTF
paragraph, bold and italic runs stay bold and italic (speaker labels are often bold),
headings stay headings, and a table (a two-column transcript: speaker | words) becomes an RTF
table with columns as wide as their text needs, so the words column is not squeezed.
Fonts, colours, sizes and page layout are not carried over.

A document gives its content as `blocks()`: `Paragraph`s and `Table`s in reading order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

MIN_COLUMN, MAX_COLUMN = 6, 60    # relative column weights: a label column never vanishes, no column hogs the page
HEADING_LEVELS = 3


@dataclass(frozen=True)
class Run:
    text: str
    bold: bool = False
    italic: bool = False


@dataclass
class Paragraph:
    runs: list[Run] = field(default_factory=list)
    heading: int = 0          # 0: body text; 1-3: heading level

    @property
    def text(self) -> str:
        return "".join(run.text for run in self.runs)


@dataclass
class Table:
    rows: list[list[list[Paragraph]]] = field(default_factory=list)   # rows -> cells -> paragraphs


def merged(runs: list[Run]) -> list[Run]:
    """Neighbouring runs with the same formatting as one (Word splits text into many runs)."""
    out: list[Run] = []
    for run in runs:
        if not run.text:
            continue
        if out and (out[-1].bold, out[-1].italic) == (run.bold, run.italic):
            out[-1] = Run(out[-1].text + run.text, run.bold, run.italic)
        else:
            out.append(run)
    return out


def plain_text(blocks: list) -> str:
    """The text of the blocks, a line per paragraph (table cells one after another), for the
    packager's search for originals."""
    lines = []
    for block in blocks:
        if isinstance(block, Table):
            lines.extend(p.text for row in block.rows for cell in row for p in cell)
        else:
            lines.append(block.text)
    return "\n".join(lines)


def to_rtf(blocks: list, title: str) -> str:
    """The blocks as an RTF document (ASCII, see metadata/rtf.py)."""
    from metadata.rtf import RtfDocument

    document = RtfDocument(title=title)
    for block in blocks:
        if isinstance(block, Table):
            _table(document, block)
        elif block.heading:
            document.heading(block.text, min(block.heading, HEADING_LEVELS))
        else:
            document.runs([(r.text, r.bold, r.italic) for r in merged(block.runs)])
    return document.render()


def _table(document, table: Table) -> None:
    if not table.rows:
        return
    columns = max(len(row) for row in table.rows)
    cells = [[_cell(row[i]) if i < len(row) else [] for i in range(columns)] for row in table.rows]
    widths = []
    for i in range(columns):
        lengths = [sum(len(text) for text, _b, _i in row[i]) for row in cells]
        widths.append(max(MIN_COLUMN, min(MAX_COLUMN, round(sum(lengths) / len(lengths)))))
    # A first row wholly in bold is a header row: it repeats on every page.
    first = [run for cell in cells[0] for run in cell if run[0].strip()]
    header = len(table.rows) > 1 and bool(first) and all(bold for _t, bold, _i in first)
    document.table(cells, header=header, widths=widths)


def _cell(paragraphs: list[Paragraph]) -> list[tuple[str, bool, bool]]:
    """A cell's paragraphs as one run list, a line break between paragraphs."""
    runs: list[tuple[str, bool, bool]] = []
    for number, paragraph in enumerate(paragraphs):
        if number:
            runs.append(("\n", False, False))
        runs.extend((r.text, r.bold, r.italic) for r in merged(paragraph.runs))
    return runs


# What a document's other stories are called in a rendition, by the start of their name.
STORY_TITLES = (("headers", "Page headers and footers"), ("header", "Page header"), ("footer", "Page footer"),
                ("footnotes", "Footnotes"), ("endnotes", "Endnotes"), ("comments", "Comments"))


def rendition(document) -> list:
    """What an RTF rendition of `document` holds: its body as blocks, then each other story
    (headers, footers, notes, comments) under a heading, a paragraph per line, so nothing the
    anonymised file holds is left out of the bundle's copy."""
    blocks = list(document.blocks())
    for unit in document.units(""):
        if not unit.location or not unit.text.strip():
            continue
        title = next((t for prefix, t in STORY_TITLES if unit.location.startswith(prefix)), unit.location)
        blocks.append(Paragraph([Run(title)], heading=HEADING_LEVELS))
        blocks.extend(Paragraph([Run(line)]) for line in unit.text.splitlines() if line.strip())
    return blocks
