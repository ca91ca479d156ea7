"""Demo generator: time to write the small and full collections, and what they hold."""

from __future__ import annotations

import collections
import tempfile
import time
from pathlib import Path

from deposit.demo.generate import generate
from deposit.demo.gold import data_gold, text_gold


def run(scale: str) -> None:
    with tempfile.TemporaryDirectory(prefix=f"bench-demo-{scale}-") as tmp:
        folder = Path(tmp) / "collection"
        started = time.perf_counter()
        summary = generate(folder, scale=scale, seed=1)
        seconds = time.perf_counter() - started
        size = sum(p.stat().st_size for p in folder.rglob("*") if p.is_file())
        types = collections.Counter(r["type"] for r in text_gold(folder) + data_gold(folder))
    print(f"demo {scale:5s}: {seconds:6.1f} s  {summary.transcripts:4d} transcripts  {summary.words:>9,} words  "
          f"{summary.identifiers:>7,} identifiers  {size / 1e6:6.1f} MB  {summary.words / seconds:>9,.0f} words/s")
    print("             by type: " + ", ".join(f"{t} {n}" for t, n in sorted(types.items())))


def main() -> None:
    for scale in ("small", "full"):
        run(scale)


if __name__ == "__main__":
    main()
