"""The text pass over a whole collection: detect (parallel) -> merge (registry) -> replace.

Detection is the slow part and has no shared state, so it runs in worker
processes (two by default), each building its own Detector once. Long units are
cut into pieces at paragraph or line breaks so both workers stay busy and spaCy
never sees a huge document; pieces travel as plain strings and come back as
plain tuples, never as spaCy objects. Small inputs are detected in this process:
starting workers and loading a model twice costs more than it saves.

Everything that decides a replacement happens afterwards, once, in the registry.
"""

from __future__ import annotations

import gc
import multiprocessing
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Callable, Sequence

from anonymise.text.detection import Detection
from anonymise.text.registry import Registry
from anonymise.text.review import read_decisions, write_review
from anonymise.text.settings import TextSettings
from anonymise.text.units import TextUnit, UnitResult

# How many batches per worker: enough to even out uneven pieces, few enough to keep overhead low.
BATCHES_PER_WORKER = 6


def build_detector(settings: TextSettings):
    """The shipped detector. A module-level function so worker processes can be handed it."""
    from anonymise.text.detector import Detector

    return Detector(settings)


class TextAnonymiser:
    def __init__(self, settings: TextSettings, registry: Registry, review_dir=None,
                 detector_factory: Callable[[TextSettings], object] | None = None) -> None:
        self.settings = settings
        self.registry = registry
        self.review_dir = Path(review_dir) if review_dir else None
        self._factory = detector_factory or build_detector
        self._detector = None
        self._workers_used = 0
        # Figures from the latest run() (counts and seconds per phase), for benchmarks and logs.
        self.last_run: dict = {}

    # ----------------------------------------------------------------- detection
    def detect(self, texts: Sequence[str], high_precision: bool = False) -> list[list[Detection]]:
        """Detections for plain texts, in this process (health checks, the verifier)."""
        if self._detector is None:
            self._detector = self._factory(self.settings)
        if high_precision:
            return self._detector.detect(list(texts), high_precision=True)
        return self._detector.detect(list(texts))

    def _detect_units(self, units: list[TextUnit], progress: bool) -> list[list[Detection]]:
        pieces = []                      # (unit index, offset, text)
        for index, unit in enumerate(units):
            for offset, text in split_text(unit.text, self.settings.chunk_chars):
                pieces.append((index, offset, text))
        total = sum(len(p[2]) for p in pieces)
        workers = max(1, int(self.settings.workers))
        if workers == 1 or total < self.settings.in_process_chars:
            self._workers_used = 1
            found = self._detect_here([p[2] for p in pieces], progress)
        else:
            self._workers_used = workers
            found = self._detect_parallel([p[2] for p in pieces], total, workers, progress)
        out: list[list[Detection]] = [[] for _ in units]
        for (index, offset, _), tuples in zip(pieces, found):
            for start, end, kind, text, score, detector, uncertain, rule, cue in tuples:
                out[index].append(Detection(start + offset, end + offset, kind, text, score, detector, uncertain,
                                            rule, cue))
        return out

    def _detect_here(self, texts: list[str], progress: bool) -> list[list[tuple]]:
        batches = _batches(texts, max(self.settings.chunk_chars * 5, 1))
        results: list[list[tuple]] = []
        with _Progress(progress, len(texts)) as bar:
            for batch in batches:
                results.extend(_as_tuples(self.detect(batch)))
                bar.update(len(batch))
        return results

    def _detect_parallel(self, texts: list[str], total: int, workers: int, progress: bool) -> list[list[tuple]]:
        size = max(self.settings.chunk_chars, total // (workers * BATCHES_PER_WORKER) + 1)
        batches = _batches(texts, size)
        methods = multiprocessing.get_all_start_methods()
        context = multiprocessing.get_context("fork" if "fork" in methods else "spawn")
        results: list[list[tuple]] = []
        # Forked workers start in a fraction of the time spawned ones take (no second import of
        # spaCy and Presidio). Freezing the collector first keeps them from touching, and so
        # copying, the objects they inherit: the caller's documents stay shared memory.
        gc.freeze()
        try:
            with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_init_worker,
                                     initargs=(self._factory, self.settings)) as pool:
                found = pool.map(_detect_batch, batches)      # submits everything: workers exist now
                gc.unfreeze()
                with _Progress(progress, len(texts)) as bar:
                    for batch, result in zip(batches, found):
                        results.extend(result)
                        bar.update(len(batch))
        finally:
            gc.unfreeze()
        return results

    # ----------------------------------------------------------------- the whole pass
    def run(self, units: Sequence[TextUnit], progress: bool = False) -> list[UnitResult]:
        """Anonymise every unit with one collection-wide registry; results in the units' order."""
        units = list(units)
        seen = set()
        for unit in units:
            if unit.uid in seen:
                raise ValueError(f"duplicate text unit id {unit.uid!r}")
            seen.add(unit.uid)
        progress = progress and sys.stderr.isatty()
        clock = time.perf_counter()
        decisions = read_decisions(self.review_dir) if self.review_dir else {}
        found = self._detect_units(units, progress)
        detected = time.perf_counter()
        merged = self.registry.merge(units, found, decisions)
        merged_at = time.perf_counter()
        results = [self.registry.apply(unit, merged.spans[unit.uid]) for unit in units]
        if self.review_dir is not None:
            write_review(self.review_dir, merged.review)
        done = time.perf_counter()
        self.last_run = {"units": len(units), "characters": sum(len(u.text) for u in units),
                         "words": sum(len(u.text.split()) for u in units),
                         "detections": sum(len(f) for f in found), "replaced": sum(len(r.records) for r in results),
                         "workers": self._workers_used,
                         "seconds": {"detect": round(detected - clock, 3), "merge": round(merged_at - detected, 3),
                                     "replace": round(done - merged_at, 3), "total": round(done - clock, 3)}}
        return results


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


def _batches(texts: list[str], size: int) -> list[list[str]]:
    batches, current, length = [], [], 0
    for text in texts:
        if current and length + len(text) > size:
            batches.append(current)
            current, length = [], 0
        current.append(text)
        length += len(text)
    if current:
        batches.append(current)
    return batches


def _as_tuples(found: list[list[Detection]]) -> list[list[tuple]]:
    return [[(d.start, d.end, d.type, d.text, float(d.score), d.detector, bool(d.uncertain), d.rule, d.cue) for d in ds]
            for ds in found]


_WORKER_DETECTOR = None


def _init_worker(factory, settings) -> None:
    global _WORKER_DETECTOR
    _WORKER_DETECTOR = factory(settings)


def _detect_batch(texts: list[str]) -> list[list[tuple]]:
    return _as_tuples(_WORKER_DETECTOR.detect(texts))


class _Progress:
    """A tqdm bar on a terminal, nothing otherwise (logs and pipes stay clean)."""

    def __init__(self, enabled: bool, total: int) -> None:
        self._bar = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm
            self._bar = tqdm(total=total, unit="piece", desc="detecting", file=sys.stderr, leave=False)

    def __enter__(self) -> "_Progress":
        return self

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.close()
