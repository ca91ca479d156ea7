"""Open a downloaded zip without trusting it.

Every entry is inspected before a single byte is written: absolute names,
`..`, backslashes and drive letters, symbolic links, device files, encrypted
entries, duplicate names (also duplicates that only differ by case or Unicode
form, which collide on common file systems), and zip bombs (by compression
ratio and by total size). Only then are the files extracted, into a folder the
caller owns, each target opened exclusively and without following links, with
the byte count capped at the declared size. The checksums the bag's manifests
use are computed while each file is read, so the bag check does not read it
again, and needs no copy on disk of a file nothing else reads.
"""

from __future__ import annotations

import hashlib
import os
import stat
import unicodedata
import zipfile
import zlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from manifests.errors import ProblemReport, UserError
from manifests.fileio import CHUNK


class UnsafeArchive(UserError):
    """The zip must not be extracted (exit 2). Carries every reason found."""

    def __init__(self, message: str, report: ProblemReport, location: str = "", hint: str = "") -> None:
        super().__init__(message, hint=hint, location=location)
        self.report = report


@dataclass(frozen=True)
class Limits:
    """Refuse archives beyond these. The defaults are generous for a deposit (ReShare
    bundles are at most 2 GB each) and far below what a bomb expands to."""

    max_total_bytes: int = 64 * 1024**3
    max_entries: int = 100_000
    max_ratio: float = 200.0
    ratio_floor: int = 1024 * 1024  # small entries may compress extremely well (a file of spaces)


def _mode(info: zipfile.ZipInfo) -> int:
    return info.external_attr >> 16 if info.create_system == 3 else 0


def _unsafe_name(name: str) -> str | None:
    """Why this entry name cannot be extracted safely, or None."""
    if "\x00" in name:
        return "contains a NUL character"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "is an absolute path"
    if "\\" in name:
        return "contains a backslash (a Windows path that could escape the folder)"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "contains '..' (path traversal)"
    if any(part in ("", ".") for part in parts):
        return "has an empty or '.' path component"
    return None


def inspect(archive: zipfile.ZipFile, archive_size: int, limits: Limits, label: str) -> ProblemReport:
    """Every reason not to extract `archive`, as problems (empty when it is safe)."""
    report = ProblemReport()
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        report.add("zip.too_many_entries", f"the archive has {len(infos)} entries (limit {limits.max_entries})", location=label)
        return report
    seen: dict[str, str] = {}
    files: set[str] = set()
    dirs: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if (why := _unsafe_name(name)) is not None:
            report.add("zip.unsafe_path", f"entry {name!r} {why}", location=f"{label}:{name}",
                       hint="a zip from a trusted archive never contains such names; do not extract it by hand")
            continue
        mode = _mode(info)
        kind = stat.S_IFMT(mode)
        if stat.S_ISLNK(mode):
            report.add("zip.symlink", f"entry {name!r} is a symbolic link", location=f"{label}:{name}",
                       hint="links could point anywhere on your disk; a deposit bundle holds plain files only")
            continue
        if kind and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            report.add("zip.special_file", f"entry {name!r} is a device, pipe or socket, not a file", location=f"{label}:{name}")
            continue
        if info.flag_bits & 0x1:
            report.add("zip.encrypted", f"entry {name!r} is encrypted and cannot be checked", location=f"{label}:{name}")
            continue
        folded = unicodedata.normalize("NFC", name.rstrip("/")).casefold()
        if folded in seen:
            same = seen[folded] == name
            report.add("zip.duplicate", f"entry {name!r} appears {'twice' if same else 'twice (names differ only by case or Unicode form)'}",
                       location=f"{label}:{name}", hint="one copy would silently overwrite the other")
            continue
        seen[folded] = name
        if info.is_dir():
            dirs.add(folded)
            continue
        files.add(folded)
        total += info.file_size
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            report.add("zip.bomb", f"entry {name!r} expands {info.file_size / max(info.compress_size, 1):.0f}-fold "
                       f"({info.compress_size} -> {info.file_size} bytes; limit {limits.max_ratio:.0f}x)",
                       location=f"{label}:{name}", hint="this looks like a zip bomb")
    for folded in sorted(files):
        parent = str(PurePosixPath(folded).parent)
        while parent not in (".", ""):
            if parent in files:
                report.add("zip.duplicate", f"{seen[parent]!r} is both a file and a folder", location=f"{label}:{seen[parent]}")
                break
            parent = str(PurePosixPath(parent).parent)
    if total > limits.max_total_bytes:
        report.add("zip.too_large", f"the archive expands to {total} bytes (limit {limits.max_total_bytes})", location=label,
                   hint="raise the limit only for an archive you trust")
    elif total > limits.ratio_floor and total > limits.max_ratio * max(archive_size, 1):
        report.add("zip.bomb", f"the archive expands {total / max(archive_size, 1):.0f}-fold overall", location=label,
                   hint="this looks like a zip bomb")
    return report


def open_archive(path: Path) -> zipfile.ZipFile:
    try:
        return zipfile.ZipFile(path)
    except (zipfile.BadZipFile, zlib.error, EOFError, ValueError, NotImplementedError) as exc:
        raise UserError(f"not a readable zip file ({exc})", location=str(path),
                        hint="the download may be incomplete; download it again") from None
    except OSError as exc:
        raise UserError(f"cannot read the file ({exc.strerror or exc})", location=str(path)) from None


@dataclass
class Extracted:
    """What extraction found: the checksums (algorithm -> hex digest) and size of every file
    entry, written to disk or not, and the entries found damaged while reading (a CRC
    mismatch: a changed byte)."""

    digests: dict[str, dict[str, str]]
    sizes: dict[str, int]
    damaged: ProblemReport


def extract(path: Path, dest: Path, limits: Limits = Limits(), wanted=lambda name: True,
            algorithms: Collection[str] = ("sha256",)) -> Extracted:
    """Check, then extract the zip at `path` into the existing empty folder `dest`.

    Every file entry is read and hashed with every one of `algorithms`; only those
    `wanted(name)` accepts are written (the others' folders are still made, so the tree
    shows them). Damage found while
    reading is a check failure (exit 1), reported in the result. Raises UnsafeArchive
    (exit 2) with every problem when the archive is unsafe; nothing is written then."""
    path, dest = Path(path), Path(dest).resolve()
    with open_archive(path) as archive:
        report = inspect(archive, path.stat().st_size, limits, path.name)
        if not report.ok:
            first = report.errors[0]
            more = f" (and {len(report.errors) - 1} more problems)" if len(report.errors) > 1 else ""
            raise UnsafeArchive(f"unsafe zip: {first.message}{more}", report, location=str(path),
                                hint=first.hint or "do not extract this archive")
        found = Extracted({}, {}, ProblemReport())
        for info in archive.infolist():
            target = dest.joinpath(*info.filename.rstrip("/").split("/"))
            # Checked by name already; the resolved path is the last line of defence.
            if not str(target.resolve()).startswith(str(dest) + os.sep):
                raise UserError(f"entry {info.filename!r} would be written outside the extraction folder", location=str(path))
            if info.is_dir():
                target.mkdir(parents=True, exist_ok=True)
                continue
            target.parent.mkdir(parents=True, exist_ok=True)
            found.sizes[info.filename] = info.file_size
            found.digests[info.filename] = _copy_entry(archive, info, target if wanted(info.filename) else None,
                                                       path, found.damaged, algorithms)
    return found


def _copy_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, target: Path | None, path: Path,
                damaged: ProblemReport, algorithms: Collection[str]) -> dict[str, str]:
    """Read one entry, hashing it, and write it to `target` (exclusively, never through a
    link) unless `target` is None."""
    hashers = {algorithm: hashlib.new(algorithm) for algorithm in algorithms}
    written = 0
    flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
    sink = os.fdopen(os.open(target, flags, 0o600), "wb") if target is not None else open(os.devnull, "wb")
    try:
        with sink as out, archive.open(info) as src:
            while block := src.read(CHUNK):
                written += len(block)
                if written > info.file_size:
                    raise UserError(f"entry {info.filename!r} holds more data than it declares (zip bomb?)", location=str(path))
                for digest in hashers.values():
                    digest.update(block)
                out.write(block)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        # What was read so far stays on disk and is hashed, so the bag check also
        # names the file; the damage itself is reported here.
        damaged.add("zip.damaged", f"{info.filename} is damaged in the zip ({exc})", location=info.filename,
                    hint="a byte changed after packaging or the download is incomplete; download it again")
    return {algorithm: digest.hexdigest() for algorithm, digest in hashers.items()}
