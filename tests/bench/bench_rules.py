"""Benchmark: each pattern rule's scan time under Python's `re` and under the `regex` module.

The detector compiles a rule with `regex` when anonymise/text/recognisers/engines.txt lists it.
This measures every rule on the text benchmark's sample (the first BENCH_TEXT_SAMPLE_WORDS words
of the demonstration collection, as bench_text uses) under both engines, best of 3 scans each,
and prints the rules where `regex` takes at most FASTER of `re`'s time, with the saving in
total. `--write` puts exactly those rules into engines.txt (its comment header is kept).
The two engines' matches are compared on the sample as they are timed; a rule on which they
differ is reported and never chosen.

Run: `python -m tests.bench.run_all rules`, or `python -m tests.bench.bench_rules --write`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from tests.bench.bench_text import SAMPLE_WORDS, count_words, load_corpus, take_sample

FASTER = 0.8
ROUNDS = 3
ENGINES = Path(__file__).resolve().parents[2] / "anonymise" / "text" / "recognisers" / "engines.txt"


def _scan_time(pattern, pieces: list[str]) -> tuple[float, list[tuple[int, int]]]:
    best, spans = float("inf"), []
    for _ in range(ROUNDS):
        started = time.perf_counter()
        spans = [m.span() for piece in pieces for m in pattern.finditer(piece)]
        best = min(best, time.perf_counter() - started)
    return best, spans


def measure(pieces: list[str]) -> list[tuple[str, float, float, bool]]:
    """(rule key, seconds with re, seconds with regex, same matches) for every pattern rule."""
    from anonymise.text.detector import Detector
    from anonymise.text.recognisers.base import compile_rule

    rows = []
    for rec in Detector().recognisers:
        if not hasattr(rec, "compiled"):
            continue
        for rule, _ in rec.compiled():
            key = f"{rec.NAME}.{rule.name}"
            t_re, re_spans = _scan_time(compile_rule(key, rule.regex, rule.flags, engine="re"), pieces)
            t_rx, rx_spans = _scan_time(compile_rule(key, rule.regex, rule.flags, engine="regex"), pieces)
            rows.append((key, t_re, t_rx, re_spans == rx_spans))
    return rows


def chosen(rows) -> list[str]:
    return sorted({key for key, t_re, t_rx, same in rows if same and t_rx <= FASTER * t_re})


def write(keys: list[str]) -> None:
    header = [line for line in ENGINES.read_text(encoding="utf-8").splitlines() if line.startswith("#")]
    ENGINES.write_text("\n".join(header + keys) + "\n", encoding="utf-8")


def main(argv: list[str]) -> None:
    from anonymise.text.detector import chunk_text
    from anonymise.text.recognisers.base import REGEX_MODULE_RULES

    with tempfile.TemporaryDirectory() as tmp:
        texts, source = load_corpus(Path(tmp) / "collection")
    sample = take_sample(texts, SAMPLE_WORDS)
    pieces = [piece for _, text in sample for _, piece in chunk_text(text)]
    print(f"sample: {source}, {count_words(sample):,} words in {len(pieces)} chunks")
    rows = measure(pieces)
    keys = chosen(rows)
    print(f"{'rule':<45} {'re ms':>8} {'regex ms':>9}  engine")
    for key, t_re, t_rx, same in sorted(rows, key=lambda r: -max(r[1], r[2])):
        note = "" if same else "  MATCHES DIFFER"
        print(f"{key:<45} {t_re * 1000:8.1f} {t_rx * 1000:9.1f}  {'regex' if key in keys else 're'}{note}")
    all_re = sum(r[1] for r in rows)
    listed = sum(min(r[1], r[2]) if r[0] in keys else r[1] for r in rows)
    current = sum(r[2] if r[0] in REGEX_MODULE_RULES else r[1] for r in rows)
    print(f"all rules with re: {all_re:.2f} s; with the engines measured now: {listed:.2f} s "
          f"({listed / all_re:.2f}x); with engines.txt as it is: {current:.2f} s ({current / all_re:.2f}x)")
    stale = sorted(REGEX_MODULE_RULES.symmetric_difference(keys))
    if stale:
        print(f"engines.txt differs from this measurement in {len(stale)} rules: {', '.join(stale)}")
    if "--write" in argv:
        write(keys)
        print(f"wrote {len(keys)} rules to {ENGINES.relative_to(ENGINES.parents[3])}")


if __name__ == "__main__":
    main(sys.argv[1:])
