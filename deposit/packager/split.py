"""Split a bundle that would exceed the size limit into parts, each a complete bag.

Documentation (mrdoc/, the readme and the inventory) goes into every part, so
each part can be understood and verified on its own; the bulk (data,
transcripts, and any document large enough to matter: a twentieth of the
limit or more) is shared out in name order, a new part starting when the next
file would not fit. Sizes are upper bounds (stored size plus zip and bag
overhead), so a part never ends up over the limit.
"""

from __future__ import annotations

from typing import Sequence, TypeVar

from manifests import layout
from manifests.errors import UserError

T = TypeVar("T")
BULK_FOLDERS = (*layout.FORMATS, *layout.FOLDER_SUFFIXES)     # data and transcripts
# Zip local header + central directory entry (~76 bytes + the name twice), a manifest line,
# and deflate's worst case on incompressible text (0.1%), rounded up generously.
ENTRY_OVERHEAD = 512
TAG_FILES_OVERHEAD = 64 * 1024
LARGE_SHARE = 20  # a document of at least 1/20 of the limit is shared out, not repeated


def entry_cost(name: str, size: int) -> int:
    return size + size // 1000 + ENTRY_OVERHEAD + 3 * len(name.encode("utf-8"))


def is_bulk(inner_name: str, size: int, max_bytes: int) -> bool:
    return inner_name.split("/", 1)[0] in BULK_FOLDERS or size >= max_bytes // LARGE_SHARE


def split(files: Sequence[T], max_bytes: int, name=lambda f: f.name, size=lambda f: f.size,
          bulk=None, reserve: int = 0) -> list[list[T]]:
    """Parts (each a list of files) whose estimated zip size stays within `max_bytes`.

    `reserve` is room kept for files added to every part later (readme, inventory)."""
    bulk = bulk or (lambda f: is_bulk(f.inner, size(f), max_bytes))
    shared = [f for f in files if not bulk(f)]
    spread = [f for f in files if bulk(f)]
    fixed = TAG_FILES_OVERHEAD + reserve + sum(entry_cost(name(f), size(f)) for f in shared)
    budget = max_bytes - fixed
    if budget <= 0 and spread:
        raise UserError(f"the documentation alone needs about {fixed} bytes, more than --max-bytes {max_bytes}",
                        hint="raise --max-bytes")
    parts: list[list[T]] = []
    current: list[T] = []
    used = 0
    for item in sorted(spread, key=name):
        cost = entry_cost(name(item), size(item))
        if cost > budget:
            raise UserError(f"{name(item)} ({size(item)} bytes) cannot fit in a bundle of at most {max_bytes} bytes",
                            hint="raise --max-bytes; a single file cannot be split across bags")
        if current and used + cost > budget:
            parts.append(current)
            current, used = [], 0
        current.append(item)
        used += cost
    if current or not parts:
        parts.append(current)
    return [sorted(shared + part, key=name) for part in parts]
