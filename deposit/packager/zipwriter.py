"""One deterministic zip: same entries in, same bytes out.

Everything that zip tools usually take from the machine is fixed here: entry
order (the caller writes in sorted order; we refuse anything else), timestamps
(one date for every entry), permissions (0644 files, Unix as the creating
system), no extra fields, no comment. Text is deflated (small, compresses
well); binary and anything large is stored, because deflating gigabytes costs
more time than it saves, and stored entries keep packaging at disk speed.
"""

from __future__ import annotations

import hashlib
import stat
import zipfile
from pathlib import Path, PurePosixPath

from manifests.fileio import atomic_output, copy_hashing

# Formats worth deflating. Everything else (.sav, .pdf, .docx, which are already
# compressed or binary) is stored.
DEFLATE_SUFFIXES = frozenset({".txt", ".tab", ".csv", ".rtf", ".xml", ".htm", ".html", ".json", ".jsonl", ".md", ""})
DEFLATE_MAX = 32 * 1024 * 1024
EPOCH = (1980, 1, 1, 0, 0, 0)
FILE_MODE = stat.S_IFREG | 0o644
UNIX = 3


def compression_for(name: str, size: int) -> int:
    suffix = PurePosixPath(name).suffix.lower()
    if suffix in DEFLATE_SUFFIXES and size <= DEFLATE_MAX:
        return zipfile.ZIP_DEFLATED
    return zipfile.ZIP_STORED


def date_time_from(iso_date: str | None) -> tuple[int, int, int, int, int, int]:
    """Zip timestamp for an ISO date (YYYY, YYYY-MM or YYYY-MM-DD); zips cannot go before 1980."""
    if not iso_date:
        return EPOCH
    parts = [int(p) for p in iso_date.split("-")] + [1, 1]
    year, month, day = parts[0], parts[1], parts[2]
    if year < 1980:
        return EPOCH
    return (min(year, 2107), month, day, 0, 0, 0)


def entry_info(name: str, size: int, date_time) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time)
    info.compress_type = compression_for(name, size)
    info.create_system = UNIX
    info.external_attr = FILE_MODE << 16
    info.extra = b""
    info.comment = b""
    info.file_size = size  # lets zipfile decide up front whether ZIP64 headers are needed
    return info


class _HashingWriter:
    """The zip's output file, hashed as it is written, so the finished zip's sha256 needs no
    second read of gigabytes. It has no seek(): zipfile then writes each entry's sizes and
    CRC in a data descriptor after the data instead of going back to patch the header
    (bit 3 of the entry flags; every zip reader handles it)."""

    def __init__(self, handle) -> None:
        self._handle = handle
        self._position = 0
        self.digest = hashlib.sha256()

    def write(self, data) -> int:
        self.digest.update(data)
        self._position += len(data)
        return self._handle.write(data)

    def tell(self) -> int:
        return self._position

    def flush(self) -> None:
        self._handle.flush()


class DeterministicZip:
    """A `deposit.bagit.Sink` that writes every bag entry under `prefix/` into one zip.

    Written to a temporary name and renamed into place when closed without error."""

    def __init__(self, path: Path, prefix: str, date_time=EPOCH) -> None:
        self.path = Path(path)
        self.prefix = prefix.strip("/")
        self.date_time = date_time
        self._last = ""
        self._output = atomic_output(self.path, "wb")
        self._handle = self._output.__enter__()
        self._hashing = _HashingWriter(self._handle)
        self._zip = zipfile.ZipFile(self._hashing, "w", allowZip64=True)

    @property
    def sha256(self) -> str:
        """The whole zip's sha256; complete once the zip is closed."""
        return self._hashing.digest.hexdigest()

    def _name(self, name: str) -> str:
        full = f"{self.prefix}/{name}" if self.prefix else name
        if full <= self._last:
            raise ValueError(f"zip entries must be added in sorted order: {full!r} after {self._last!r}")
        self._last = full
        return full

    def add_bytes(self, name: str, data: bytes) -> None:
        info = entry_info(self._name(name), len(data), self.date_time)
        with self._zip.open(info, "w") as out:
            out.write(data)

    def add_file(self, name: str, source: Path, size: int, digest) -> None:
        info = entry_info(self._name(name), size, self.date_time)
        with self._zip.open(info, "w") as out:
            copy_hashing(source, out, size, digest, "packaged")

    def __enter__(self) -> "DeterministicZip":
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        # The zip's central directory is written first, then the temporary file is
        # renamed into place (or removed, when something failed).
        try:
            self._zip.close()
        except BaseException as close_error:
            self._output.__exit__(type(close_error), close_error, close_error.__traceback__)
            raise
        self._output.__exit__(exc_type, exc, tb)
