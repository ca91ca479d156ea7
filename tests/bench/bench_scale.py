"""Benchmark (`make bench-scale`): the text pass and risk at archive scale, per engine.

Text: generated transcripts (the demonstration generator at full scale, seeds 1, 2, ... until
there are enough words) through the whole text pass (detect -> combine -> resolve -> number ->
replace) on the serial engine, 2 worker processes and a Dask LocalCluster of 2 workers; each
run in a fresh process, printing words/s, the seconds of each step, and the driver's peak
memory (VmHWM of the driver alone: the workers are other processes). Then the registry's
cost per million distinct keys, measured on the driver, and risk on generated records with
pandas (in memory) against Dask (partitions).

Sizes: BENCH_SCALE_WORDS (default "1000000,10000000") and BENCH_SCALE_ROWS (default 10000000);
BENCH_SCALE_ENGINES (default all three) chooses engines.
At roughly 3,000 words/s per core the 10^7-word runs take most of an hour each; smaller sizes
give the per-worker rate and the combine cost the README's extrapolation uses.
"""

from __future__ import annotations

import multiprocessing
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

WORDS = [int(float(w)) for w in os.environ.get("BENCH_SCALE_WORDS", "1000000,10000000").split(",") if w]
ROWS = int(float(os.environ.get("BENCH_SCALE_ROWS", "10000000")))
ENGINES = [("serial", 1), ("processes", 2), ("dask", 2)]
# BENCH_SCALE_ENGINES=processes,dask runs a subset (a 10^7-word serial run alone takes 20 minutes).
if os.environ.get("BENCH_SCALE_ENGINES"):
    ENGINES = [e for e in ENGINES if e[0] in os.environ["BENCH_SCALE_ENGINES"].split(",")]
DEMO_WORDS = 1_000_000   # about what one full-scale demonstration collection holds


def _peak_mb() -> float:
    with open("/proc/self/status") as status:
        return int(next(line.split()[1] for line in status if line.startswith("VmHWM:"))) / 1024


def _rss_mb() -> float:
    with open("/proc/self/status") as status:
        return int(next(line.split()[1] for line in status if line.startswith("VmRSS:"))) / 1024


def corpus(folder: Path, words: int) -> list[tuple[str, str]]:
    """(name, text) of generated transcripts adding up to `words` words."""
    from anonymise.text.evaluation import read_lines
    from tests.bench.bench_text import take_sample

    texts: list[tuple[str, str]] = []
    seed = 1
    while sum(len(t.split()) for _, t in texts) < words:
        target = folder / f"seed{seed}"
        subprocess.run([sys.executable, "-m", "deposit", "demo", str(target), "--scale", "full", "--seed", str(seed)],
                       check=True, capture_output=True)
        for path in sorted((target / "transcripts").iterdir()):
            if path.suffix.lower() in (".txt", ".docx"):   # in their own encodings and formats
                texts.append((f"seed{seed}/{path.name}", "\n".join(read_lines(path))))
        seed += 1
    return take_sample(texts, words)


def _text_run(folder: str, words: int, engine: str, workers: int, queue) -> None:
    """In a fresh process: one engine on `words` words; report figures and the driver's peak."""
    from anonymise.text.pipeline import TextAnonymiser
    from anonymise.text.registry import Registry
    from anonymise.text.settings import TextSettings
    from anonymise.text.units import TextUnit
    from manifests.executor import make_executor

    texts = corpus(Path(folder), words)
    units = [TextUnit(uid=name, file=name, text=text) for name, text in texts]
    del texts
    settings = TextSettings()
    executor = make_executor(engine, workers)
    try:
        anonymiser = TextAnonymiser(settings, Registry.from_settings(settings), executor=executor, scratch=folder)
        started = time.perf_counter()
        anonymiser.run(units)
        elapsed = time.perf_counter() - started
    finally:
        executor.close()
    queue.put({"words": anonymiser.last_run["words"], "seconds": elapsed, "steps": anonymiser.last_run["seconds"],
               "partitions": anonymiser.last_run["partitions"], "entities": len(anonymiser.registry.entities()),
               "peak_mb": _peak_mb()})


def text_figures(words: int, engine: str, workers: int) -> dict:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    with tempfile.TemporaryDirectory(prefix="bench-scale-") as folder:
        proc = ctx.Process(target=_text_run, args=(folder, words, engine, workers, queue))
        proc.start()
        figures = queue.get(timeout=6 * 3600)
        proc.join()
    return figures


def _registry_cost(keys: int, queue) -> None:
    """Driver memory of the registry state for `keys` distinct originals: the combined notes'
    first occurrences and the numbered entities (what stays on the driver between the maps)."""
    from collections import Counter

    from anonymise.text.registry import Registry, Sightings

    before = _rss_mb()
    registry = Registry(default_keep=False)
    seen = Sightings()
    kinds = ("PERSON", "TOWN", "SCHOOL", "POSTCODE")
    for i in range(keys):
        key = f"name{i} surname{i % 997}" if i % 4 == 0 else f"original {i}"
        seen.first[key] = (i // 50, i % 50)
        seen.votes[key] = Counter({kinds[i % 4]: 1})
    registry.number(seen)
    queue.put((keys, _rss_mb() - before))


def registry_cost(keys: int = 1_000_000) -> float:
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    proc = ctx.Process(target=_registry_cost, args=(keys, queue))
    proc.start()
    n, mb = queue.get()
    proc.join()
    return mb * 1_000_000 / n


def risk_figures(rows: int) -> None:
    import dask.dataframe as dd

    from anonymise.risk.measures import risk_summary
    from anonymise.risk.scale import risk_summary_partitioned
    from manifests.executor import executing
    from tests.bench.bench_risk import KEYS, generate

    keys = [name for name, _, _ in KEYS]
    data = generate(rows)
    started = time.perf_counter()
    in_memory = risk_summary(data, keys, weight="weight")
    pandas_seconds = time.perf_counter() - started
    with tempfile.TemporaryDirectory(prefix="bench-scale-risk-") as folder:
        parquet = Path(folder) / "survey.parquet"
        data.to_parquet(parquet, row_group_size=1_000_000)
        del data
        with executing("dask", 2):
            frame = dd.read_parquet(str(parquet), split_row_groups=True)
            started = time.perf_counter()
            partitioned = risk_summary_partitioned(frame, keys, weight="weight")
            dask_seconds = time.perf_counter() - started
    same = "identical" if partitioned == in_memory else "DIFFERENT"
    print(f"risk on {rows:,} records, {len(keys)} keys, {in_memory['equivalence_classes']:,} key combinations:")
    print(f"  pandas in memory            {pandas_seconds:7.1f} s")
    print(f"  dask, 2 workers, Parquet    {dask_seconds:7.1f} s   ({frame.npartitions} partitions)")
    print(f"  summaries: {same} (expected re-identifications {in_memory['expected_reidentifications']})")


def main() -> None:
    print(f"{os.cpu_count()} CPU(s); load average {' '.join(f'{x:.1f}' for x in os.getloadavg())}")
    rates = {}
    for words in WORDS:
        for engine, workers in ENGINES:
            f = text_figures(words, engine, workers)
            rates[(words, engine)] = f
            steps = ", ".join(f"{k} {v:.1f} s" for k, v in f["steps"].items())
            print(f"text {words:>12,} words  {engine:<9} ({workers}) {f['words'] / f['seconds']:>8,.0f} words/s  "
                  f"driver peak {f['peak_mb']:>6,.0f} MB  [{f['partitions']} partitions; {steps}; "
                  f"{f['entities']:,} placeholders]", flush=True)
    print(f"registry state on the driver: {registry_cost():,.0f} MB per million distinct keys", flush=True)
    risk_figures(ROWS)


if __name__ == "__main__":
    main()
