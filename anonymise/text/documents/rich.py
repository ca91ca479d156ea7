"""RTF and ODT transcripts: read as text, written back as RTF.

The UK Data Service prefers RTF for formatted text, so both come out as RTF: one
paragraph per line of the text, which keeps speaker turns, timestamps and blank
lines. Character formatting of the original is not carried over."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from anonymise.text.units import SingleTextDocument, UnitResult
from manifests.errors import UserError
from manifests.fileio import write_text


class RichTextDocument(SingleTextDocument):
    """Text taken out of an RTF or ODT file; written as RTF."""

    suffix = ".rtf"

    def __init__(self, text: str, source: Path | None = None) -> None:
        self.text = text
        self.source = source

    def write(self, path, results: list[UnitResult]) -> Path:
        from metadata.rtf import RtfDocument

        text = self.anonymised_text(results)
        document = RtfDocument()
        for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n"):
            document.paragraph(line)
        target = Path(path).with_suffix(".rtf")
        return write_text(target, document.render())


def rtf_document(data: bytes, path: Path) -> RichTextDocument:
    from striprtf.striprtf import rtf_to_text

    head = data.lstrip()[:6]
    if not head.startswith(b"{\\rtf"):
        raise UserError("the RTF file is corrupt (it does not start with {\\rtf)", location=str(path),
                        hint="open it in a word processor and save it again as RTF")
    try:
        text = rtf_to_text(data.decode("cp1252", errors="replace"), errors="strict")
    except Exception as exc:  # striprtf has no error type of its own
        raise UserError(f"the RTF file cannot be read: {exc}", location=str(path)) from exc
    return _checked(text.rstrip("\n") + "\n" if text.strip() else "", path)


def odt_document(data: bytes, path: Path) -> RichTextDocument:
    from odf import teletype
    from odf.namespaces import TEXTNS
    from odf.opendocument import load

    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise UserError("the ODT file is corrupt (not a zip package)", location=str(path),
                        hint="open it in LibreOffice and save it again")
    try:
        document = load(io.BytesIO(data))
    except Exception as exc:  # odfpy raises zip, XML and key errors for broken packages
        raise UserError(f"the ODT file is corrupt: {exc}", location=str(path)) from exc
    lines = []
    stack = [document.text]
    while stack:
        node = stack.pop()
        if node.qname in ((TEXTNS, "p"), (TEXTNS, "h")):
            lines.append(teletype.extractText(node))
            continue
        stack.extend(reversed([c for c in node.childNodes if c.nodeType == c.ELEMENT_NODE]))
    return _checked("\n".join(lines) + "\n" if lines else "", path)


def _checked(text: str, path: Path) -> RichTextDocument:
    if not text.strip():
        raise UserError("the file has no text", location=str(path), hint="remove it or replace it with the real transcript")
    return RichTextDocument(text, path)
