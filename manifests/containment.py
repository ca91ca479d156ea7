"""Containment: a run reads only inside its collection and writes only under its own folders.

A manifest is a file a stranger may have written. Each of its paths must name a
file inside the collection folder, checked the way the operating system will
open it: relative, and still inside once every symlink is followed. A path
that fails is refused before anything is read, with the manifest entry named.

The folders a command writes to (work, out) must be apart from the collection:
not the collection, not inside it, and not holding it. Otherwise a stage would
write into the raw inputs the README promises never to touch, or a later run
would read its own output as input.
"""

from __future__ import annotations

import os
from pathlib import Path, PurePosixPath, PureWindowsPath
from typing import Iterator

from manifests.errors import UserError


def manifest_paths(manifest: dict) -> Iterator[tuple[str, str]]:
    """(field, path) for every path the manifest names, in the order a reader meets them."""
    for i, entry in enumerate(manifest.get("files") or []):
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            yield f"files[{i}].path", entry["path"]
    for i, entry in enumerate(manifest.get("copyright_holders") or []):
        if isinstance(entry, dict) and isinstance(entry.get("path"), str):
            yield f"copyright_holders[{i}].path", entry["path"]
    consent = manifest.get("consent") or {}
    for name in ("form", "information_sheet"):
        if isinstance(consent.get(name), str):
            yield f"consent.{name}", consent[name]
    anonymisation = manifest.get("anonymisation") or {}
    for name in (anonymisation.get("data") or {}):
        yield f"anonymisation.data.{name}", str(name)


def path_problem(collection: Path, relative: str) -> str | None:
    """Why `relative` may not be read from `collection`, or None when it may."""
    if not relative.strip():
        return "is empty"
    if any(ord(c) < 32 or c == "\x7f" for c in relative):
        # the operating system cannot open such a name (a NUL ends it early): never a file of ours
        return "holds a control character (a NUL, tab or line break); no file name in a collection does"
    if relative.startswith(("/", "\\")) or PureWindowsPath(relative).drive or os.path.isabs(relative):
        return "is absolute; paths in the manifest are relative to the collection folder"
    parts = PurePosixPath(relative.replace("\\", "/")).parts
    if ".." in parts:
        return "climbs out with '..'; paths in the manifest stay inside the collection folder"
    root = collection.resolve()
    target = (collection / relative).resolve()
    if target != root and not target.is_relative_to(root):
        return "leads outside the collection folder through a symbolic link"
    return None


def collection_file(collection: str | os.PathLike, relative: str, field: str = "files[].path") -> Path:
    """The file a manifest entry names, or UserError (exit 2) naming the entry."""
    collection = Path(collection)
    problem = path_problem(collection, relative)
    if problem:
        raise UserError(f"manifest entry {field} '{relative}' {problem}", location=str(collection / "deposit.yaml"),
                        hint="name a file inside the collection folder; nothing was read")
    return collection / relative


def require_contained(collection: str | os.PathLike, manifest: dict) -> None:
    """Check every manifest path before any is read; one error names them all."""
    collection = Path(collection)
    bad = [(field, path, problem) for field, path in manifest_paths(manifest)
           if (problem := path_problem(collection, path))]
    if bad:
        field, path, problem = bad[0]
        more = f" (and {len(bad) - 1} more: {', '.join(f for f, _p, _q in bad[1:4])})" if len(bad) > 1 else ""
        raise UserError(f"manifest entry {field} '{path}' {problem}{more}", location=str(collection / "deposit.yaml"),
                        hint="name files inside the collection folder; nothing was read")


def _related(a: Path, b: Path) -> str | None:
    if a == b:
        return "is"
    if a.is_relative_to(b):
        return "is inside"
    if b.is_relative_to(a):
        return "holds"
    return None


def require_apart(source: str | os.PathLike, source_name: str = "the collection", **outputs) -> None:
    """Each output folder (--work=..., --out=...) must be apart from `source`: a command
    writes only where it was told, and never into what it reads."""
    root = Path(source).resolve()
    for option, folder in outputs.items():
        if folder is None:
            continue
        relation = _related(Path(folder).resolve(), root)
        if relation:
            flag = "--" + option.replace("_", "-")
            raise UserError(f"{flag} {folder} {relation} {source_name} {source}",
                            hint=f"choose a {flag} folder outside {source_name}; {source_name} is never written to")
