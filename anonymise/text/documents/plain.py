"""Plain-text transcripts: encoding detection and a byte-faithful round trip.

The text is decoded without newline translation, so CRLF, LF and a mixture
survive exactly, and it is written back in the encoding it came in (with its
byte-order mark, if it had one)."""

from __future__ import annotations

import codecs
from pathlib import Path

import anonymise.text.documents.limits as limits
from anonymise.text.units import SingleTextDocument, UnitResult
from manifests.errors import UserError
from manifests.fileio import write_bytes

MOSTLY_ASCII = 0.03   # at most this share of bytes above 0x7F for Windows-1252 without a vote from charset-normalizer
_CONTROL = set(range(0, 9)) | {11, 12} | set(range(14, 32)) | {127}


def decode(data: bytes, where: str) -> tuple[str, str]:
    """(text, encoding) for UTF-8 (with or without BOM), UTF-16 with a BOM, or Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return _strict(data[len(codecs.BOM_UTF8):], "utf-8", where), "utf-8-sig"
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return _strict(data, "utf-16", where), "utf-16"
    _refuse_binary(data, where)
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    from charset_normalizer import from_bytes

    candidates = [match.encoding for match in from_bytes(data)]
    # English text in Windows-1252 is mostly ASCII: a few curly quotes, dashes, accents and
    # pound signs. Text in another code page decodes to cp1252 too, but as mojibake.
    high = sum(1 for b in data if b >= 0x80)
    if "cp1252" in candidates or high <= max(4, len(data) * MOSTLY_ASCII):
        try:
            return data.decode("cp1252"), "cp1252"
        except UnicodeDecodeError:
            pass
    guess = f" (it looks like {candidates[0]})" if candidates else ""
    raise UserError(f"the text encoding is not UTF-8 or Windows-1252{guess}", location=where,
                    hint="open the file in an editor and save it as UTF-8")


def _strict(data: bytes, encoding: str, where: str) -> str:
    try:
        return data.decode(encoding)
    except UnicodeDecodeError as exc:
        raise UserError(f"the file claims to be {encoding.upper()} but is not valid {encoding.upper()} "
                        f"(byte {exc.start})", location=where, hint="save it again as UTF-8") from exc


def _refuse_binary(data: bytes, where: str) -> None:
    sample = data[:65536]
    controls = sum(1 for b in sample if b in _CONTROL)
    if b"\x00" in sample or controls > max(8, len(sample) // 100):
        raise UserError("the file is binary, not text", location=where,
                        hint="is it a Word or PDF file with a .txt name? save it as plain text or .docx")


def encode(text: str, encoding: str) -> bytes:
    if encoding == "cp1252":
        try:
            return text.encode("cp1252")
        except UnicodeEncodeError:
            # A pseudonym or placeholder outside Windows-1252: UTF-8 with a BOM says so to every reader.
            return codecs.BOM_UTF8 + text.encode("utf-8")
    if encoding == "utf-16":
        return text.encode("utf-16")
    return text.encode(encoding)


class PlainDocument(SingleTextDocument):
    suffix = ".txt"

    def __init__(self, text: str, encoding: str, source: Path | None = None) -> None:
        self.text = text
        self.encoding = encoding
        self.source = source

    @classmethod
    def from_bytes(cls, data: bytes, path: Path) -> "PlainDocument":
        text, encoding = decode(data, str(path))
        if not text.strip():
            raise UserError("the file is empty", location=str(path))
        limits.check(text.count("\n"), len(text))
        return cls(text, encoding, path)

    def write(self, path, results: list[UnitResult]) -> Path:
        text = self.anonymised_text(results)
        return write_bytes(Path(path), encode(text, self.encoding))
