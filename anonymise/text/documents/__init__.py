"""Transcript files in and out: .txt, .docx, .rtf, .odt, and subtitles (.vtt, .srt).

`read_document(path)` reads and validates a file (raising UserError for an empty,
binary, corrupt or undecodable file, before anything is written) and returns a
Document. `Document.units(label)` gives the text units to anonymise and
`Document.write(path, results)` writes the anonymised file in the format it came in,
keeping its layout: line endings, encoding and byte-order mark for text; paragraphs,
runs, styles and tables for Word, OpenDocument and RTF (segments.py); cue numbers,
timings and voice tags for subtitles. The packager may carry a Word or OpenDocument
file as RTF instead (`blocks()`, rendition.py).
"""

from __future__ import annotations

from pathlib import Path

from manifests.errors import Problem, UserError

SUFFIXES = (".txt", ".docx", ".rtf", ".odt", ".vtt", ".srt")


def _reader(suffix: str):
    """The document class for a suffix in SUFFIXES, imported only when a file needs it."""
    if suffix == ".txt":
        from anonymise.text.documents.plain import PlainDocument
        return PlainDocument
    if suffix == ".docx":
        from anonymise.text.documents.word import WordDocument
        return WordDocument
    if suffix == ".rtf":
        from anonymise.text.documents.rich import RtfTextDocument
        return RtfTextDocument
    if suffix == ".odt":
        from anonymise.text.documents.odt import OdtDocument
        return OdtDocument
    from anonymise.text.documents.subtitles import SubtitleDocument
    return SubtitleDocument


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
    from anonymise.text.documents.limits import TooLarge

    try:
        return _reader(suffix).from_bytes(data, path)
    except TooLarge as exc:
        raise UserError.from_problem(Problem.of("transcript.too_large", location=str(path), what=exc.what,
                                                limit=exc.limit)) from None


def output_path(path) -> Path:
    """Where an input of this name is written: every format is written back as itself."""
    return Path(path)


def document_text(path) -> list[tuple[str, str]]:
    """The readable text of an output file as (location, text) pieces, for the residual scan."""
    document = read_document(path)
    return document.texts()
