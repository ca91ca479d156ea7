"""`make bench`: run every benchmark module (tests/bench/bench_*.py) and print its figures.

Benchmarks print measured figures; they are not pass/fail tests, so timing
noise never turns the suite red. Pass area names to run a subset:
`python -m tests.bench.run_all text risk`. The archive-scale benchmark runs only when named
(`make bench-scale`).
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path


SEPARATE = frozenset({"bench_scale"})


def main(argv: list[str]) -> int:
    names = sorted(p.stem for p in Path(__file__).parent.glob("bench_*.py"))
    if argv:
        names = [n for n in names if n.removeprefix("bench_") in argv]
    else:
        # The archive-scale runs (10^7 words on every engine, Dask among them) have their own
        # target, `make bench-scale`, which installs the Dask extra first; here they would take
        # most of an hour and, without Dask, fail on its engine.
        names = [n for n in names if n not in SEPARATE]
    failed = []
    for name in names:
        print(f"\n=== {name} ===", flush=True)
        started = time.perf_counter()
        # Each benchmark in a fresh interpreter: Linux carries a process's peak RSS over into
        # the programs it starts, so a benchmark run after another (bench_data holds ~2 GB)
        # would report the earlier one's memory as its own. One broken benchmark must not
        # hide the others' figures.
        if subprocess.run([sys.executable, "-m", f"tests.bench.{name}"]).returncode != 0:
            failed.append(name)
        print(f"--- {name}: {time.perf_counter() - started:.1f} s", flush=True)
    if failed:
        print(f"\nbenchmarks that did not finish: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
