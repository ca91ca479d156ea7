"""Benchmark: `ukds-deposit risk` on a generated 1,000,000-record file with 8 key variables.

Times the measure itself (risk_summary on data in memory) and the whole command as a user
runs it (a fresh process reading a .sav and a .csv file). Target: under 5 s each. Each
figure is the best of REPEATS runs, and the machine's load average is printed with them,
because other work on a shared machine can slow any single run several-fold.
Run alone with `python -m tests.bench.bench_risk [records]`.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np
import pandas as pd

RECORDS = 1_000_000
TARGET_SECONDS = 5.0
REPEATS = 2
# Survey-like keys: (name, number of categories, share of values missing)
KEYS = [("sex", 2, 0.0), ("ageband", 16, 0.0), ("region", 12, 0.0), ("ethnicity", 6, 0.002),
        ("marital", 5, 0.0), ("tenure", 4, 0.001), ("education", 7, 0.0), ("employment", 5, 0.0)]
REPO_ROOT = Path(__file__).resolve().parents[2]


def generate(records: int, seed: int = 20240601) -> pd.DataFrame:
    """Skewed category frequencies (some combinations rare, as in real surveys), a few
    missing values in two keys, and design weights between 50 and 1,500."""
    rng = np.random.default_rng(seed)
    columns = {}
    for name, categories, missing in KEYS:
        shares = rng.dirichlet(np.full(categories, 0.8))
        values = rng.choice(np.arange(1, categories + 1), size=records, p=shares).astype(float)
        values[rng.random(records) < missing] = np.nan
        columns[name] = values
    columns["weight"] = rng.uniform(50, 1500, size=records).round(2)
    return pd.DataFrame(columns)


def timed(action, repeats: int = REPEATS) -> tuple[float, object]:
    """Best wall-clock time over `repeats` runs, and the last run's result."""
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        result = action()
        best = min(best, time.perf_counter() - started)
    return best, result


def command_seconds(path: Path, keys: str) -> tuple[float, float]:
    """(best wall-clock seconds, CPU seconds of that kind of run) for the command in a fresh process."""
    argv = [sys.executable, "-m", "deposit", "risk", str(path), "--keys", keys, "--weight", "weight", "--json"]
    cpu = []

    def run():
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        done = subprocess.run(argv, cwd=REPO_ROOT, capture_output=True, text=True)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        return done

    seconds, done = timed(run)
    if done.returncode != 0:
        raise RuntimeError(f"risk command failed on {path.name}: {done.stderr.strip()}")
    return seconds, min(cpu)


def verdict(seconds: float) -> str:
    return "met" if seconds < TARGET_SECONDS else "MISSED"


def main(records: int = RECORDS) -> None:
    import pyreadstat

    from anonymise.risk.measures import risk_summary

    keys = [name for name, _, _ in KEYS]
    data = generate(records)
    print(f"load average before: {' '.join(f'{x:.1f}' for x in os.getloadavg())} on {os.cpu_count()} CPU(s); "
          f"best of {REPEATS} runs")
    seconds, summary = timed(lambda: risk_summary(data, keys, weight="weight", k=3))
    print(f"records {records:,}, keys {len(keys)}, key combinations {summary['equivalence_classes']:,}, "
          f"records with a missing key {int(data[keys].isna().any(axis=1).sum()):,}")
    print(f"k-anonymity violations {summary['k_violations']}, expected re-identifications "
          f"{summary['expected_reidentifications']:.2f}")
    print(f"measure (risk_summary in memory):  {seconds:6.2f} s   target < {TARGET_SECONDS:.0f} s: {verdict(seconds)}")
    with tempfile.TemporaryDirectory(prefix="bench-risk-") as folder:
        sav, csv = Path(folder) / "survey.sav", Path(folder) / "survey.csv"
        pyreadstat.write_sav(data, str(sav))
        data.to_csv(csv, index=False)
        for path in (sav, csv):
            seconds, cpu = command_seconds(path, ",".join(keys))
            print(f"whole command on {path.suffix} ({path.stat().st_size / 1e6:.0f} MB):  {seconds:6.2f} s   "
                  f"target < {TARGET_SECONDS:.0f} s: {verdict(seconds)}   (CPU time {cpu:.2f} s)")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else RECORDS)
