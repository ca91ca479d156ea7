"""File I/O at the edges: atomic writes, owner-only private files, streamed hashing.

Every output goes to a temporary name in the same folder and is renamed into
place (`publish`), so an interrupted run never leaves a half-written file that
a later stage could take for a finished one (DESIGN.md, invariants).

Two guards sit on that one rename, so no writer can forget them:

- `confined(*roots)`: while a command runs, a write outside the folders it was
  given (its work and out folders) is refused before a byte is written, whatever
  a manifest or a bug says;
- `transaction()`: a stage's writes are kept reversible until it finishes. A file
  it replaces is first hard-linked aside, a file it removes is moved aside; if
  the stage fails, every new file goes and every old one comes back, so a failed
  stage leaves the previous state, never half of a new one. Links and renames
  need no free space, so this also holds on a full disk.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Iterator

from manifests.errors import UserError

CHUNK = 1024 * 1024  # 1 MiB: big enough for sha256 speed, small enough for flat memory


# ------------------------------------------------------------------ where a command may write
class WriteRefused(UserError):
    """A write outside the folders a command was given: refused before a byte is written."""


_roots: list[list[Path]] = []     # a stack: the innermost confinement holds


@contextlib.contextmanager
def confined(*roots: str | os.PathLike | None) -> Iterator[None]:
    """Refuse writes outside `roots` (and their sub-folders) until the block ends. None
    entries are skipped; with no roots at all nothing may be written. Outside any
    `confined` block (library use, tests) nothing is refused."""
    _roots.append([Path(r).resolve() for r in roots if r is not None])
    try:
        yield
    finally:
        _roots.pop()


def check_writable(path: str | os.PathLike) -> Path:
    """`path` with symlinks followed, or UserError if a confined command may not write there."""
    target = Path(path).resolve()
    if _roots and not any(target == root or target.is_relative_to(root) for root in _roots[-1]):
        raise WriteRefused("refusing to write outside the work and output folders", location=str(path),
                        hint="a path in the manifest or on the command line leads out of the folders this "
                             "command writes to; nothing was written there")
    return target


# ------------------------------------------------------------------ reversible stages
@dataclass
class _Journal:
    replaced: list[tuple[Path, Path | None]] = field(default_factory=list)   # (target, its old self aside)
    folders: list[Path] = field(default_factory=list)                         # folders this stage created

    def aside(self, target: Path) -> Path | None:
        """Keep the current `target` under a sibling name; None if there was none."""
        if not target.exists():
            return None
        backup = target.with_name(f".{target.name}.{os.getpid()}.{len(self.replaced)}.prev")
        try:
            os.link(target, backup)
        except OSError:
            os.replace(target, backup)     # a file system without hard links
        return backup

    def rollback(self) -> None:
        for target, backup in reversed(self.replaced):
            with contextlib.suppress(OSError):
                if backup is None:
                    target.unlink(missing_ok=True)
                else:
                    os.replace(backup, target)
        for folder in sorted(self.folders, key=lambda p: len(p.parts), reverse=True):
            with contextlib.suppress(OSError):
                folder.rmdir()        # only if the stage left it empty

    def commit(self) -> None:
        for _target, backup in self.replaced:
            if backup is not None:
                with contextlib.suppress(OSError):
                    backup.unlink()


_journal: list[_Journal] = []


@contextlib.contextmanager
def transaction(commit_on: tuple[type[BaseException], ...] = ()) -> Iterator[None]:
    """Make every `publish`, `remove` and `ensure_folder` in the block reversible as one.
    An exception of a `commit_on` type still keeps the writes: the command ended on a
    verdict it recorded (a refused package, a failed describe). Anything else (a full disk,
    a bug, Ctrl-C) takes them back."""
    journal = _Journal()
    _journal.append(journal)
    try:
        yield
    except BaseException as exc:
        # A refused write outside the folders is never a finished verdict: take it all back.
        if isinstance(exc, commit_on) and not isinstance(exc, WriteRefused):
            journal.commit()
        else:
            journal.rollback()
        raise
    else:
        journal.commit()
    finally:
        _journal.pop()


def ensure_folder(path: str | os.PathLike, mode: int = 0o777) -> Path:
    """mkdir -p, inside the confinement, remembering what a failed stage must take away."""
    folder = Path(path)
    check_writable(folder)
    missing = []
    probe = folder
    while not probe.exists() and probe != probe.parent:
        missing.append(probe)
        probe = probe.parent
    folder.mkdir(parents=True, exist_ok=True, mode=mode)
    if _journal:
        _journal[-1].folders.extend(missing)
    return folder


def publish(tmp: str | os.PathLike, target: str | os.PathLike) -> Path:
    """Rename a finished temporary file over `target` (same folder, so atomic)."""
    target = Path(target)
    check_writable(target)
    if target.is_dir():
        raise IsADirectoryError(errno.EISDIR, "a folder stands where the output file should go", str(target))
    if _journal:
        _journal[-1].replaced.append((target, _journal[-1].aside(target)))
    os.replace(tmp, target)
    return target


def remove(path: str | os.PathLike) -> None:
    """Delete an output a stage no longer produces (reversibly inside a transaction)."""
    target = Path(path)
    if not target.exists():
        return
    check_writable(target)
    if _journal:
        journal = _journal[-1]
        backup = journal.aside(target)
        if backup is not None and target.exists():
            target.unlink()
        journal.replaced.append((target, backup))
    else:
        target.unlink()


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, mode: str = "wb", private: bool = False,
                  encoding: str | None = None, newline: str | None = None) -> Iterator[IO]:
    """Open a temporary file beside `path`; on success fsync and rename it over `path`.

    On any exception the temporary file is removed and `path` is untouched.
    `private=True` creates the file owner-only (0600) from the start, so a key
    never exists world-readable even for a moment."""
    target = Path(path)
    check_writable(target)
    ensure_folder(target.parent)
    if private:
        os.chmod(target.parent, 0o700) if target.parent.name == "private" else None
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    try:
        os.chmod(tmp, 0o600 if private else 0o644)
        if "b" in mode:
            handle = os.fdopen(fd, mode)
        else:
            handle = os.fdopen(fd, mode, encoding=encoding or "utf-8", newline=newline)
        with handle:
            yield handle
            handle.flush()
            os.fsync(handle.fileno())
        publish(tmp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise


def write_bytes(path: str | os.PathLike, data: bytes, private: bool = False) -> Path:
    with atomic_output(path, "wb", private=private) as handle:
        handle.write(data)
    return Path(path)


def write_text(path: str | os.PathLike, text: str, private: bool = False, encoding: str = "utf-8") -> Path:
    # newline="" keeps the caller's line endings exactly (transcripts may use CRLF).
    with atomic_output(path, "w", private=private, encoding=encoding, newline="") as handle:
        handle.write(text)
    return Path(path)


def dumps_json(data) -> str:
    """Deterministic JSON: sorted keys, two-space indent, UTF-8, trailing newline."""
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def write_json(path: str | os.PathLike, data, private: bool = False) -> Path:
    return write_text(path, dumps_json(data), private=private)


def write_jsonl(path: str | os.PathLike, records, private: bool = False) -> Path:
    lines = "".join(json.dumps(r, sort_keys=True, ensure_ascii=False) + "\n" for r in records)
    return write_text(path, lines, private=private)


def read_json(path: str | os.PathLike):
    with open(path, encoding="utf-8") as handle:
        return json.load(handle)


def read_jsonl(path: str | os.PathLike) -> list:
    with open(path, encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]


def sha256_file(path: str | os.PathLike, chunk: int = CHUNK) -> str:
    """Hash in fixed chunks: memory stays flat whatever the file size."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def copy_hashing(source: str | os.PathLike, out, size: int, digest, purpose: str = "copied") -> None:
    """Copy `source` into the open binary `out`, feeding `digest` on the way, so a file is
    read once for both. Raises OSError if the file is not `size` bytes: it changed since it
    was listed, and the manifest about to be written would not match it."""
    copied = 0
    with open(source, "rb") as src:
        while block := src.read(CHUNK):
            digest.update(block)
            out.write(block)
            copied += len(block)
    if copied != size:
        raise OSError(f"{source} changed size while it was being {purpose}")


def make_private_dir(path: str | os.PathLike) -> Path:
    """Create (or tighten) a folder that only its owner may read."""
    folder = ensure_folder(path)
    os.chmod(folder, 0o700)
    return folder
