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
    """Why this entry name cannot be extracted safely (the variant of zip.unsafe_path that
    says so), or None."""
    if "\x00" in name:
        return "nul"
    if name.startswith("/") or (len(name) > 1 and name[1] == ":"):
        return "absolute"
    if "\\" in name:
        return "backslash"
    parts = name.rstrip("/").split("/")
    if ".." in parts:
        return "traversal"
    if any(part in ("", ".") for part in parts):
        return "empty_part"
    return None


def inspect(archive: zipfile.ZipFile, archive_size: int, limits: Limits, label: str) -> ProblemReport:
    """Every reason not to extract `archive`, as problems (empty when it is safe)."""
    report = ProblemReport()
    infos = archive.infolist()
    if len(infos) > limits.max_entries:
        report.add_problem("zip.too_many_entries", location=label, entries=len(infos), limit=limits.max_entries)
        return report
    seen: dict[str, str] = {}
    files: set[str] = set()
    dirs: set[str] = set()
    total = 0
    for info in infos:
        name = info.filename
        if (why := _unsafe_name(name)) is not None:
            report.add_problem("zip.unsafe_path", variant=why, location=f"{label}:{name}", name=name)
            continue
        mode = _mode(info)
        kind = stat.S_IFMT(mode)
        if stat.S_ISLNK(mode):
            report.add_problem("zip.symlink", location=f"{label}:{name}", name=name)
            continue
        if kind and not (stat.S_ISREG(mode) or stat.S_ISDIR(mode)):
            report.add_problem("zip.special_file", location=f"{label}:{name}", name=name)
            continue
        if info.flag_bits & 0x1:
            report.add_problem("zip.encrypted", location=f"{label}:{name}", name=name)
            continue
        folded = unicodedata.normalize("NFC", name.rstrip("/")).casefold()
        if folded in seen:
            same = seen[folded] == name
            report.add_problem("zip.duplicate", variant=None if same else "folded", location=f"{label}:{name}", name=name)
            continue
        seen[folded] = name
        if info.is_dir():
            dirs.add(folded)
            continue
        files.add(folded)
        total += info.file_size
        if info.file_size > limits.ratio_floor and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            report.add_problem("zip.bomb", location=f"{label}:{name}", name=name,
                               ratio=info.file_size / max(info.compress_size, 1), compressed=info.compress_size,
                               size=info.file_size, limit=limits.max_ratio)
    for folded in sorted(files):
        parent = str(PurePosixPath(folded).parent)
        while parent not in (".", ""):
            if parent in files:
                report.add_problem("zip.duplicate", variant="file_and_folder", location=f"{label}:{seen[parent]}",
                                   name=seen[parent])
                break
            parent = str(PurePosixPath(parent).parent)
    if total > limits.max_total_bytes:
        report.add_problem("zip.too_large", location=label, total=total, limit=limits.max_total_bytes)
    elif total > limits.ratio_floor and total > limits.max_ratio * max(archive_size, 1):
        report.add_problem("zip.bomb", variant="overall", location=label, ratio=total / max(archive_size, 1))
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
        damaged.add_problem("zip.damaged", location=info.filename, name=info.filename, reason=str(exc))
    return {algorithm: digest.hexdigest() for algorithm, digest in hashers.items()}
