"""Byte-exact writers for the demo's files (the I/O edge of the generator).

Every writer produces the same bytes for the same input: python-docx stamps
core properties and zip entry times, and SPSS files carry a creation date and
time in their header, so all three are fixed here. Files go through
manifests.fileio so an interrupted run never leaves a half-written file.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
import zipfile
from pathlib import Path

import pyreadstat

from manifests.fileio import write_bytes

# Fixed stamp for every generated file: the end of the study's collection period.
STAMP = dt.datetime(2014, 3, 31, 12, 0, 0)
SPEAKER_LABEL_MAX = 24   # "Young person" and "[00:12:31] Interviewer" fit; a sentence with a colon does not


def txt_bytes(lines: list[str], encoding: str = "utf-8", newline: str = "\n") -> bytes:
    return (newline.join(lines) + newline).encode(encoding)


def docx_bytes(lines: list[str], title: str) -> bytes:
    """One paragraph per line; the speaker label in bold as transcribers do. The paragraph text
    (what python-docx's Paragraph.text returns) is exactly the line."""
    from docx import Document  # imported here: python-docx is slow to import and only this needs it

    document = Document()
    props = document.core_properties
    props.author = "ukds-deposit demo generator"
    props.last_modified_by = "ukds-deposit demo generator"
    props.title = title
    props.comments = "Synthetic demonstration data"
    props.created = STAMP
    props.modified = STAMP
    props.last_printed = STAMP
    props.revision = 1
    for index, line in enumerate(lines):
        paragraph = document.add_paragraph(style="Title" if index == 0 else None)
        label, sep, rest = line.partition(": ")
        if sep and index > 0 and len(label) <= SPEAKER_LABEL_MAX and not label.startswith(("Date", "Site", "Transcript")):
            add_run(paragraph, label + sep).bold = True
            if rest:
                add_run(paragraph, rest)
        elif line:
            add_run(paragraph, line)
    buffer = io.BytesIO()
    document.save(buffer)
    return normalise_zip(buffer.getvalue())


def add_run(paragraph, text: str):
    """Paragraph.add_run(text) walks the text a character at a time (for tabs and breaks, which
    transcripts never contain); adding the w:t element directly is many times faster at full scale."""
    run = paragraph.add_run()
    run._r.add_t(text)
    return run


def normalise_zip(data: bytes) -> bytes:
    """Rewrite a zip with sorted entries, one fixed timestamp and fixed permissions."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as target:
        for name in sorted(source.namelist()):
            info = zipfile.ZipInfo(name, date_time=STAMP.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            info.create_system = 3   # ZipInfo picks the host's value; pin it so Windows writes the same bytes
            target.writestr(info, source.read(name), compresslevel=6)
    return out.getvalue()


# The SAV header: record type (4), product (60), layout code, case size, compression, weight
# index (4 each), case count (4), bias (8); then creation date (9) and time (8).
SAV_DATE_OFFSET = 92


def sav_bytes(df, **meta) -> bytes:
    """pyreadstat writes to a path; write to a scratch file, then pin the header's creation stamp."""
    with tempfile.TemporaryDirectory(prefix="ukds-demo-") as tmp:
        scratch = os.path.join(tmp, "file.sav")
        pyreadstat.write_sav(df, scratch, row_compress=True, **meta)
        data = bytearray(Path(scratch).read_bytes())
    # English month abbreviations whatever the locale: SPSS reads this field as "dd Mon yy".
    month = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()[STAMP.month - 1]
    stamp = f"{STAMP:%d} {month} {STAMP:%y}{STAMP:%H:%M:%S}".encode("ascii")
    data[SAV_DATE_OFFSET:SAV_DATE_OFFSET + 17] = stamp
    return bytes(data)


def write_file(path: Path, data: bytes) -> None:
    """Skip the write when the bytes are already there: regenerating a demo leaves timestamps alone."""
    if path.is_file() and path.stat().st_size == len(data) and path.read_bytes() == data:
        return
    write_bytes(path, data)
