"""The text pass over partitions of files: map -> reduce -> map, on any executor.

The registry's merge (registry.py) depends on the whole collection in only a few ways, and
each is a small summary that combines in any order, so the pass splits along them:

1. scan (map, per partition): detect, turn detections into candidates, write them to disk
   (the partition's spill file under the scratch folder, never held by the cluster) and
   return the partition's `Notes`: confirmed keys and types with their first occurrence,
   kept and decided keys, doubtful keys, the first occurrence of each review item.
2. combine (driver): set unions, minima of first occurrence, counter sums (`Notes.add`),
   then the registry's `plan`: what every unit's resolution needs.
3. resolve (map, the plan broadcast): propagate confirmed originals and settle overlaps per
   unit, write the chosen spans back to the spill file, return `Sightings` (first
   occurrence and type votes of each chosen key).
4. number (driver): placeholders by sorting keys on first occurrence, as a single run does.
5. render (map, the numbered registry broadcast): replace, return each unit's text, key
   records and placeholders; the driver counts them in the units' order and the caller
   writes the files, the key and the report.

A partition is a run of whole files in the collection's order (registry.collection_order),
cut at about `settings.partition_chars` characters: the cut depends on the texts alone,
never on the engine or the number of workers, and inside a partition pieces are detected in
batches of a fixed size. Positions are (unit rank, index), so 'first' is the same whichever
worker finished first, and every engine gives the same bytes.

Each worker process builds its detector (the spaCy model) once and keeps it for every
partition it is given (`_detector`).
"""

from __future__ import annotations

import os
import pickle
import shutil
import tempfile
import time
from pathlib import Path
from typing import Callable

from anonymise.text.detection import Detection
from anonymise.text.registry import Notes, Sightings, collection_order
from anonymise.text.units import TextUnit, UnitResult

BATCH_PIECES_CHARS = 5   # a detection batch holds about this many pieces of `chunk_chars`


def split_text(text: str, size: int) -> list[tuple[int, str]]:
    """Cut `text` into pieces of about `size` characters, at a blank line, else a line break,
    else a sentence end, else a space: places a name is least likely to straddle."""
    if len(text) <= size:
        return [(0, text)] if text else []
    pieces, start, n = [], 0, len(text)
    while start < n:
        if n - start <= size:
            pieces.append((start, text[start:]))
            break
        window_end = start + size
        cut = -1
        for mark in ("\n\n", "\n", ". ", " "):
            at = text.rfind(mark, start + size // 2, window_end)
            if at != -1:
                cut = at + len(mark)
                break
        if cut == -1:
            cut = window_end
        pieces.append((start, text[start:cut]))
        start = cut
    return pieces


def batches(texts: list[str], size: int) -> list[list[str]]:
    """Consecutive texts grouped into batches of about `size` characters."""
    out, current, length = [], [], 0
    for text in texts:
        if current and length + len(text) > size:
            out.append(current)
            current, length = [], 0
        current.append(text)
        length += len(text)
    if current:
        out.append(current)
    return out


def detect_units(detect: Callable[[list[str]], list[list[Detection]]], texts: list[str],
                 chunk_chars: int) -> list[list[Detection]]:
    """Detections for each text, cut into pieces so spaCy never sees a huge document; offsets
    are mapped back to the whole text."""
    pieces = [(index, offset, piece) for index, text in enumerate(texts)
              for offset, piece in split_text(text, chunk_chars)]
    found: list[list[Detection]] = []
    for batch in batches([p[2] for p in pieces], max(chunk_chars * BATCH_PIECES_CHARS, 1)):
        found.extend(detect(batch))
    out: list[list[Detection]] = [[] for _ in texts]
    for (index, offset, _), detections in zip(pieces, found):
        for d in detections:
            out[index].append(Detection(d.start + offset, d.end + offset, d.type, d.text, float(d.score), d.detector,
                                        bool(d.uncertain), d.rule, d.cue))
    return out


def partition(units: list[TextUnit], size: int) -> list[list[tuple[int, int]]]:
    """(rank, index into units) of each partition: whole files in the collection's order, a new
    partition begun once the current one holds `size` characters."""
    parts, current, length, last = [], [], 0, None
    for rank, i in enumerate(collection_order(units)):
        if current and units[i].file != last and length >= size:
            parts.append(current)
            current, length = [], 0
        current.append((rank, i))
        length += len(units[i].text)
        last = units[i].file
    if current:
        parts.append(current)
    return parts


# ---------------------------------------------------------------------------- the worker side
_DETECTOR: tuple[object, object] | None = None   # (what it was built from, the detector): one per process


def _detector(factory, settings):
    """This process's detector, built on first use: loading spaCy once per worker, not per partition."""
    global _DETECTOR
    token = (factory, repr(settings))
    if _DETECTOR is None or _DETECTOR[0] != token:
        _DETECTOR = (token, factory(settings))
    return _DETECTOR[1]


def _spill(folder: str, part: int) -> Path:
    return Path(folder) / f"part-{part:06d}.pickle"


def _write(path: Path, data) -> None:
    # Originals: owner-only, written whole then renamed, so a reader never sees half a file.
    tmp = path.with_suffix(".tmp")
    with open(os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600), "wb") as handle:
        pickle.dump(data, handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(tmp, path)


def _read(path: Path):
    with open(path, "rb") as handle:
        return pickle.load(handle)


def scan_partition(item, shared) -> tuple[Notes, int]:
    """Step 1 for one partition: (its notes, how many detections)."""
    part, ranked = item
    factory, settings, registry, decisions, folder = shared
    detector = _detector(factory, settings)
    found = detect_units(detector.detect, [unit.text for _, unit in ranked], settings.chunk_chars)
    notes, candidates = Notes(), []
    for (rank, unit), detections in zip(ranked, found):
        own, note = registry.scan(rank, unit, detections, decisions)
        notes.add(note)
        candidates.append(own)
    _write(_spill(folder, part), (ranked, candidates))
    return notes, sum(len(f) for f in found)


def resolve_partition(part: int, shared) -> Sightings:
    """Step 3 for one partition: the chosen candidates go back to disk, their sightings to the driver."""
    registry, plan, folder = shared
    ranked, candidates = _read(_spill(folder, part))
    seen, chosen = Sightings(), []
    for (rank, unit), own in zip(ranked, candidates):
        chosen.append(registry.resolve(unit, own, plan))
        seen.note(rank, chosen[-1])
    _write(_spill(folder, part), (ranked, chosen))
    return seen


def render_partition(part: int, shared) -> list[tuple[str, UnitResult, list]]:
    """Step 5 for one partition: (uid, replaced unit, its placeholders) per unit."""
    registry, folder = shared
    ranked, chosen = _read(_spill(folder, part))
    out = []
    for (_, unit), candidates in zip(ranked, chosen):
        result, placed = registry.render(unit, registry.spans(candidates))
        out.append((unit.uid, result, placed))
    _spill(folder, part).unlink()
    return out


# ---------------------------------------------------------------------------- the driver side
def run_partitioned(units: list[TextUnit], registry, settings, factory, executor, decisions: dict,
                    scratch=None, progress=None) -> tuple[list[UnitResult], list, dict]:
    """Anonymise `units` (results in their order), the review items, and figures of the run."""
    parts = partition(units, settings.partition_chars)
    folder = tempfile.mkdtemp(prefix="text-pass-", dir=scratch)   # owner-only
    clock = [time.perf_counter()]
    seconds = {}

    def lap(name: str) -> None:
        now = time.perf_counter()
        seconds[name] = round(now - clock[0], 3)
        clock[0] = now

    try:
        items = [(p, [(rank, units[i]) for rank, i in part]) for p, part in enumerate(parts)]
        notes, detections = Notes(), 0
        for _, (note, count) in executor.map(scan_partition, items, (factory, settings, registry, decisions, folder)):
            notes.add(note)
            detections += count
            if progress is not None:
                progress(1)
        lap("detect")
        plan, review = registry.plan(notes)
        del notes
        seen = Sightings()
        for _, sightings in executor.map(resolve_partition, range(len(parts)), (registry, plan, folder)):
            seen.add(sightings)
        registry.number(seen)
        del seen
        lap("merge")
        rendered: dict[str, tuple] = {}
        for _, part in executor.map(render_partition, range(len(parts)), (registry, folder)):
            for uid, result, placed in part:
                rendered[uid] = (result, placed)
        results = []
        for unit in units:   # counted in the units' order, as a single run does
            result, placed = rendered.pop(unit.uid)
            registry.count(unit.file, result, placed)
            results.append(result)
        items = registry.review_items(review)
        lap("replace")
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return results, items, {"detections": detections, "partitions": len(parts), "seconds": seconds}
