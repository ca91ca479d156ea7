"""Zip packages (.docx, .odt) written back reproducibly.

Both formats are zips of XML parts. The anonymised package keeps the original's entry order,
with fixed entry times and attributes, so the same input gives byte-identical output; parts
the writer changed are swapped in, and parts that would show originals (a thumbnail picture
of the first page) are left out.
"""

from __future__ import annotations

import io
import zipfile

ZIP_TIME = (1980, 1, 1, 0, 0, 0)


def rewrite_zip(data: bytes, replace: dict[str, bytes] | None = None, drop: frozenset[str] = frozenset(),
                stored: frozenset[str] = frozenset()) -> bytes:
    """The package `data` with the entries in `replace` swapped in, those in `drop` left out,
    those in `stored` uncompressed (OpenDocument's mimetype must be) and fixed times."""
    replace = replace or {}
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            entry = zipfile.ZipInfo(info.filename, date_time=ZIP_TIME)
            entry.compress_type = zipfile.ZIP_STORED if info.filename in stored else zipfile.ZIP_DEFLATED
            entry.create_system = 3
            entry.external_attr = 0o644 << 16
            body = replace[info.filename] if info.filename in replace else source.read(info.filename)
            target.writestr(entry, body)
    return out.getvalue()
