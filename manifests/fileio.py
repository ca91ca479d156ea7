"""File I/O at the edges: atomic writes, owner-only private files, streamed hashing.

Every output goes to a temporary name in the same folder and is renamed into
place, so an interrupted run never leaves a half-written file that a later
stage could take for a finished one (DESIGN.md, invariants).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import tempfile
from pathlib import Path
from typing import IO, Iterator

CHUNK = 1024 * 1024  # 1 MiB: big enough for sha256 speed, small enough for flat memory


@contextlib.contextmanager
def atomic_output(path: str | os.PathLike, mode: str = "wb", private: bool = False,
                  encoding: str | None = None, newline: str | None = None) -> Iterator[IO]:
    """Open a temporary file beside `path`; on success fsync and rename it over `path`.

    On any exception the temporary file is removed and `path` is untouched.
    `private=True` creates the file owner-only (0600) from the start, so a key
    never exists world-readable even for a moment."""
    target = Path(path)
    target.parent.mkdir(parents=True, exist_ok=True)
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
        os.replace(tmp, target)
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
    folder = Path(path)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    return folder
