"""Read the demo's gold annotation back against the files it describes.

Gold format (JSON Lines, one planted identifier per line):
  gold/annotations.jsonl       {file, line, start, end, text, type}
      file: path relative to the collection; line: 1-based; .txt = the decoded text split on
      "\\n" (a trailing "\\r" of CRLF files stays on the line, after every span), .docx = body
      paragraphs in order as python-docx's Document.paragraphs; start/end: str offsets in
      that line, end exclusive; type: one of anonymise.text.detection.ENTITY_TYPES.
  gold/data_annotations.jsonl  {file, variable, row, start, end, text, type}
      row: 0-based row as pyreadstat.read_sav returns it; start/end: offsets in the cell.
Span conventions: titles (Mrs, Mr) and a possessive 's are outside a PERSON span; an initial
("Mr K.") is the letter alone; AGE covers the number and any "-year-old"; an address is
"27 Church Lane" (ADDRESS) followed by separate TOWN and POSTCODE spans.
"""

from __future__ import annotations

from pathlib import Path

from manifests.fileio import read_jsonl

GOLD_TEXT = "gold/annotations.jsonl"
GOLD_DATA = "gold/data_annotations.jsonl"
ENCODINGS = ("utf-8-sig", "cp1252")   # utf-8-sig reads plain UTF-8 too


def read_lines(path: str | Path) -> list[str]:
    """The lines gold offsets refer to."""
    path = Path(path)
    if path.suffix.lower() == ".docx":
        from docx import Document

        return [p.text for p in Document(str(path)).paragraphs]
    data = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            return data.decode(encoding).split("\n")
        except UnicodeDecodeError:
            continue
    raise ValueError(f"{path}: not UTF-8 or cp1252")


def text_gold(collection: str | Path) -> list[dict]:
    return read_jsonl(Path(collection) / GOLD_TEXT)


def data_gold(collection: str | Path) -> list[dict]:
    return read_jsonl(Path(collection) / GOLD_DATA)


def by_file(records: list[dict]) -> dict[str, list[dict]]:
    grouped: dict[str, list[dict]] = {}
    for record in records:
        grouped.setdefault(record["file"], []).append(record)
    return grouped
