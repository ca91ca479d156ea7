"""The text pass over a whole collection: detect (parallel) -> merge (registry) -> replace.

Detection is the slow part and has no shared state, so it runs on an executor
(manifests/executor.py: this process, worker processes or a Dask cluster) over partitions
of whole files, each worker building its Detector once (partitions.py). Long units are cut
into pieces at paragraph or line breaks so spaCy never sees a huge document. Without an
executor, small inputs are detected in this process and larger ones in `settings.workers`
processes: starting workers and loading a model twice costs more than it saves on little text.

Everything that decides a replacement happens in the registry, from summaries that combine
in any order, so every engine gives the same bytes.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path
from typing import Callable, Sequence

from anonymise.text.detection import Detection
from anonymise.text.partitions import run_partitioned, split_text  # noqa: F401 - split_text is used from here
from anonymise.text.registry import Registry
from anonymise.text.review import by_original, read_decisions, write_review
from anonymise.text.settings import TextSettings
from anonymise.text.units import TextUnit, UnitResult


def build_detector(settings: TextSettings):
    """The shipped detector. A module-level function so worker processes can be handed it."""
    from anonymise.text.detector import Detector

    return Detector(settings)


class TextAnonymiser:
    def __init__(self, settings: TextSettings, registry: Registry, review_dir=None,
                 detector_factory: Callable[[TextSettings], object] | None = None, executor=None,
                 scratch=None) -> None:
        """`executor` runs the partitions (None: chosen by size, see the module doc);
        `scratch` is the folder for the detections of a run (a private one under it, removed
        afterwards; None: the system's temporary folder). On a cluster it must be a folder
        every worker sees, such as one under WORK."""
        self.settings = settings
        self.registry = registry
        self.review_dir = Path(review_dir) if review_dir else None
        self._factory = detector_factory or build_detector
        self._detector = None
        self.executor = executor
        self.scratch = scratch
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
        # one decision per original, whatever type a detector gives it (review.decision_key)
        decisions = by_original(read_decisions(self.review_dir)) if self.review_dir else {}
        executor, own = self._executor(units)
        try:
            with _Progress(progress, None) as bar:
                results, review, figures = run_partitioned(units, self.registry, self.settings, self._factory,
                                                            executor, decisions, self.scratch, bar.update)
        finally:
            if own:
                executor.close()
        if self.review_dir is not None:
            write_review(self.review_dir, review)
        self.last_run = {"units": len(units), "characters": sum(len(u.text) for u in units),
                         "words": sum(len(u.text.split()) for u in units),
                         "detections": figures["detections"], "replaced": sum(len(r.records) for r in results),
                         "workers": executor.workers, "engine": executor.describe(),
                         "partitions": figures["partitions"],
                         "seconds": {**figures["seconds"], "total": round(time.perf_counter() - clock, 3)}}
        return results

    def _executor(self, units):
        """(the executor for this run, whether this run made it and must close it)."""
        from manifests.executor import Executor, ProcessExecutor

        if self.executor is not None:
            return self.executor, False
        workers = max(1, int(self.settings.workers))
        if workers == 1 or sum(len(u.text) for u in units) < self.settings.in_process_chars:
            return Executor(1), True
        return ProcessExecutor(workers), True


class _Progress:
    """A tqdm bar on a terminal, nothing otherwise (logs and pipes stay clean)."""

    def __init__(self, enabled: bool, total: int | None) -> None:
        self._bar = None
        if enabled and sys.stderr.isatty():
            from tqdm import tqdm
            self._bar = tqdm(total=total, unit="partition", desc="detecting", file=sys.stderr, leave=False)

    def __enter__(self) -> "_Progress":
        return self

    def update(self, n: int) -> None:
        if self._bar is not None:
            self._bar.update(n)

    def __exit__(self, *exc) -> None:
        if self._bar is not None:
            self._bar.close()
