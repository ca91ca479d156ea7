"""Transcript files in and out: .txt, .docx, .rtf and .odt.

`read_document(path)` reads and validates a file (raising UserError for an empty,
binary, corrupt or undecodable file, before anything is written) and returns a
Document. `Document.units(label)` gives the text units to anonymise and
`Document.write(path, results)` writes the anonymised file, keeping the layout:
line endings, encoding and byte-order mark for text; paragraphs, runs, styles
and tables for Word. RTF and ODT are written as RTF, the UK Data Service's
preferred format for formatted text (`write` returns the path it wrote).
"""

from __future__ import annotations

from pathlib import Path

from manifests.errors import UserError

SUFFIXES = (".txt", ".docx", ".rtf", ".odt")


def read_document(path):
    """Read one transcript. UserError (exit 2) for anything that cannot be read as text."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix not in SUFFIXES:
        raise UserError(f"unsupported transcript format {suffix or '(none)'}", location=str(path),
                        hint=f"use one of {', '.join(SUFFIXES)}")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UserError(f"cannot read the file: {exc.strerror or exc}", location=str(path)) from exc
    if not data.strip():
        raise UserError("the file is empty", location=str(path), hint="remove it or replace it with the real transcript")
    if suffix == ".txt":
        from anonymise.text.documents.plain import PlainDocument
        return PlainDocument.from_bytes(data, path)
    if suffix == ".docx":
        from anonymise.text.documents.word import WordDocument
        return WordDocument.from_bytes(data, path)
    if suffix == ".rtf":
        from anonymise.text.documents.rich import rtf_document
        return rtf_document(data, path)
    from anonymise.text.documents.rich import odt_document
    return odt_document(data, path)


def output_path(path) -> Path:
    """Where an input of this name is written: same name, except .odt becomes .rtf."""
    path = Path(path)
    return path.with_suffix(".rtf") if path.suffix.lower() == ".odt" else path


def document_text(path) -> list[tuple[str, str]]:
    """The readable text of an output file as (location, text) pieces, for the residual scan."""
    document = read_document(path)
    return document.texts()
